"""Scoring documents: the ranking (XLSX; Decree-30 DOCX and PDF) and each unit's score sheet.

Data comes from the selectors (or from the published snapshot once the ranking is locked);
``thidua.reports`` turns it into bytes. Official documents are always written in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua.cycles.models import Cycle
from thidua.legal import selectors as legal
from thidua.legal import signers
from thidua.lib.numbers import decimal_vi
from thidua.lib.text import initials
from thidua.orgs.models import Block
from thidua.reports import docx as word
from thidua.reports import issuing, layout, sealing, xlsx
from thidua.reports import services as reports
from thidua.scoring import compute, selectors
from thidua.scoring.compute import D
from thidua.scoring.models import PublishedRanking


@dataclass(frozen=True)
class DocRow:
    rank: int | None
    unit: int
    name: str
    self_total: Decimal | None
    final: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    stdev: Decimal | None
    scorer_totals: dict[int, Decimal]
    ballot: bool = False
    corrected: bool = False


@dataclass
class RankingDocument:
    cycle: Cycle
    units: list[selectors.Unit]  # every member unit, also the scorer columns
    rows: list[DocRow]
    published_at: dt.datetime | None
    corrections: list[dict[str, Any]] = field(default_factory=list)


def _published_day(cycle: Cycle, published_at: dt.datetime | None) -> dt.date:
    """A ranking's documents are dated by its publication, never by the day of the download."""
    if published_at is None:
        raise issuing.UndatedDocument(
            _(
                "The ranking has not been published yet, so its document has no date: publish "
                "the ranking first, then download it. The Excel table of the live ranking is "
                "available now."
            ),
            next_url=reverse("scoring:ranking", args=[cycle.pk]),
            next_label=_("Back to the ranking"),
        )
    return timezone.localdate(published_at)


def _superior(block: Block, day: dt.date) -> str:
    """The province's authority line; in English the translated form of the default one."""
    province = issuing.province_on(block.province, day)
    if translation.get_language() == "vi" or province.letterhead_authority:
        return province.authority_line
    return _("PEOPLE'S COMMITTEE OF %(province)s PROVINCE") % {"province": province.name.upper()}


def _opt(value: Any) -> Decimal | None:
    return None if value is None else D(value)


def ranking_document(cycle: Cycle, *, published: PublishedRanking | None) -> RankingDocument:
    """The published snapshot when there is one, else the live ranking."""
    if published is not None:
        rows = [
            DocRow(
                rank=e["rank"],
                unit=e["unit"],
                name=e["name"],
                self_total=_opt(e["self"]),
                final=_opt(e["final"]),
                minimum=_opt(e["min"]),
                maximum=_opt(e["max"]),
                stdev=_opt(e["stdev"]),
                scorer_totals={
                    int(s): D(v["total"]) for s, v in e["scorers"].items() if v["total"] is not None
                },
                ballot=e["ballot"],
                corrected=e.get("corrected", False),
            )
            for e in published.entries
        ]
        units = [selectors.Unit(pk=e["unit"], name=e["name"]) for e in published.entries]
        units.sort(key=lambda u: u.name)
        return RankingDocument(
            cycle=cycle,
            units=units,
            rows=rows,
            published_at=published.published_at,
            corrections=list(published.corrections),
        )
    scores = selectors.cycle_scores(cycle)
    rows = [
        DocRow(
            rank=row.rank,
            unit=row.unit,
            name=row.name,
            self_total=row.self_total,
            final=row.final,
            minimum=row.minimum,
            maximum=row.maximum,
            stdev=row.stdev,
            scorer_totals={int(s): t for s, t in result.scorer_totals.items()},
            ballot=row.ballot,
        )
        for row, result in zip(selectors.ranking_rows(scores), scores.results, strict=True)
    ]
    return RankingDocument(cycle=cycle, units=scores.units, rows=rows, published_at=None)


def _cell(value: Decimal | None) -> Decimal | None:
    """A score for the workbook: a number with its two decimals (shown 77,50, not 77,5)."""
    return None if value is None else compute.round2(value)


def _text(value: Decimal | None) -> str:
    return decimal_vi(value)


