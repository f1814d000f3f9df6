"""Tokens: issued by the Board, stored as a hash only, shown once, revocable, expiring, audited."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from thidua.api import services
from thidua.api.auth import RATE_LIMIT
from thidua.api.models import ApiToken
from thidua.api.tests.builders import bearer, make_token
from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.testing import as_role

PROVINCES = "/api/v1/provinces"


def test_the_database_keeps_only_a_hash_of_the_token(cast):
    issued = make_token(cast)
    row = ApiToken.objects.get(pk=issued.token.pk)
    assert issued.raw not in {row.token_hash, row.prefix, row.name}
    assert row.token_hash == services.hash_token(issued.raw)
    assert issued.raw not in str(AuditEvent.objects.filter(action="api.token.issue").get().after)


def test_a_token_reads_and_a_session_does_not(client, cast):
    issued = make_token(cast)
    assert client.get(PROVINCES, **bearer(issued.raw)).status_code == 200
    as_role(client, cast, "board")
    response = client.get(PROVINCES)
    assert response.status_code == 401
    assert "Authorization" in response.json()["detail"]


def test_a_board_officer_issues_a_token_shown_once(client, cast):
    as_role(client, cast, "board")
    response = client.post(
        reverse("api:token_create"),
        {
            "name": "Văn phòng điện tử",
            "province": cast.province.pk,
            "scopes": ["decisions"],
            "expires_on": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    raw = response.context["issued"].raw
    assert raw in response.content.decode()
    assert raw not in client.get(reverse("api:token_list")).content.decode()
    token = ApiToken.objects.get()
    assert token.scopes == ["decisions"] and token.created_by == cast.board


def test_an_expiry_in_the_past_or_beyond_a_year_is_refused(client, cast):
    as_role(client, cast, "board")
    for days in (0, 400):
        response = client.post(
            reverse("api:token_create"),
            {
                "name": "X",
                "province": cast.province.pk,
                "expires_on": (timezone.localdate() + dt.timedelta(days=days)).isoformat(),
            },
        )
        assert response.status_code == 200
        assert response.context["form"].errors["expires_on"]
    assert not ApiToken.objects.exists()


def test_a_revoked_token_is_refused_and_the_revocation_audited(client, cast):
    issued = make_token(cast)
    as_role(client, cast, "board")
    client.post(reverse("api:token_revoke", args=[issued.token.pk]))
    client.logout()
    response = client.get(PROVINCES, **bearer(issued.raw, HTTP_ACCEPT_LANGUAGE="en"))
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]
    assert AuditEvent.objects.filter(action="api.token.revoke").count() == 1
    with pytest.raises(DomainError):
        services.revoke_token(actor=cast.board, token=issued.token)


def test_an_expired_token_is_refused(client, cast):
    issued = make_token(cast, days=1)
    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        response = client.get(PROVINCES, **bearer(issued.raw, HTTP_ACCEPT_LANGUAGE="en"))
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_token_stops_when_its_issuer_is_no_longer_a_board_officer(client, cast):
    issued = make_token(cast)
    cast.board.is_active = False
    cast.board.save()
    assert client.get(PROVINCES, **bearer(issued.raw)).status_code == 401


def test_messages_are_vietnamese_unless_english_is_asked(client, cast):
    vi = client.get(PROVINCES, HTTP_AUTHORIZATION="Bearer nope").json()["detail"]
    en = client.get(PROVINCES, HTTP_AUTHORIZATION="Bearer nope", HTTP_ACCEPT_LANGUAGE="en").json()[
        "detail"
    ]
    assert en == "This API token is not known. Check that it was copied whole."
    assert vi != en


def test_too_many_calls_with_one_token_are_refused_with_retry_after(client, cast):
    issued = make_token(cast)
    for _ in range(RATE_LIMIT):
        assert client.get(PROVINCES, **bearer(issued.raw)).status_code == 200
    response = client.get(PROVINCES, **bearer(issued.raw))
    assert response.status_code == 429
    assert response["Retry-After"]
    other = make_token(cast)
    assert client.get(PROVINCES, **bearer(other.raw)).status_code == 200


def test_only_the_board_manages_tokens(client, cast):
    issued = make_token(cast)
    as_role(client, cast, "head_rep")
    assert client.post(reverse("api:token_revoke", args=[issued.token.pk])).status_code == 403
    with pytest.raises(DomainError):
        services.issue_token(
            actor=cast.head_rep,
            name="X",
            province=cast.province,
            scopes=[],
            expires_on=timezone.localdate() + dt.timedelta(days=3),
        )
    assert ApiToken.objects.get().revoked_at is None
