"""Reads for the ranking and its analysis, in a fixed number of queries whatever the block's size.

The cycle's criteria nodes, its member units (with the names valid that year) and every line of
its score sheets are fetched with ``values()`` in one query each; ``compute`` does the rest.
Only submitted sheets count; a unit's registered targets are read from its self-assessment
whatever that sheet's status.

The block's best ratio of a banded item is taken over the sheets of the same kind: self sheets
among self sheets, cross-scores among all cross-scores (the best actual value any scorer
accepted), the head's sheets among the head's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection

from thidua.accounts.models import User
from thidua.cycles.models import Cycle
from thidua.lib.numbers import localizer
from thidua.orgs.models import Membership, OrgName
from thidua.scoring import compute
from thidua.scoring.models import (
    CriteriaNode,
    NodeKind,
    PublishedRanking,
    ScoreLine,
    ScoreSheet,
    SheetKind,
    SheetStatus,
)


def ranking_corrections(published: PublishedRanking) -> list[dict[str, Any]]:
    """The Board's corrections as the ranking shows them, each by its author's full name.
    Corrections recorded before the name was kept hold the username: it is looked up."""
    corrections = [dict(c) for c in published.corrections]
    legacy = {c["by"] for c in corrections if "by_id" not in c}
    names = dict(
        User.objects.filter(username__in=legacy).values_list("username", "full_name")
        if legacy
        else []
    )
    for c in corrections:
        if "by_id" not in c:
            c["by"] = names.get(c["by"]) or c["by"]
    return corrections


@dataclass(frozen=True)
class Unit:
    pk: int
    name: str


@dataclass
class CycleScores:
    """Everything the ranking, the analysis and the documents need, already computed."""

    cycle: Cycle
    table: compute.Table
    nodes: dict[int, dict[str, Any]]  # node pk → code, title, kind, max_points, parent
    units: list[Unit]
    sheets: list[compute.UnitSheets]
    results: list[compute.UnitResult]
    method: str
    tie_breaks: list[str]
    errors: list[str] = field(default_factory=list)

    @property
    def unit_names(self) -> dict[int, str]:
        return {u.pk: u.name for u in self.units}

    @property
    def has_scores(self) -> bool:
        return any(r.final is not None for r in self.results)


def _table(cycle: Cycle) -> tuple[compute.Table, dict[int, dict[str, Any]]]:
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in CriteriaNode.objects.filter(table__cycle=cycle)
        .order_by("parent_id", "order", "pk")
        .values(
            "pk",
            "parent_id",
            "code",
            "title",
            "kind",
            "formula",
            "max_points",
            "cap",
            "target",
            "points_per_unit",
            "order",
        )
    ]
    # Display order: depth-first from the top, siblings by their order.
    children: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        children[row["parent_id"]].append(row)
    ordered: list[dict[str, Any]] = []
    stack = list(reversed(children[None]))
    while stack:
        row = stack.pop()
        ordered.append(row)
        stack.extend(reversed(children[row["pk"]]))
    items = []
    for row in ordered:
        kind = row["kind"]
        if kind == NodeKind.QUANTITATIVE:
            kind = row["formula"] or compute.PROPORTIONAL
        limit = row["max_points"]
        if kind in (compute.COUNT, compute.BONUS, compute.PENALTY) and row["cap"] is not None:
            limit = row["cap"]
        items.append(
            compute.Item(
                key=row["pk"],
                kind=kind,
                maximum=limit,
                parent=row["parent_id"],
                target=row["target"],
                points=row["points_per_unit"],
                is_group=row["kind"] == NodeKind.GROUP,
            )
        )
    return compute.Table(items=items), {row["pk"]: row for row in ordered}


def _units(cycle: Cycle) -> list[Unit]:
    members = list(
        Membership.objects.filter(block_id=cycle.block_id, year=cycle.year)
        .order_by("order", "organisation__name")
        .values_list("organisation_id", "organisation__name")
    )
    day = dt.date(cycle.year, 12, 31)
    names: dict[int, str] = {}
    for org_id, name, start, end in OrgName.objects.filter(
        organisation_id__in=[m[0] for m in members]
    ).values_list("organisation_id", "name", "valid_from", "valid_to"):
        if (start is None or start <= day) and (end is None or day <= end):
            names[org_id] = name
    return [Unit(pk=pk, name=names.get(pk, name)) for pk, name in members]


#: How long a published cycle's computed scores stay in the cache (they cannot change: sheets are
#: locked on publication, and a Board correction changes the key).
PUBLISHED_SCORES_TTL = 6 * 3600


_T = TypeVar("_T")


def cycle_scores(cycle: Cycle) -> CycleScores:
    """Sheets, totals and the ranking of a cycle (6 queries; 1 once published and cached).

    After publication every sheet is locked, so the computation is kept in the cache under a key
    that changes with the publication and any later correction."""
    return _once_published(cycle, "cycle-scores", _cycle_scores, publication(cycle))


#: When a cycle's ranking was published and last corrected (`publication` reads it).
Publication = tuple[dt.datetime, dt.datetime | None]


def publication(cycle: Cycle) -> Publication | None:
    """When the cycle's ranking was published and last corrected; None before publication."""
    return (
        PublishedRanking.objects.filter(cycle=cycle)
        .values_list("published_at", "corrected_at")
        .first()
    )


