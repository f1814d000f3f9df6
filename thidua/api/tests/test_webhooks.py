"""Webhooks: an event followed from the audit log is delivered once, signed, retried after a
failure with a growing delay, and logged for the Board."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from thidua.api import services, webhooks
from thidua.api.models import DeliveryStatus, WebhookDelivery, WebhookEvent
from thidua.api.tests.builders import make_webhook
from thidua.awards import services as awards
from thidua.awards.tests.helpers import flag_proposal, submitted_proposal
from thidua.core.errors import DomainError
from thidua.testing import as_role, make_province


class Receiver:
    """Stands for the integration's server: answers with the given statuses in turn."""

    def __init__(self, *statuses: int | Exception) -> None:
        self.statuses = list(statuses)
        self.calls: list[tuple[str, bytes, dict[str, str]]] = []

    def __call__(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        self.calls.append((url, body, headers))
        answer = self.statuses.pop(0) if self.statuses else 200
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.fixture
def receiver(monkeypatch):
    def install(*statuses):
        fake = Receiver(*statuses)
        monkeypatch.setattr(webhooks, "sender", fake)
        return fake

    return install


def test_a_submitted_dossier_is_delivered_signed_and_once(cast, receiver):
    fake = receiver(200)
    endpoint = make_webhook(cast, events=[WebhookEvent.DOSSIER_SUBMITTED])
    proposal = submitted_proposal(cast)
    created = webhooks.dispatch()
    assert len(created) == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 1
    url, body, headers = fake.calls[0]
    assert url == endpoint.url
    payload = json.loads(body)
    assert payload["event"] == "dossier.submitted"
    assert payload["data"]["dossier_id"] == proposal.pk
    secret = webhooks.secret_for(endpoint)
    expected = hmac.new(
        secret.encode(), headers["X-Thidua-Timestamp"].encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    assert headers["X-Thidua-Signature"] == f"sha256={expected}"
    # Followed again (a second worker, the cron): nothing new, nothing sent twice.
    assert webhooks.dispatch() == []
    assert webhooks.deliver(delivery.pk).attempts == 1
    assert webhooks.deliver_due() == 0
    assert len(fake.calls) == 1


def test_a_failed_delivery_is_retried_later_then_delivered(cast, receiver):
    fake = receiver(503, OSError("connection refused"), 200)
    make_webhook(cast, events=[WebhookEvent.DOSSIER_SUBMITTED])
    submitted_proposal(cast)
    webhooks.dispatch()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_status_code == 503
    assert delivery.next_attempt_at > timezone.now()
    assert webhooks.deliver_due() == 0  # not due yet
    with time_machine.travel(delivery.next_attempt_at + dt.timedelta(seconds=1)):
        webhooks.deliver_due()
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.last_error == "connection refused"
    first_wait = webhooks.backoff(1)
    assert delivery.next_attempt_at - timezone.now() > first_wait  # the delay grows
    with time_machine.travel(delivery.next_attempt_at + dt.timedelta(seconds=1)):
        webhooks.deliver_due()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 3
    assert len(fake.calls) == 3
    assert len({c[2]["X-Thidua-Delivery"] for c in fake.calls}) == 1  # the same event


def test_after_the_last_attempt_the_delivery_is_marked_failed(cast, receiver):
    receiver(*([500] * webhooks.MAX_ATTEMPTS))
    make_webhook(cast, events=[WebhookEvent.DOSSIER_SUBMITTED])
    submitted_proposal(cast)
    webhooks.dispatch()
    delivery = WebhookDelivery.objects.get()
    for _ in range(webhooks.MAX_ATTEMPTS):
        delivery.refresh_from_db()
        if delivery.next_attempt_at is None:
            break
        with time_machine.travel(delivery.next_attempt_at + dt.timedelta(seconds=1)):
            webhooks.deliver_due()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == webhooks.MAX_ATTEMPTS


def test_only_the_events_followed_in_the_endpoints_province_are_sent(cast, receiver):
    fake = receiver()
    make_webhook(cast, events=[WebhookEvent.DOSSIER_RETURNED])
    other = make_province(code="dak-lak", name="Đắk Lắk")
    services.register_webhook(
        actor=cast.board,
        name="Đắk Lắk",
        url="https://dl.example.gov.vn/h",
        province=other,
        events=list(WebhookEvent.values),
    )
    proposal = submitted_proposal(cast)
    awards.return_proposal(actor=cast.board, proposal=proposal, reason="Thiếu biên bản họp.")
    webhooks.dispatch()
    assert [json.loads(c[1])["event"] for c in fake.calls] == ["dossier.returned"]


def test_the_audit_log_triggers_dispatch_on_commit(
    cast, receiver, django_capture_on_commit_callbacks
):
    fake = receiver()
    make_webhook(cast, events=[WebhookEvent.DOSSIER_SUBMITTED])
    proposal = flag_proposal(cast)
    with django_capture_on_commit_callbacks(execute=True):
        awards.submit_proposal(actor=cast.head_rep, proposal=proposal)
    assert len(fake.calls) == 1


def test_a_webhook_needs_an_https_address(cast):
    with pytest.raises(DomainError):
        make_webhook(cast, url="http://eoffice.example.gov.vn/hooks")


def test_the_board_sees_the_delivery_log_and_the_secret_once(client, cast, receiver):
    receiver(503)
    as_role(client, cast, "board")
    response = client.post(
        reverse("api:webhook_create"),
        {
            "name": "Văn phòng điện tử",
            "url": "https://eoffice.example.gov.vn/hooks",
            "province": cast.province.pk,
            "events": [WebhookEvent.DOSSIER_SUBMITTED],
        },
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret in response.content.decode()
    submitted_proposal(cast)
    webhooks.dispatch()
    page = client.get(reverse("api:webhook_list")).content.decode()
    assert "HTTP 503" in page and secret not in page
    endpoint = WebhookDelivery.objects.get().endpoint
    client.post(reverse("api:webhook_deactivate", args=[endpoint.pk]))
    endpoint.refresh_from_db()
    assert not endpoint.is_active
