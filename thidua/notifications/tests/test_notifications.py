import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from thidua.core.contributions import Hub
from thidua.notifications import reminders, services
from thidua.notifications.models import Notification
from thidua.testing import signin


def test_notify_writes_a_row_per_active_person_and_mails_after_commit(
    cast, django_capture_on_commit_callbacks
):
    cast.outsider.is_active = False
    cast.outsider.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            recipients=[cast.member_rep, cast.member_leader, cast.outsider],
            kind="test",
            subject="Mở góp ý dự thảo",
            body="Hạn chót 30/03",
            url="/cycles/",
        )
    assert Notification.objects.filter(kind="test").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [cast.member_rep.email, cast.member_leader.email]
    )
    assert "/cycles/" in mail.outbox[0].body


def test_a_reminder_with_the_same_key_is_sent_once(cast):
    for _ in range(2):
        services.notify(
            recipients=[cast.member_rep], kind="reminder", subject="Nhắc", dedupe_key="window-1"
        )
    assert Notification.objects.filter(kind="reminder").count() == 1


def test_people_see_only_their_own_notifications_and_mark_them_read(client, cast):
    services.notify(
        recipients=[cast.member_rep], kind="t", subject="Của tôi", url="/cycles/", email=False
    )
    services.notify(recipients=[cast.head_rep], kind="t", subject="Của người khác", email=False)
    signin(client, cast.member_rep)
    body = client.get(reverse("notifications:list")).content.decode()
    assert "Của tôi" in body and "Của người khác" not in body
    mine = Notification.objects.get(recipient=cast.member_rep)
    response = client.post(reverse("notifications:read"), {"id": mine.pk})
    assert response["Location"] == "/cycles/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    other = Notification.objects.get(recipient=cast.head_rep)
    client.post(reverse("notifications:read"), {"id": other.pk})
    other.refresh_from_db()
    assert other.read_at is None


@pytest.mark.django_db
def test_send_reminders_runs_every_provider(monkeypatch):
    providers = Hub[reminders.Provider]("reminders")
    providers.add(fake_provider, key="thidua.notifications.tests.test_notifications.fake_provider")
    monkeypatch.setattr(reminders, "reminder_providers", providers)
    out = __import__("io").StringIO()
    call_command("send_reminders", stdout=out)
    assert "fake_provider: 3" in out.getvalue()


def fake_provider(now):
    return 3


def test_the_apps_with_deadlines_register_their_reminders_in_order():
    assert [key for key, _provider in reminders.reminder_providers.items()] == [
        "thidua.meetings.reminders.due",
        "thidua.drafting.reminders.due",
    ]


def test_a_cached_page_shows_the_badge_without_asking_for_notifications(client, cast):
    """Writing or reading a notification moves its recipient's version, which the person page
    cache's key holds: a page from the cache reads no notification, and still shows a new one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = cast.member_rep
    signin(client, person)
    url = reverse("cycles:cycle_detail", args=[cast.cycle.pk])
    badge = '<span class="badge text-bg-warning">1<'
    client.get(url)
    with CaptureQueriesContext(connection) as warm:
        page = client.get(url)
    assert page["X-Page-Cache"] == "hit"
    assert not any("notifications_notification" in q["sql"] for q in warm.captured_queries)
    services.notify(recipients=[person], kind="test", subject="Nhắc việc", email=False)
    assert badge in client.get(url).content.decode()
    services.mark_read(user=person)
    assert badge not in client.get(url).content.decode()
    # Marking nothing read moves nothing: the page stays in the cache.
    assert services.mark_read(user=person) == 0
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