def _once_published(
    cycle: Cycle,
    name: str,
    compute: Callable[[Cycle], _T],
    stamp: Publication | None,
) -> _T:
    """`compute(cycle)`, kept in the cache once the cycle's ranking is published (`stamp`)."""
    if stamp is None:
        return compute(cycle)
    published_at, corrected_at = stamp
    key = f"scoring:{name}:{cycle.pk}:{published_at.timestamp()}:" + (
        str(corrected_at.timestamp()) if corrected_at else "-"
    )
    value = cache.get(key)
    if value is None:
        value = compute(cycle)
        cache.set(key, value, PUBLISHED_SCORES_TTL)
    return value


_CENT = Decimal("0.01")


def _decimal(value: Any) -> Decimal | None:
    """A stored score line number as the ORM would give it (2 decimal places), built directly:
    SQLite hands back floats and integers, PostgreSQL Decimals."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value)).quantize(_CENT)


def _line_rows(cycle: Cycle) -> list[tuple[int, int, Any, Any]]:
    """(sheet id, node id, value, target) of every score line of the cycle, numbers as the
    database returns them (see `_decimal`).

    The largest read of the product (a 40-unit block has about 100,000 lines), so it skips model
    and converter machinery: the ORM's SELECT run on a cursor."""
    lines = (
        ScoreLine.objects.filter(sheet_id__in=ScoreSheet.objects.filter(cycle=cycle).values("pk"))
        .order_by()  # the default ordering would join five tables to sort them
        .values_list("sheet_id", "node_id", "value", "target")
    )
    sql, params = lines.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _cycle_scores(cycle: Cycle) -> CycleScores:
    table, nodes = _table(cycle)
    units = _units(cycle)
    sheet_of = {
        pk: (unit_id, scorer_id, kind, status)
        for pk, unit_id, scorer_id, kind, status in ScoreSheet.objects.filter(
            cycle=cycle
        ).values_list("pk", "unit_id", "scorer_id", "kind", "status")
    }
    values: dict[tuple[int, int | None, str], dict[int | str, Decimal | None]] = {}
    targets: dict[int, dict[int | str, Decimal | None]] = defaultdict(dict)
    # Where each sheet's lines go: its unit's targets (a self-assessment states them) and its
    # values (submitted sheets only), looked up once per sheet rather than once per line.
    into: dict[int, tuple[dict[int | str, Decimal | None] | None, ...]] = {}
    for pk, (unit_id, scorer_id, kind, status) in sheet_of.items():
        submitted = status == SheetStatus.SUBMITTED
        into[pk] = (
            targets[unit_id] if kind == SheetKind.SELF else None,
            values.setdefault((unit_id, scorer_id, kind), {}) if submitted else None,
        )
    # Scores repeat a lot (7.5, 10, 2.25…): convert each distinct stored number once.
    number: dict[Any, Decimal | None] = {None: None}
    for sheet_id, node_id, value, target in _line_rows(cycle):
        unit_targets, sheet_values = into[sheet_id]
        if unit_targets is not None and target is not None:
            if target not in number:
                number[target] = _decimal(target)
            unit_targets[node_id] = number[target]
        if sheet_values is not None:
            if value not in number:
                number[value] = _decimal(value)
            sheet_values[node_id] = number[value]
    # A submitted sheet without a line counts as no sheet.
    values = {key: lines for key, lines in values.items() if lines}
    best = {
        kind: compute.best_ratios(
            table, [(v, targets[u]) for (u, _s, k), v in values.items() if k == kind]
        )
        for kind in SheetKind.values
    }
    errors: list[str] = []
    memo: dict[tuple[Any, ...], Decimal] = {}

    def scores(key: tuple[int, int | None, str]) -> dict[int | str, Decimal]:
        unit_id, _scorer, kind = key
        try:
            return compute.sheet_scores(
                table, values[key], targets=targets[unit_id], best=best[kind], memo=memo
            )
        except ValueError as err:
            errors.append(str(err))
            return {}

    sheets = []
    member_ids = {u.pk for u in units}
    by_unit: dict[int, list[tuple[int, int | None, str]]] = defaultdict(list)
    for key in values:
        by_unit[key[0]].append(key)
    for unit in units:
        keys = by_unit.get(unit.pk, [])
        self_key = next((k for k in keys if k[2] == SheetKind.SELF), None)
        head_key = next((k for k in keys if k[2] == SheetKind.HEAD), None)
        cross: dict[int | str, Mapping[int | str, Decimal]] = {
            k[1]: scores(k)
            for k in sorted(keys, key=lambda k: k[1] or 0)
            if k[2] == SheetKind.CROSS and k[1] in member_ids
        }
        sheets.append(
            compute.UnitSheets(
                unit=unit.pk,
                name=unit.name,
                self_scores=scores(self_key) if self_key else None,
                cross=cross,
                head_scores=scores(head_key) if head_key else None,
            )
        )
    policy = cycle.policy
    tie_breaks = list(policy.tie_breaks or [])
    results = compute.ranking(table, sheets, method=policy.score_method, tie_breaks=tie_breaks)
    return CycleScores(
        cycle=cycle,
        table=table,
        nodes=nodes,
        units=units,
        sheets=sheets,
        results=results,
        method=policy.score_method,
        tie_breaks=tie_breaks,
        errors=sorted(set(errors)),
    )


