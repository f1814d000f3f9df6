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