def ranking_xlsx(data: RankingDocument) -> bytes:
    """One row per unit: unit, self score, final score, rank, then one column per scorer unit
    (empty where the unit did not score it, including itself). A second sheet gives the spread."""
    with translation.override("vi"):
        header = [_("Member unit"), _("Self score"), _("Final score"), _("Rank")]
        header += [u.name for u in data.units]
        rows = [
            [r.name, _cell(r.self_total), _cell(r.final), r.rank]
            + [_cell(r.scorer_totals.get(u.pk)) for u in data.units]
            for r in data.rows
        ]
        workbook = xlsx.new_workbook()
        title = _("Ranking %(year)s") % {"year": data.cycle.year}
        heading = f"{data.cycle.block.name} — {title}"
        xlsx.add_sheet(workbook, title, header, rows, heading=heading, widths=[40, 12, 12, 8])
        spread = [
            [
                r.rank,
                r.name,
                _cell(r.minimum),
                _cell(r.maximum),
                _cell(r.stdev),
                _("Decided by ballot") if r.ballot else "",
            ]
            for r in data.rows
        ]
        xlsx.add_sheet(
            workbook,
            _("Spread"),
            [
                _("Rank"),
                _("Member unit"),
                _("Lowest"),
                _("Highest"),
                _("Standard deviation"),
                _("Note"),
            ],
            spread,
            heading=heading,
            widths=[8, 40, 12, 12, 14, 24],
        )
        return xlsx.to_bytes(workbook)


def _head_signature(cycle: Cycle, day: dt.date) -> layout.Signature:
    """ "TM. KHỐI THI ĐUA 8 / TRƯỞNG KHỐI / <position>" and the head unit leader's name."""
    head = signers.head_signer(cycle, day)
    return layout.Signature(
        _("ON BEHALF OF %(block)s") % {"block": cycle.block.name.upper()},
        signers.head_positions(cycle, day, head.position if head else ""),
        signers.name_or_missing(head.name if head else ""),
    )


def _ranking_layout(data: RankingDocument) -> layout.Document:
    cycle = data.cycle
    day = _published_day(data.cycle, data.published_at)
    rows = []
    for i, r in enumerate(data.rows, start=1):
        note = []
        if r.ballot:
            note.append(_("decided by ballot"))
        if r.corrected:
            note.append(_("corrected"))
        rows.append(
            [
                str(i),
                r.name,
                _text(r.self_total),
                _text(r.final),
                str(r.rank) if r.rank else "",
                "; ".join(note),
            ]
        )
    blocks: list[layout.Block] = [
        layout.Paragraph(
            _(
                "Final scores follow the block's rules: %(method)s. Scores are on the criteria "
                "table of the %(year)s cycle; only submitted score sheets count."
            )
            % {"method": cycle.policy.get_score_method_display(), "year": cycle.year}
        ),
        layout.Table(
            header=[
                _("No."),
                _("Member unit"),
                _("Self score"),
                _("Final score"),
                _("Rank"),
                _("Note"),
            ],
            rows=rows,
            widths=[0.7, 5, 1.5, 1.5, 1, 2],
        ),
    ]
    for c in data.corrections:
        blocks.append(
            layout.Paragraph(
                _(
                    "Correction for %(unit)s: %(before)s → %(after)s (rank %(rank)s). "
                    "Reason: %(reason)s"
                )
                % {
                    "unit": c["name"],
                    "before": c["before"]["final"],
                    "after": c["after"]["final"],
                    "rank": c["after"]["rank"],
                    "reason": c["reason"],
                },
                italic=True,
            )
        )
    return layout.Document(
        letterhead=issuing.letterhead(cycle.block, day, superior=_superior(cycle.block, day)),
        title=_("CONSOLIDATED SCORING RESULTS"),
        summary=_("Emulation year %(year)s") % {"year": cycle.year},
        blocks=blocks,
        signatures=[_head_signature(cycle, day)],
        recipients=[legal.board_recipient(cycle.block, day), _("Member units of the block")],
        file_title=_("Consolidated scoring results %(year)s") % {"year": cycle.year},
        archive_copy=initials(cycle.block.name),
    )


def ranking_docx(data: RankingDocument) -> bytes:
    with translation.override("vi"):
        return word.render(_ranking_layout(data))


def ranking_pdf(data: RankingDocument) -> bytes:
    with translation.override("vi"):
        return reports.issue_pdf(
            _ranking_layout(data),
            seal=sealing.block_key(data.cycle.block),
            reference=f"ranking:{data.cycle.pk}",
            block=data.cycle.block_id,
        )


# --- one unit's score sheet ------------------------------------------------------------------


@dataclass(frozen=True)
class SheetLine:
    code: str
    title: str
    maximum: Decimal
    is_group: bool
    self_score: Decimal | None
    scores: list[Decimal | None]  # one per scorer column
    mean: Decimal | None


@dataclass
class UnitSheetDocument:
    cycle: Cycle
    unit: selectors.Unit
    scorers: list[str]
    lines: list[SheetLine]
    self_total: Decimal | None
    scorer_totals: list[Decimal | None]
    final: Decimal | None
    rank: int | None
    published_at: dt.datetime | None = None  # the ranking's publication, which dates the sheet