# ---------------------------------------------------------------------------------------------
# Page data


@dataclass(frozen=True)
class RankingRow:
    rank: int | None
    unit: int
    name: str
    self_total: Decimal | None
    final: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    stdev: Decimal | None
    scorers: int
    tied: bool
    ballot: bool
    trim_fallback: bool

    @property
    def difference(self) -> Decimal | None:
        if self.self_total is None or self.final is None:
            return None
        return self.final - self.self_total


def ranking_rows(scores: CycleScores) -> list[RankingRow]:
    rows = []
    for r in scores.results:
        spread = r.spread
        rows.append(
            RankingRow(
                rank=r.rank,
                unit=int(r.unit),
                name=r.name,
                self_total=r.self_total,
                final=r.final,
                minimum=spread.minimum if spread else None,
                maximum=spread.maximum if spread else None,
                stdev=compute.round2(spread.stdev) if spread else None,
                scorers=len(r.scorer_totals),
                tied=r.tied,
                ballot=r.ballot,
                trim_fallback=r.trim_fallback,
            )
        )
    return rows


def ranking(cycle: Cycle) -> list[RankingRow]:
    """The live ranking computed from the submitted sheets."""
    return ranking_rows(cycle_scores(cycle))


@dataclass(frozen=True)
class ScorerCell:
    scorer: str
    total: Decimal | None
    used: bool  # counted in the final score (trimmed mean drops two)


@dataclass(frozen=True)
class UnitAnalysis:
    row: RankingRow
    cells: list[ScorerCell]


@dataclass(frozen=True)
class DisagreementRow:
    unit: str
    code: str
    title: str
    stdev: Decimal
    minimum: Decimal
    maximum: Decimal


@dataclass(frozen=True)
class OutlierRow:
    scorer: str
    mean_deviation: Decimal
    units: int
    typical: Decimal
    above: bool


