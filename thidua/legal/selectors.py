"""Reads of the legal bases: the instruments a document cites on its date, the form it follows,
and the lists of the Board's pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from thidua.legal import wording
from thidua.legal.models import DocumentForm, Instrument, InstrumentKind, Scope
from thidua.lib.dates import long_date_vi
from thidua.orgs.models import Block

#: How each kind is named in a citation ("Nghị định số …"). Laws and the block's regulation are
#: named by their title ("Luật Thi đua, khen thưởng").
KIND_NAMES = {
    InstrumentKind.DECREE: "Nghị định",
    InstrumentKind.CIRCULAR: "Thông tư",
    InstrumentKind.PROVINCIAL_REGULATION: "Quyết định",
    InstrumentKind.PROVINCIAL_BLOCKS: "Quyết định",
}


def citation(instrument: Instrument) -> str:
    """What follows "Căn cứ": the Board's wording, or one composed from the fields, e.g.
    "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết …"."""
    if instrument.wording.strip():
        return instrument.wording.strip()
    day = f" {long_date_vi(instrument.signed_on)}" if instrument.signed_on else ""
    if instrument.kind == InstrumentKind.LAW:
        return f"{instrument.title}{day}"
    if instrument.kind == InstrumentKind.BLOCK_REGULATION:
        number = f" số {instrument.number}" if instrument.number else ""
        return f"{instrument.title}{number}{day}"
    name = KIND_NAMES.get(InstrumentKind(instrument.kind), "")
    parts = [name]
    if instrument.number:
        parts.append(f"số {instrument.number}")
    if instrument.signed_on:
        parts.append(long_date_vi(instrument.signed_on))
    if instrument.issuer:
        parts.append(f"của {instrument.issuer}")
    parts.append(instrument.title)
    return " ".join(p for p in parts if p)


def in_force(
    *, day: dt.date, block: Block | None = None, document: str | None = None
) -> list[Instrument]:
    """The instruments in force on `day`: national ones, those of the block's province (the one
    of that date, which after a merger is the province it merged into, and its own until then)
    and the block's own; only those `document` cites when it is given. In citation order."""
    places = Q(scope=Scope.NATIONAL)
    if block is not None:
        provinces = {block.province_id, block.province.on(day).pk}
        places |= Q(scope=Scope.PROVINCE, province_id__in=provinces)
        places |= Q(scope=Scope.BLOCK, block_id=block.pk)
    rows = Instrument.objects.filter(places, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    return [i for i in rows if document is None or document in (i.cited_in or [])]


def grounds(*, document: str, day: dt.date, block: Block | None) -> list[str]:
    """The "Căn cứ …" lines of `document` dated `day`, without their closing punctuation."""
    return [f"Căn cứ {citation(i)}" for i in in_force(day=day, block=block, document=document)]


def has_block_regulation(block: Block, day: dt.date) -> bool:
    return any(
        i.kind == InstrumentKind.BLOCK_REGULATION and i.block_id == block.pk
        for i in in_force(day=day, block=block)
    )


def unverified_cited(*, document: str, day: dt.date, block: Block | None) -> list[Instrument]:
    """Instruments `document` cites on `day` that the Board has not verified yet."""
    return [i for i in in_force(day=day, block=block, document=document) if not i.verified]


def board_recipient(block: Block, day: dt.date) -> str:
    """The Board's office as a recipient of a block's documents on `day`: the province's routing
    of dossiers without its "qua" ("Sở Nội vụ (Phòng Thi đua, khen thưởng)"), else the
    province's Department of Home Affairs, which holds the Board."""
    province = block.province.on(day)
    routing = province.dossier_routing.strip()
    if routing[:4].casefold() == "qua ":
        routing = routing[4:].strip()
    return routing or f"Sở Nội vụ tỉnh {province.name}"


# --- forms -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormText:
    """The wording of the form a document follows, with its placeholders still in it."""

    kind: str
    reference: str  # "Mẫu số 01, Phụ lục I, Nghị định số 98/2023/NĐ-CP"
    verified: bool
    texts: dict[str, str]

    def text(self, key: str, **values: object) -> str:
        return wording.fill(self.texts[key], values)


def form_of(kind: str, day: dt.date) -> FormText:
    """The form of `kind` under the decree in force on `day`. Before the first decree recorded,
    the earliest form; with no form recorded at all, the built-in wording."""
    forms = list(DocumentForm.objects.filter(kind=kind).select_related("instrument"))
    current = [f for f in forms if f.instrument.in_force_on(day)]
    earlier = [f for f in forms if f.instrument.valid_from <= day]
    chosen = (
        max(current, key=lambda f: f.instrument.valid_from)
        if current
        else max(earlier, key=lambda f: f.instrument.valid_from)
        if earlier
        else min(forms, key=lambda f: f.instrument.valid_from)
        if forms
        else None
    )
    texts = dict(wording.DEFAULTS[kind])
    if chosen is None:
        return FormText(kind=kind, reference="", verified=False, texts=texts)
    texts.update({k: v for k, v in (chosen.texts or {}).items() if k in texts and v.strip()})
    return FormText(kind=kind, reference=chosen.reference, verified=chosen.verified, texts=texts)


# --- the Board's pages -----------------------------------------------------------------------


def instruments() -> QuerySet[Instrument]:
    return Instrument.objects.select_related("province", "block__province").order_by(
        "order", "valid_from", "pk"
    )


def document_forms() -> QuerySet[DocumentForm]:
    return DocumentForm.objects.select_related("instrument").order_by(
        "kind", "instrument__valid_from", "pk"
    )
