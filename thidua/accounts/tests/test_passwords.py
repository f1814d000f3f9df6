import re

from axes.models import AccessAttempt
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from thidua.accounts import services
from thidua.accounts.models import Role
from thidua.core.models import AuditEvent
from thidua.testing import PASSWORD, signin

NEW = "a-brand-new-long-password"


def _link(message):
    return re.search(r"https?://testserver(/accounts/password/reset/[^\s]+/)", message.body).group(
        1
    )


def test_a_person_changes_the_password_with_the_current_one(client, cast):
    signin(client, cast.member_rep)
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert 'autocomplete="current-password"' in page and 'autocomplete="new-password"' in page
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    cast.member_rep.refresh_from_db()
    assert cast.member_rep.check_password(NEW)
    assert AuditEvent.objects.filter(
        action="auth.password_change", actor_id=cast.member_rep.pk
    ).exists()
    assert client.get(reverse("accounts:password_change_done")).status_code == 200


def test_a_wrong_current_password_changes_nothing(client, cast):
    signin(client, cast.member_rep)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong-password", "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 200
    cast.member_rep.refresh_from_db()
    assert cast.member_rep.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="auth.password_change").exists()


def test_a_reset_e_mail_is_sent_in_both_languages_and_its_link_sets_a_new_password(client, cast):
    page = client.get(reverse("accounts:password_reset")).content.decode()
    assert 'autocomplete="email"' in page
    response = client.post(reverse("accounts:password_reset"), {"email": "Member_Rep@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["member_rep@example.org"]
    assert "mật khẩu" in message.subject and "password" in message.subject
    assert "Xin chào" in message.body and "Hello" in message.body
    assert "member_rep" in message.body

    form_page = client.get(_link(message), follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    cast.member_rep.refresh_from_db()
    assert cast.member_rep.check_password(NEW)
    event = AuditEvent.objects.get(action="auth.password_reset")
    assert event.actor_id == cast.member_rep.pk and event.after == {"first": False}
    # The link works once.
    assert client.get(_link(message), follow=True).context["validlink"] is False


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(client, cast):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_a_reset_password_lifts_a_lockout(client, cast, django_capture_on_commit_callbacks):
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "member_rep", "password": "x-wrong"})
    assert AccessAttempt.objects.exists()
    client.post(reverse("accounts:password_reset"), {"email": "member_rep@example.org"})
    form_page = client.get(_link(mail.outbox[0]), follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    response = client.post(reverse("accounts:login"), {"username": "member_rep", "password": NEW})
    assert response.status_code == 302


def test_a_new_account_gets_a_link_to_set_its_first_password(
    client, cast, django_capture_on_commit_callbacks
):
    person = services.create_person(
        actor=cast.board,
        username="nguoi_moi",
        full_name="Nguyễn Văn Mới",
        role=Role.REPRESENTATIVE,
        email="moi@example.org",
        organisation=cast.member_org,
    )
    assert not person.has_usable_password()
    request = RequestFactory().post("/registry/people/new/")
    request.user = cast.board
    with django_capture_on_commit_callbacks(execute=True):
        services.send_set_password_email(user=person, request=request)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["moi@example.org"]
    assert "Nguyễn Văn Mới" in message.body and "nguoi_moi" in message.body
    assert AuditEvent.objects.filter(
        action="auth.password_link_send", actor_id=cast.board.pk, object_id=str(person.pk)
    ).exists()

    form_page = client.get(_link(message), follow=True)
    assert form_page.context["validlink"]
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    person.refresh_from_db()
    assert person.check_password(NEW)
    assert AuditEvent.objects.get(action="auth.password_reset").after == {"first": True}
    response = client.post(
        reverse("accounts:login"), {"username": "moi@example.org", "password": NEW}
    )
    assert response.status_code == 302


def test_a_new_account_may_also_ask_for_a_reset_link_itself(client, cast):
    services.create_person(
        actor=cast.board,
        username="nguoi_moi",
        full_name="Nguyễn Văn Mới",
        role=Role.REPRESENTATIVE,
        email="moi@example.org",
        organisation=cast.member_org,
    )
    client.post(reverse("accounts:password_reset"), {"email": "moi@example.org"})
    assert len(mail.outbox) == 1


def test_a_broken_reset_link_says_so_and_offers_a_new_one(client, db):
    client.cookies["django_language"] = "en"
    url = reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "bad"})
    body = client.get(url).content.decode()
    assert "This link no longer works" in body
    assert reverse("accounts:password_reset") in body