@dataclass
class Analysis:
    # Only the computation's errors, not the computed scores: this is what the cache keeps, and
    # the scores (every line of every sheet) were nine tenths of it, read back on every page.
    errors: list[str]
    units: list[UnitAnalysis]
    scorers: list[Unit]
    disagreements: list[DisagreementRow]
    outliers: list[OutlierRow]

    def chart_data(self) -> dict[str, Any]:
        """Labels and series for the self-vs-final bar chart (numbers as strings, exact)."""
        rows = [u.row for u in self.units if u.row.final is not None or u.row.self_total]
        return {
            "labels": [r.name for r in rows],
            "self": [str(r.self_total) if r.self_total is not None else None for r in rows],
            "final": [str(r.final) if r.final is not None else None for r in rows],
        }


def analysis(cycle: Cycle, *, published: Publication | None) -> Analysis:
    """The analysis of a cycle's scores (cached once published, like `cycle_scores`);
    `published` is the cycle's `publication`, which the page has read already."""
    # The name changes with the shape of what is kept.
    return _once_published(cycle, "analysis-2", _analysis, published)


def _analysis(cycle: Cycle) -> Analysis:
    scores = cycle_scores(cycle)
    names = scores.unit_names
    rows = ranking_rows(scores)
    scorer_ids = sorted(
        {s for r in scores.results for s in r.scorer_totals},
        key=lambda pk: names.get(int(pk), ""),
    )
    units = []
    for row, result in zip(rows, scores.results, strict=True):
        cells = [
            ScorerCell(
                scorer=names.get(int(s), ""),
                total=result.scorer_totals.get(s),
                used=s in result.used_scorers,
            )
            for s in scorer_ids
        ]
        units.append(UnitAnalysis(row=row, cells=cells))
    disagreements = [
        DisagreementRow(
            unit=names.get(int(d.unit), ""),
            code=scores.nodes[int(d.item)]["code"],
            title=scores.nodes[int(d.item)]["title"],
            stdev=d.stdev,
            minimum=d.minimum,
            maximum=d.maximum,
        )
        for d in compute.disagreements(scores.table, scores.sheets, limit=10)
    ]
    outliers = [
        OutlierRow(
            scorer=names.get(int(o.scorer), ""),
            mean_deviation=o.mean_deviation,
            units=o.units,
            typical=o.typical,
            above=o.above,
        )
        for o in compute.outlier_scorers(scores.table, scores.sheets)
    ]
    return Analysis(
        errors=scores.errors,
        units=units,
        scorers=[Unit(pk=int(s), name=names.get(int(s), "")) for s in scorer_ids],
        disagreements=disagreements,
        outliers=outliers,
    )


@dataclass(frozen=True)
class ShownCell:
    text: str  # the scorer's total as the page writes it, "—" when it did not score the unit
    dropped: bool  # a total that the trimmed mean did not count


@dataclass(frozen=True)
class ShownUnit:
    """A row of the analysis page's unit table, every figure written once (issue 16)."""

    rank: str
    name: str
    self_total: str
    final: str
    difference: str
    minimum: str
    maximum: str
    stdev: str
    cells: list[ShownCell]


def shown_units(data: Analysis) -> list[ShownUnit]:
    """The unit table of `data` with its figures written in the active language, as the template
    would write each one (a dash where there is none)."""
    text = localizer()

    def figure(value: Decimal | None) -> str:
        return "—" if value is None else text(value)

    return [
        ShownUnit(
            rank=text(u.row.rank) if u.row.rank else "—",
            name=u.row.name,
            self_total=figure(u.row.self_total),
            final=figure(u.row.final),
            difference=figure(u.row.difference),
            minimum=figure(u.row.minimum),
            maximum=figure(u.row.maximum),
            stdev=figure(u.row.stdev),
            cells=[
                ShownCell(figure(c.total), dropped=c.total is not None and not c.used)
                for c in u.cells
            ],
        )
        for u in data.units
    ]


def scorer_matrix(scores: CycleScores) -> tuple[list[Unit], dict[int, dict[int, Decimal]]]:
    """Columns (every member unit as a scorer) and, per scored unit, each scorer's total."""
    totals = {int(r.unit): {int(s): t for s, t in r.scorer_totals.items()} for r in scores.results}
    return scores.units, totals
