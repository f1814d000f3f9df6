"""Writes of the API's own records: tokens and webhooks, each in one transaction, audited.

Writes made *through* the API (a decision, a registry import) go through their own apps' services,
with the issuing Board officer as the actor (see `api_actor`)."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.models import User
from thidua.api.models import ApiToken, Scope, WebhookEndpoint, WebhookEvent
from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.lib.text import nfc
from thidua.orgs.models import Province

TOKEN_PREFIX = "thd_"
#: The longest a token may live; the Board issues a new one after that.
MAX_VALIDITY_DAYS = 366


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str  # shown once, never stored


def _require_board(actor: User) -> None:
    if not (actor.is_authenticated and actor.is_board):
        raise DomainError(_("Only a Board officer may manage API access."))


@transaction.atomic
def issue_token(
    *,
    actor: User,
    name: str,
    province: Province,
    scopes: list[str],
    expires_on: dt.date,
) -> IssuedToken:
    """A new token for a named integration; its value is returned once and only hashed here."""
    _require_board(actor)
    name = nfc(name)
    if not name:
        raise DomainError(_("Name the integration that will use this token."), field="name")
    unknown = set(scopes) - set(Scope.values)
    if unknown:
        raise DomainError(_("Unknown write permission: %(s)s.") % {"s": ", ".join(sorted(unknown))})
    today = timezone.localdate()
    if expires_on <= today:
        raise DomainError(_("The expiry date must be after today."), field="expires_on")
    if expires_on > today + dt.timedelta(days=MAX_VALIDITY_DAYS):
        raise DomainError(
            _("A token may be valid for at most %(n)s days; issue a new one after that.")
            % {"n": MAX_VALIDITY_DAYS},
            field="expires_on",
        )
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    expires_at = dt.datetime.combine(
        expires_on, dt.time.max, tzinfo=timezone.get_current_timezone()
    )
    token = ApiToken.objects.create(
        name=name,
        province=province,
        scopes=sorted(set(scopes)),
        prefix=prefix,
        token_hash=hash_token(raw),
        expires_at=expires_at,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="api.token.issue",
        obj=token,
        after={
            "name": name,
            "province": province.code,
            "scopes": token.scopes,
            "expires_at": expires_at,
            "prefix": prefix,
        },
    )
    return IssuedToken(token, raw)


@transaction.atomic
def revoke_token(*, actor: User, token: ApiToken) -> ApiToken:
    _require_board(actor)
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        raise DomainError(_("This token is already revoked."))
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(
        actor=actor,
        action="api.token.revoke",
        obj=locked,
        before={"revoked": False},
        after={"revoked": True},
    )
    return locked


def note_use(token: ApiToken) -> None:
    """When the token was last used, to the minute: bookkeeping for the Board's list, not a
    change of anything the product decides, hence not audited."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def api_actor(token: ApiToken) -> User:
    """The Board officer who issued the token, as the actor of the token's writes: the same
    permission checks as on the web, and an audit label that also names the integration."""
    actor = copy.copy(token.created_by)
    actor.full_name = f"{token.created_by.full_name} (API: {token.name})"[:150]
    return actor


# --- webhooks ----------------------------------------------------------------------------------


def _check_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise DomainError(
            _("A webhook address must start with https:// (payloads are never sent in clear)."),
            field="url",
        )
    return url


@transaction.atomic
def register_webhook(
    *, actor: User, name: str, url: str, province: Province, events: list[str]
) -> WebhookEndpoint:
    _require_board(actor)
    name = nfc(name)
    if not name:
        raise DomainError(_("Name the integration that receives these events."), field="name")
    url = _check_url(url)
    if not events:
        raise DomainError(_("Choose at least one event."), field="events")
    unknown = set(events) - set(WebhookEvent.values)
    if unknown:
        raise DomainError(_("Unknown event: %(s)s.") % {"s": ", ".join(sorted(unknown))})
    endpoint = WebhookEndpoint.objects.create(
        name=name,
        url=url,
        province=province,
        events=sorted(set(events)),
        salt=secrets.token_hex(16),
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="api.webhook.register",
        obj=endpoint,
        after={"name": name, "url": url, "province": province.code, "events": endpoint.events},
    )
    return endpoint


@transaction.atomic
def deactivate_webhook(*, actor: User, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    _require_board(actor)
    locked = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if not locked.is_active:
        raise DomainError(_("This webhook is already switched off."))
    locked.is_active = False
    locked.save(update_fields=["is_active"])
    audit.record(
        actor=actor,
        action="api.webhook.deactivate",
        obj=locked,
        before={"active": True},
        after={"active": False},
    )
    return locked
