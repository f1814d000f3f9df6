"""Writes to the legal bases and document forms: each in one transaction, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.core.types import Actor
from thidua.legal import wording
from thidua.legal.models import (
    CitingDocument,
    DocumentForm,
    Instrument,
    InstrumentKind,
    Scope,
)
from thidua.lib.text import nfc
from thidua.orgs.models import Block, Province

#: The fields of an instrument the Board sets.
FIELDS = (
    "kind",
    "number",
    "issuer",
    "signed_on",
    "title",
    "valid_from",
    "valid_to",
    "scope",
    "province",
    "block",
    "verified",
    "note",
    "cited_in",
    "order",
    "wording",
)
_TEXT = ("number", "issuer", "title", "wording")


def _state(instrument: Instrument) -> dict[str, Any]:
    state = {f: getattr(instrument, f) for f in FIELDS if f not in ("province", "block")}
    state["province"] = instrument.province.name if instrument.province else None
    state["block"] = instrument.block.name if instrument.block else None
    return state


def _check(values: dict[str, Any]) -> dict[str, Any]:
    """The values cleaned and checked against the rules; a DomainError names the field."""
    values = {**dict.fromkeys(FIELDS), **values}
    for field in _TEXT:
        values[field] = nfc(values.get(field) or "")
    values["note"] = (values.get("note") or "").strip()
    if not values["title"]:
        raise DomainError(_("Give the instrument's title (trích yếu)."), field="title")
    kind = values.get("kind")
    if kind not in InstrumentKind.values:
        raise DomainError(_("Choose the kind of instrument."), field="kind")
    if not values["number"] and kind != InstrumentKind.BLOCK_REGULATION:
        raise DomainError(_("Give the number and symbol, e.g. “98/2023/NĐ-CP”."), field="number")
    valid_from, valid_to = values.get("valid_from"), values.get("valid_to")
    if valid_from is None:
        raise DomainError(_("Give the date from which it applies."), field="valid_from")
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(
            _("It cannot end (%(end)s) before it starts (%(start)s).")
            % {"end": f"{valid_to:%d/%m/%Y}", "start": f"{valid_from:%d/%m/%Y}"},
            field="valid_to",
        )
    signed_on = values.get("signed_on")
    if signed_on is not None and signed_on > valid_from:
        raise DomainError(
            _("An instrument applies on or after the day it was signed (%(day)s).")
            % {"day": f"{signed_on:%d/%m/%Y}"},
            field="valid_from",
        )
    scope = values.get("scope")
    province, block = values.get("province"), values.get("block")
    if scope == Scope.NATIONAL:
        values["province"] = values["block"] = None
    elif scope == Scope.PROVINCE:
        if not isinstance(province, Province):
            raise DomainError(_("Choose the province it applies to."), field="province")
        values["block"] = None
    elif scope == Scope.BLOCK:
        if not isinstance(block, Block):
            raise DomainError(_("Choose the block it applies to."), field="block")
        values["province"] = None
    else:
        raise DomainError(_("Choose where it applies."), field="scope")
    cited = list(values.get("cited_in") or [])
    unknown = [c for c in cited if c not in CitingDocument.values]
    if unknown:
        raise DomainError(_("Choose documents from the list."), field="cited_in")
    values["cited_in"] = [c for c in CitingDocument.values if c in cited]
    values["order"] = int(values.get("order") or 0)
    values["verified"] = bool(values.get("verified"))
    return values


@transaction.atomic
def create_instrument(*, actor: Actor, values: dict[str, Any]) -> Instrument:
    cleaned = _check(values)
    instrument = Instrument.objects.create(**{f: cleaned[f] for f in FIELDS})
    audit.record(
        actor=actor, action="legal.instrument.create", obj=instrument, after=_state(instrument)
    )
    return instrument


@transaction.atomic
def update_instrument(
    *, actor: Actor, instrument: Instrument, values: dict[str, Any]
) -> Instrument:
    locked = Instrument.objects.select_for_update().get(pk=instrument.pk)
    before = _state(locked)
    cleaned = _check({**before, "province": locked.province, "block": locked.block, **values})
    for field in FIELDS:
        setattr(locked, field, cleaned[field])
    locked.save()
    after = _state(locked)
    changed = [f for f in after if after[f] != before[f]]
    audit.record(
        actor=actor,
        action="legal.instrument.update",
        obj=locked,
        before={f: before[f] for f in changed},
        after={f: after[f] for f in changed},
    )
    return locked


@transaction.atomic
def end_instrument(
    *, actor: Actor, instrument: Instrument, valid_to: dt.date, reason: str
) -> Instrument:
    """The instrument stops applying after `valid_to` (repealed, replaced): documents dated later
    no longer cite it. Nothing is deleted."""
    locked = Instrument.objects.select_for_update().get(pk=instrument.pk)
    reason = reason.strip()
    if not reason:
        raise DomainError(
            _("Say why it ends, e.g. the instrument that repeals or replaces it."), field="reason"
        )
    if valid_to < locked.valid_from:
        raise DomainError(
            _("It cannot end before it starts (%(start)s).")
            % {"start": f"{locked.valid_from:%d/%m/%Y}"},
            field="valid_to",
        )
    before = locked.valid_to
    locked.valid_to = valid_to
    locked.note = f"{locked.note}\n{reason}".strip() if reason not in locked.note else locked.note
    locked.save(update_fields=["valid_to", "note"])
    audit.record(
        actor=actor,
        action="legal.instrument.end",
        obj=locked,
        before={"valid_to": before},
        after={"valid_to": valid_to, "reason": reason},
    )
    return locked


@transaction.atomic
def update_form(
    *,
    actor: Actor,
    form: DocumentForm,
    reference: str,
    texts: dict[str, str],
    verified: bool,
    note: str = "",
) -> DocumentForm:
    """Correct a form's number and wording. Placeholders must be ones documents can fill."""
    locked = DocumentForm.objects.select_for_update().get(pk=form.pk)
    reference = nfc(reference)
    if not reference:
        raise DomainError(_("Give the form's number, e.g. “Mẫu số 01”."), field="reference")
    keys = [key for key, _label in wording.KEYS[locked.kind]]
    cleaned = {key: nfc(texts.get(key, "")) for key in keys}
    for key, text in cleaned.items():
        unknown = wording.unknown_placeholders(text)
        if unknown:
            raise DomainError(
                _("“{%(name)s}” is not a placeholder documents can fill: use %(known)s.")
                % {
                    "name": unknown[0],
                    "known": ", ".join(f"{{{p}}}" for p in wording.PLACEHOLDERS),
                },
                field=key,
            )
    before = {"reference": locked.reference, "texts": locked.texts, "verified": locked.verified}
    locked.reference, locked.texts, locked.verified = reference, cleaned, verified
    locked.note = note.strip()
    locked.save(update_fields=["reference", "texts", "verified", "note"])
    audit.record(
        actor=actor,
        action="legal.form.update",
        obj=locked,
        before=before,
        after={"reference": reference, "texts": cleaned, "verified": verified},
    )
    return locked