def unit_sheet(
    cycle: Cycle, *, unit_id: int, published_at: dt.datetime | None = None
) -> UnitSheetDocument | None:
    """Every criterion with the unit's own score, each scorer's and their mean (live data)."""
    scores = selectors.cycle_scores(cycle)
    sheets = next((s for s in scores.sheets if s.unit == unit_id), None)
    result = next((r for r in scores.results if r.unit == unit_id), None)
    if sheets is None or result is None:
        return None
    names = scores.unit_names
    scorer_ids = list(sheets.cross)
    self_sub = scores.table.subtotals(sheets.self_scores) if sheets.self_scores else None
    subs = [scores.table.subtotals(sheets.cross[s]) for s in scorer_ids]
    used = [i for i, s in enumerate(scorer_ids) if s in result.used_scorers]
    lines = []
    for item in scores.table.items:
        node = scores.nodes[int(item.key)]
        values = [sub.get(item.key) for sub in subs]
        kept: list[Decimal] = [v for i in used if (v := values[i]) is not None]
        lines.append(
            SheetLine(
                code=node["code"],
                title=node["title"],
                maximum=compute.round2(D(node["max_points"]) if item.is_group else item.maximum),
                is_group=item.is_group,
                self_score=compute.round2(self_sub[item.key]) if self_sub else None,
                scores=[compute.round2(v) if v is not None else None for v in values],
                mean=compute.round2(sum(kept, compute.ZERO) / len(kept)) if kept else None,
            )
        )
    return UnitSheetDocument(
        cycle=cycle,
        unit=selectors.Unit(pk=unit_id, name=names.get(unit_id, "")),
        scorers=[names.get(int(s), "") for s in scorer_ids],
        lines=lines,
        self_total=result.self_total,
        scorer_totals=[result.scorer_totals.get(s) for s in scorer_ids],
        final=result.final,
        rank=result.rank,
        published_at=published_at,
    )


def _sheet_header(sheet: UnitSheetDocument) -> list[str]:
    return [
        _("Code"),
        _("Criterion"),
        _("Maximum"),
        _("Self score"),
        *sheet.scorers,
        _("Mean of scorers"),
    ]


def unit_sheet_xlsx(sheet: UnitSheetDocument) -> bytes:
    with translation.override("vi"):
        rows: list[list[Any]] = [
            [
                line.code,
                line.title,
                _cell(line.maximum),
                _cell(line.self_score),
                *[_cell(v) for v in line.scores],
                _cell(line.mean),
            ]
            for line in sheet.lines
        ]
        rows.append(
            [
                "",
                _("Total"),
                None,
                _cell(sheet.self_total),
                *[_cell(v) for v in sheet.scorer_totals],
                _cell(sheet.final),
            ]
        )
        return xlsx.single_table(
            _("Score sheet"),
            _sheet_header(sheet),
            rows,
            heading=f"{sheet.unit.name} — {sheet.cycle.block.name} {sheet.cycle.year}",
            widths=[8, 50, 10, 10],
        )


def unit_sheet_docx(sheet: UnitSheetDocument) -> bytes:
    with translation.override("vi"):
        cycle = sheet.cycle
        day = _published_day(cycle, sheet.published_at)
        rows = [
            [
                line.code,
                line.title,
                _text(line.maximum),
                _text(line.self_score),
                *[_text(v) for v in line.scores],
                _text(line.mean),
            ]
            for line in sheet.lines
        ]
        rows.append(
            [
                "",
                _("Total"),
                "",
                _text(sheet.self_total),
                *[_text(v) for v in sheet.scorer_totals],
                _text(sheet.final),
            ]
        )
        groups = frozenset(i for i, line in enumerate(sheet.lines) if line.is_group)
        summary = _("%(unit)s — emulation year %(year)s") % {
            "unit": sheet.unit.name,
            "year": cycle.year,
        }
        document = layout.Document(
            letterhead=issuing.letterhead(cycle.block, day, superior=_superior(cycle.block, day)),
            title=_("SCORE SHEET"),
            summary=summary,
            blocks=[
                layout.Table(
                    header=_sheet_header(sheet),
                    rows=rows,
                    widths=[1, 6, 1.2, 1.2, *[1.2] * len(sheet.scorers), 1.2],
                    bold_rows=groups | {len(rows) - 1},
                ),
                layout.Paragraph(
                    _("Final score: %(final)s; rank: %(rank)s.")
                    % {"final": _text(sheet.final) or "—", "rank": sheet.rank or "—"}
                ),
            ],
            file_title=_("Score sheet"),
            archive_copy=initials(cycle.block.name),
        )
        return word.render(document, landscape=len(sheet.scorers) > 4)
