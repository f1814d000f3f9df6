from django.urls import reverse

from thidua.testing import PASSWORD, signin


def test_the_profile_shows_the_person_and_the_security_facts(client, cast):
    client.post(reverse("accounts:login"), {"username": "member_leader", "password": PASSWORD})
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": "member_leader", "password": PASSWORD})
    client.cookies["django_language"] = "en"
    response = client.get(reverse("accounts:profile"))
    body = response.content.decode()
    leader = cast.member_leader
    for text in (
        leader.full_name,
        leader.username,
        leader.email,
        "Unit leader",
        "Hội Người mù tỉnh",
        "Chủ tịch",
        "Last sign-in",
        "Off",
    ):
        assert text in body, text
    assert response.context["previous_sign_in"] is not None
    assert reverse("accounts:two_factor") in body


def test_a_heads_profile_says_two_factor_is_required_and_for_which_cycle(client, cast):
    signin(client, cast.head_rep)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("accounts:profile")).content.decode()
    assert "required for your account" in body
    assert "Khối thi đua 8 — 2025" in body


def test_the_smallest_signed_in_page_keeps_to_its_query_budget(
    client, cast, django_assert_max_num_queries
):
    """My account, signed in past the second factor: the session, the person with their
    organisation and authenticators (one query: the header shows the organisation, the device
    verified the session), the page's own two reads (headed cycles, last sign-in; the
    authenticator is the one that verified them) and the unread badge."""
    from thidua.notifications.services import notify

    head = cast.head_rep
    signin(client, head)
    notify(recipients=[head], kind="test", subject="Một thông báo", email=False)
    client.cookies["django_language"] = "en"
    url = reverse("accounts:profile")
    client.get(url)  # the first request may set the CSRF cookie
    with django_assert_max_num_queries(5) as captured:
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    # The header still shows the organisation, the menu and the unread badge.
    assert (head.organisation.short_name or head.organisation.name) in body
    assert f'href="{reverse("cycles:cycle_list")}"' in body
    assert '1<span class="visually-hidden"> unread' in body
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert sql.count('FROM "orgs_organisation"') == 0  # joined to the person's query


def test_a_member_heading_no_cycle_has_no_cycle_query_on_my_account(
    client, cast, django_assert_max_num_queries
):
    """The person's row already says they head no open cycle: the session, the person, the
    last sign-in and the unread badge."""
    signin(client, cast.member_rep, verified=False)
    url = reverse("accounts:profile")
    client.get(url)
    with django_assert_max_num_queries(4) as captured:
        response = client.get(url)
    assert response.status_code == 200
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert '"cycles_cycle"."id"' not in sql  # the ORM's query of headed cycles
    assert '"otp_totp_totpdevice"."id"' not in sql
