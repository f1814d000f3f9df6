"""People: created, edited and deactivated by the Board; nobody is deleted."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from thidua.accounts import services as accounts
from thidua.accounts.models import User
from thidua.core.models import AuditEvent
from thidua.testing import signin


def person_data(cast, **extra):
    return {
        "username": "le_hong_van",
        "full_name": "Lê Hồng Văn",
        "email": "van@example.org",
        "role": "leader",
        "organisation": cast.deputy_org.pk,
        "position": "Chủ tịch",
        "phone": "0252 3822 000",
        **extra,
    }


def test_the_board_creates_a_person_who_sets_their_own_password(
    client, cast, django_capture_on_commit_callbacks
):
    signin(client, cast.board)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("orgs:person_create"), person_data(cast))
    assert response.status_code == 302
    person = User.objects.get(username="le_hong_van")
    assert (person.organisation, person.role) == (cast.deputy_org, "leader")
    assert not person.has_usable_password()
    if hasattr(accounts, "send_set_password_email"):
        assert [m.to for m in mail.outbox] == [["van@example.org"]]


def test_a_unit_person_needs_an_organisation_but_a_board_officer_does_not(client, cast):
    signin(client, cast.board)
    response = client.post(reverse("orgs:person_create"), person_data(cast, organisation=""))
    assert "organisation" in response.context["form"].errors
    assert not User.objects.filter(username="le_hong_van").exists()
    client.post(
        reverse("orgs:person_create"),
        person_data(cast, role="board", organisation=cast.deputy_org.pk),
    )
    officer = User.objects.get(username="le_hong_van")
    assert officer.organisation is None and officer.is_board


def test_a_taken_username_or_e_mail_is_refused_with_a_message(client, cast):
    signin(client, cast.board)
    taken = client.post(reverse("orgs:person_create"), person_data(cast, username="Member_Rep"))
    email = client.post(
        reverse("orgs:person_create"), person_data(cast, email="MEMBER_REP@example.org")
    )
    assert "username" in taken.context["form"].errors
    assert "email" in email.context["form"].errors
    assert User.objects.count() == 5


def test_the_board_edits_and_deactivates_a_person(client, cast):
    signin(client, cast.board)
    url = reverse("orgs:person_edit", args=[cast.member_rep.pk])
    form = client.get(url).context["form"]
    assert form["organisation"].value() == cast.member_org.pk
    client.post(
        url,
        {
            "full_name": "Nguyễn Văn Mù",
            "email": "mu@example.org",
            "role": "representative",
            "organisation": cast.member_org.pk,
        },
    )
    person = User.objects.get(pk=cast.member_rep.pk)
    assert person.full_name == "Nguyễn Văn Mù" and not person.is_active
    signin(client, person)
    assert client.get(reverse("orgs:block_detail", args=[cast.block.pk])).status_code != 200


def test_a_board_officer_cannot_deactivate_themselves(client, cast):
    signin(client, cast.board)
    response = client.post(
        reverse("orgs:person_edit", args=[cast.board.pk]),
        {"full_name": "Board", "email": "", "role": "board"},
    )
    assert "is_active" in response.context["form"].errors
    assert User.objects.get(pk=cast.board.pk).is_active


def test_the_board_removes_the_authenticator_of_someone_who_lost_their_phone(client, cast):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=cast.head_rep, name="phone", confirmed=True)
    signin(client, cast.board)
    page = client.get(reverse("orgs:person_edit", args=[cast.head_rep.pk]))
    assert reverse("orgs:person_reset_two_factor", args=[cast.head_rep.pk]) in page.content.decode()
    response = client.post(reverse("orgs:person_reset_two_factor", args=[cast.head_rep.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=cast.head_rep).exists()
    assert AuditEvent.objects.filter(
        action="auth.two_factor_disable", object_id=str(cast.head_rep.pk)
    ).exists()


def test_removing_an_authenticator_that_does_not_exist_says_so(client, cast):
    signin(client, cast.board)
    response = client.post(
        reverse("orgs:person_reset_two_factor", args=[cast.member_rep.pk]), follow=True
    )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
