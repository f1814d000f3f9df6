"""Reads for the account pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar, cast
from weakref import WeakKeyDictionary

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts import access
from thidua.accounts.models import User
from thidua.core.models import AuditEvent
from thidua.cycles.models import Cycle, Phase
from thidua.orgs.models import Organisation

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class TwoFactorStatus:
    enabled: bool
    required: bool
    device: TOTPDevice | None
    headed_cycles: list[Cycle]
    reasons: list[str]

    @property
    def can_disable(self) -> bool:
        return self.enabled and not self.required


def two_factor_status(user: User) -> TwoFactorStatus:
    # The device this session was verified with (django_otp's middleware loaded it) is the
    # person's authenticator: setting one up replaces any earlier one (services).
    device = getattr(user, "otp_device", None)
    if not (isinstance(device, TOTPDevice) and device.confirmed and device.user_id == user.pk):
        # Else the newest of the authenticators loaded with the person (backends.get_user).
        loaded = getattr(user, "confirmed_totp_devices", None)
        if loaded is not None:
            device = max(loaded, key=lambda d: d.created_at, default=None)
        else:
            device = (
                TOTPDevice.objects.devices_for_user(user, confirmed=True)
                .order_by("-created_at")
                .first()
            )
    # The person's row says whether there is any such cycle (backends.get_user): most people
    # head none, and their page needs no query for them.
    heads_open_cycle = getattr(user, "heads_open_cycle", True)
    cycles = list(access.headed_cycles(user)) if heads_open_cycle else []
    return TwoFactorStatus(
        enabled=device is not None,
        required=access.two_factor_required(user, cycles),
        device=device,
        headed_cycles=cycles,
        reasons=access.two_factor_reasons(user, cycles),
    )


def previous_sign_in(user: User) -> dt.datetime | None:
    """The sign-in before the current one, from the audit log."""
    times = list(
        AuditEvent.objects.filter(actor_id=user.pk, action="auth.login")
        .order_by("-created_at", "-id")
        .values_list("created_at", flat=True)[:2]
    )
    return times[1] if len(times) > 1 else None


def profile(user: User) -> dict[str, Any]:
    return {
        "person": user,
        "status": two_factor_status(user),
        "previous_sign_in": previous_sign_in(user),
    }


# --- the person of each request -----------------------------------------------------------------

#: One row per confirmed authenticator (one row with none): the person, their organisation, the
#: authenticator, and whether their organisation heads or deputises a cycle that is not closed.
#: Plain SQL built once per database: it runs on every signed-in request, where compiling the
#: ORM's three queries cost more than running them.
_PERSON_SQL = """\
SELECT {person}, {organisation}, {device},
    EXISTS (
        SELECT 1 FROM {cycle_table} c
        WHERE (c.{head} = p.{organisation_id} OR c.{deputy} = p.{organisation_id})
        AND c.{phase} <> %s
    )
FROM {person_table} p
LEFT JOIN {organisation_table} o ON o.{organisation_pk} = p.{organisation_id}
LEFT JOIN {device_table} d ON d.{device_user} = p.{person_pk} AND d.{confirmed} = %s
WHERE p.{person_pk} = %s
ORDER BY d.{device_pk}
"""
_person_sql: dict[str, str] = {}


def signed_in_person(person_id: Any) -> User | None:
    """The person a session names, in one query with what every request asks of them: their
    organisation (every page's header), `confirmed_totp_devices` (the second factor, see
    middleware.OTPMiddleware) and `heads_open_cycle` (the two-factor policy)."""
    connection = connections[router.db_for_read(User)]
    with connection.cursor() as cursor:
        cursor.execute(_sql_for(connection), [Phase.CLOSED.value, True, person_id])
        rows = cursor.fetchall()
    if not rows:
        return None
    person_width = len(User._meta.concrete_fields)
    organisation_width = len(Organisation._meta.concrete_fields)
    device_start = person_width + organisation_width
    person = _instance(User, connection, rows[0][:person_width])
    if person is None:
        return None
    organisation = _instance(Organisation, connection, rows[0][person_width:device_start])
    if organisation is not None:
        person.organisation = organisation
    devices = []
    for row in rows:
        device = _instance(TOTPDevice, connection, row[device_start:-1])
        if device is not None:
            device.user = person
            devices.append(device)
    person.confirmed_totp_devices = devices  # type: ignore[attr-defined]
    person.heads_open_cycle = bool(rows[0][-1])  # type: ignore[attr-defined]
    return person


def _sql_for(connection: BaseDatabaseWrapper) -> str:
    sql = _person_sql.get(connection.vendor)
    if sql is None:
        quote = connection.ops.quote_name

        def columns(model: type[Model], alias: str) -> str:
            return ", ".join(f"{alias}.{quote(f.column)}" for f in model._meta.concrete_fields)

        def column(model: type[Model], name: str) -> str:
            return quote(cast(Field, model._meta.get_field(name)).column)

        sql = _person_sql[connection.vendor] = _PERSON_SQL.format(
            person=columns(User, "p"),
            organisation=columns(Organisation, "o"),
            device=columns(TOTPDevice, "d"),
            cycle_table=quote(Cycle._meta.db_table),
            head=column(Cycle, "head_unit"),
            deputy=column(Cycle, "deputy_unit"),
            phase=column(Cycle, "phase"),
            person_table=quote(User._meta.db_table),
            organisation_table=quote(Organisation._meta.db_table),
            device_table=quote(TOTPDevice._meta.db_table),
            person_pk=quote(User._meta.pk.column),
            organisation_pk=quote(Organisation._meta.pk.column),
            organisation_id=column(User, "organisation"),
            device_user=column(TOTPDevice, "user"),
            confirmed=column(TOTPDevice, "confirmed"),
            device_pk=quote(TOTPDevice._meta.pk.column),
        )
    return sql


def _instance(model: type[M], connection: BaseDatabaseWrapper, values: Any) -> M | None:
    """A model instance from its columns as the ORM would build it (the database's values
    converted the same way); None when a LEFT JOIN found no row."""
    if values[0] is None:
        return None
    converted = []
    for value, (column, converters) in zip(values, _converters(model, connection), strict=True):
        for converter in converters:
            value = converter(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, _attnames(model), converted)


_Converters = list[tuple[Any, list[Any]]]
#: Per connection (its operations are bound to it), per model.
_model_converters: WeakKeyDictionary[BaseDatabaseWrapper, dict[type[Model], _Converters]] = (
    WeakKeyDictionary()
)


def _converters(model: type[Model], connection: BaseDatabaseWrapper) -> _Converters:
    """Each column's converters, as the ORM's compiler finds them (once per model and
    connection: looking them up cost more than applying them)."""
    known = _model_converters.setdefault(connection, {})
    found = known.get(model)
    if found is None:
        found = []
        for field in model._meta.concrete_fields:
            column = field.get_col(model._meta.db_table)
            converters = [
                *connection.ops.get_db_converters(column),
                *column.get_db_converters(connection),
            ]
            found.append((column, converters))
        known[model] = found
    return found


def _attnames(model: type[Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]
