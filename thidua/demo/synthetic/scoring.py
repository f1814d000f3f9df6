"""Criteria tables, score sheets and their ~5 million lines, and the published rankings.

Closed cycles have every self-assessment and every cross-score submitted (every other member
scores each unit) and a published ranking; the current year's cycles in self-assessment or
cross-scoring have part of their sheets. Lines go in through `executemany` (no model objects).
The published entries are computed in memory with the product's own arithmetic
(`thidua.scoring.compute` and `ranking_services.snapshot`) from the values just written, so they
are exactly what publishing through the service would store; the tests check this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction

from thidua.cycles.models import Cycle, Phase
from thidua.demo.synthetic import audit, criteria, texts
from thidua.demo.synthetic.base import Context, Counter, at, bulk, chunks, executemany
from thidua.demo.synthetic.cycles import phase_date, reached
from thidua.scoring import compute, ranking_services, selectors
from thidua.scoring.models import (
    CriteriaNode,
    CriteriaTable,
    NodeKind,
    PublishedRanking,
    ScoreLine,
    ScoreSheet,
    SheetKind,
    SheetStatus,
)

CYCLES_PER_BATCH = 20
LINE_COLUMNS = ["sheet_id", "node_id", "value", "target", "explanation", "note"]

# A sheet's values: node pk → value (floats that are whole or quarter numbers, exact in binary).
Values = dict[int, float]


def build(ctx: Context) -> None:
    with ctx.step("criteria tables (60 items each)") as n, transaction.atomic():
        nodes = _tables(ctx, n)
    with ctx.step("score sheets, score lines and published rankings") as n:
        for batch in chunks(ctx.cycles, CYCLES_PER_BATCH):
            with transaction.atomic():
                _score_batch(ctx, list(batch), nodes, n)
            done = ctx.cycles.index(batch[-1]) + 1
            ctx.out.write(f"    {done}/{len(ctx.cycles)} cycles, {n.rows:,} rows\n")
            ctx.flush()


def _tables(ctx: Context, n: Counter) -> dict[int, list[CriteriaNode]]:
    spec = criteria.table()
    tables = bulk(
        CriteriaTable,
        [
            CriteriaTable(
                cycle=c,
                created_at=at(phase_date(c.year, Phase.DRAFTING)),
                frozen_at=(
                    at(phase_date(c.year, Phase.SELF_ASSESSMENT))
                    if reached(c, Phase.SELF_ASSESSMENT)
                    else None
                ),
            )
            for c in ctx.cycles
        ],
        n,
    )
    # Groups and top-level items first (their pks are the children's parents), then the items.
    tops = [CriteriaNode(table=t, **_fields(s)) for t in tables for s in spec if s.parent is None]
    tops = bulk(CriteriaNode, tops, n)
    by_code = {(node.table_id, node.code): node for node in tops}
    items = [
        CriteriaNode(table=t, parent=by_code[(t.pk, s.parent)], **_fields(s))
        for t in tables
        for s in spec
        if s.parent is not None
    ]
    items = bulk(CriteriaNode, items, n)
    leaves: dict[int, list[CriteriaNode]] = {t.cycle_id: [] for t in tables}
    table_cycle = {t.pk: t.cycle_id for t in tables}
    order = {s.code: i for i, s in enumerate(spec)}
    for node in [*tops, *items]:
        if node.kind != NodeKind.GROUP:
            leaves[table_cycle[node.table_id]].append(node)
    for nodes in leaves.values():
        nodes.sort(key=lambda node: order[node.code])
    return leaves


def _fields(s: criteria.NodeSpec) -> dict[str, Any]:
    return {
        "code": s.code,
        "title": s.title,
        "kind": s.kind,
        "max_points": s.max_points,
        "order": s.order,
        "formula": s.formula,
        "target": s.target,
        "unit_label": s.unit_label,
        "points_per_unit": s.points_per_unit,
        "cap": s.cap,
    }


# ---------------------------------------------------------------------------------------------
# Values


def _quarter(value: float, top: float) -> float:
    return min(max(round(value * 4) / 4, 0.0), top)


def _self_values(nodes: list[CriteriaNode], strength: float, rng: Any) -> Values:
    out: Values = {}
    for node in nodes:
        top = float(node.max_points)
        kind = node.kind
        if kind == NodeKind.QUALITATIVE:
            value = _quarter(top * min(1.0, strength + rng.uniform(0.0, 0.1)), top)
        elif kind == NodeKind.PASS_FAIL:
            value = 1.0 if rng.random() < 0.75 + strength / 5 else 0.0
        elif kind == NodeKind.QUANTITATIVE:
            target = float(node.target or 100)
            value = float(round(target * (0.7 + 0.45 * strength + rng.uniform(-0.1, 0.1))))
        elif kind == NodeKind.COUNT:
            value = float(rng.randint(1, 6))
        elif kind == NodeKind.BONUS:
            value = float(rng.choice((0, 0, 1, 2, 3)))
        else:
            value = rng.choice((0.0, 0.0, 0.0, 0.5, 1.0))
        out[node.pk] = value
    return out


def _cross_values(nodes: list[CriteriaNode], own: Values, harshness: float, rng: Any) -> Values:
    """A scorer starts from the unit's own figures and takes a little off where it judges the
    evidence thin; harsher scorers take off more."""
    out: Values = {}
    for node in nodes:
        value = own[node.pk]
        kind = node.kind
        r = rng.random()
        if kind == NodeKind.QUALITATIVE:
            if r < harshness * 4:
                value = max(0.0, value - rng.choice((0.25, 0.5, 0.75, 1.0)))
        elif kind == NodeKind.PASS_FAIL:
            if r < harshness / 2:
                value = 0.0
        elif kind == NodeKind.QUANTITATIVE:
            if r < 0.15:
                value = float(int(value * 0.95))
        elif kind == NodeKind.COUNT:
            if r < harshness * 2 and value >= 1:
                value -= 1
        elif kind == NodeKind.BONUS:
            if r < 0.4:
                value = max(0.0, value - rng.choice((0.5, 1.0)))
        elif r < harshness and value <= float(node.max_points) - 0.5:
            value += 0.5
        out[node.pk] = value
    return out


# ---------------------------------------------------------------------------------------------
# Sheets


def _plan(ctx: Context, cycle: Cycle) -> list[tuple[int, int | None, str, bool]]:
    """(unit, scorer, kind, submitted) of every sheet the cycle has."""
    members = [m.pk for m in ctx.members(cycle)]
    phase = cycle.phase
    if not reached(cycle, Phase.SELF_ASSESSMENT):
        return []
    rng = ctx.rng("plan", cycle.block.name, cycle.year)
    sheets: list[tuple[int, int | None, str, bool]] = []
    for unit in members:
        submitted = phase != Phase.SELF_ASSESSMENT or rng.random() < 0.65
        sheets.append((unit, None, SheetKind.SELF, submitted))
    if not reached(cycle, Phase.CROSS_SCORING):
        return sheets
    for scorer in members:
        for unit in members:
            if scorer != unit:
                submitted = phase != Phase.CROSS_SCORING or rng.random() < 0.6
                sheets.append((unit, scorer, SheetKind.CROSS, submitted))
    return sheets


def _score_batch(
    ctx: Context, cycles: list[Cycle], leaves: dict[int, list[CriteriaNode]], n: Counter
) -> None:
    plans = {c.pk: _plan(ctx, c) for c in cycles}
    objs = []
    for cycle in cycles:
        self_day = phase_date(cycle.year, Phase.SELF_ASSESSMENT) + dt.timedelta(days=7)
        cross_day = phase_date(cycle.year, Phase.CROSS_SCORING) + dt.timedelta(days=10)
        for unit, scorer, kind, submitted in plans[cycle.pk]:
            by = ctx.people[scorer if scorer else unit].representative
            day = at(cross_day if scorer else self_day, 16)
            objs.append(
                ScoreSheet(
                    cycle=cycle,
                    unit_id=unit,
                    scorer_id=scorer,
                    kind=kind,
                    status=SheetStatus.SUBMITTED if submitted else SheetStatus.DRAFT,
                    version=2 if submitted else 1,
                    updated_at=day,
                    submitted_at=day if submitted else None,
                    submitted_by=by if submitted else None,
                )
            )
    sheets = bulk(ScoreSheet, objs, n)
    by_cycle: dict[int, list[ScoreSheet]] = {}
    for sheet in sheets:
        by_cycle.setdefault(sheet.cycle_id, []).append(sheet)
    values: dict[int, dict[tuple[int, int | None], tuple[Values, bool]]] = {}

    def lines() -> Iterator[tuple[Any, ...]]:
        for cycle in cycles:
            got = _cycle_values(ctx, cycle, leaves[cycle.pk], by_cycle.get(cycle.pk, []))
            values[cycle.pk] = {key: (v, s) for key, (_sheet, v, s) in got.items()}
            explain = texts.EXPLANATIONS
            for (_unit, scorer), (sheet, vals, _s) in got.items():
                pk = sheet.pk
                if scorer is None:
                    for i, (node_id, value) in enumerate(vals.items()):
                        yield (pk, node_id, value, None, explain[i % len(explain)], "")
                else:
                    for node_id, value in vals.items():
                        yield (pk, node_id, value, None, "", "")

    executemany(ScoreLine._meta.db_table, LINE_COLUMNS, lines(), n)
    _publish(ctx, cycles, leaves, values, n)


def _cycle_values(
    ctx: Context, cycle: Cycle, nodes: list[CriteriaNode], sheets: list[ScoreSheet]
) -> dict[tuple[int, int | None], tuple[ScoreSheet, Values, bool]]:
    rng = ctx.rng("scores", cycle.block.name, cycle.year)
    members = [m.pk for m in ctx.members(cycle)]
    strength = {u: rng.uniform(0.6, 0.97) for u in members}
    harsh = {u: rng.uniform(0.0, 0.12) for u in members}
    harsh[members[len(members) // 2]] = 0.0  # one consistently generous scorer
    own: dict[int, Values] = {u: _self_values(nodes, strength[u], rng) for u in members}
    out: dict[tuple[int, int | None], tuple[ScoreSheet, Values, bool]] = {}
    for sheet in sheets:
        unit, scorer = int(sheet.unit_id), sheet.scorer_id
        submitted = sheet.status == SheetStatus.SUBMITTED
        if scorer is None:
            out[(unit, None)] = (sheet, own[unit], submitted)
        else:
            out[(unit, scorer)] = (
                sheet,
                _cross_values(nodes, own[unit], harsh[scorer], rng),
                submitted,
            )
    return out


# ---------------------------------------------------------------------------------------------
# Rankings

_DECIMALS: dict[float, Decimal] = {}


def _dec(value: float) -> Decimal:
    d = _DECIMALS.get(value)
    if d is None:
        d = _DECIMALS[value] = Decimal(str(value))
    return d


def compute_entries(
    ctx: Context,
    cycle: Cycle,
    nodes: list[CriteriaNode],
    sheets: Mapping[tuple[int, int | None], tuple[Values, bool]],
) -> list[dict[str, Any]]:
    """The published entries, as `ranking_services.snapshot(selectors.cycle_scores(cycle))`
    computes them, from the values in memory (same selectors' rules: submitted sheets only)."""
    # The groups' own pks are not needed: totals come from the leaves, and group I (for the
    # tie-break) is the first top-level group, so groups are keyed by their code.
    group_of = {s.code: s.parent for s in criteria.table()}
    items = [
        compute.Item(
            key=node.pk,
            kind=node.compute_kind,
            maximum=node.limit,
            parent=f"g:{group_of[node.code]}" if group_of[node.code] else None,
            target=node.target,
            points=node.points_per_unit,
        )
        for node in nodes
    ]
    # Display order: each group, then its items; bonus and penalty last.
    ordered: list[compute.Item] = []
    for spec in criteria.table():
        if spec.kind == NodeKind.GROUP:
            key = f"g:{spec.code}"
            ordered.append(compute.Item(key=key, kind=compute.QUALITATIVE, is_group=True))
            ordered.extend(i for i in items if i.parent == key)
    ordered.extend(i for i in items if i.parent is None)
    table = compute.Table(items=ordered)
    day = dt.date(cycle.year, 12, 31)
    units = [selectors.Unit(pk=m.pk, name=ctx.name_on(m.pk, day)) for m in ctx.members(cycle)]
    submitted: dict[tuple[int, int | None], dict[int | str, Decimal | None]] = {
        key: {k: _dec(v) for k, v in vals.items()} for key, (vals, ok) in sheets.items() if ok
    }
    no_targets: dict[int | str, Decimal | None] = {}
    best = {
        kind: compute.best_ratios(
            table,
            [(v, no_targets) for (u, s), v in submitted.items() if (s is None) == (kind == "self")],
        )
        for kind in ("self", "cross")
    }
    results_in: list[compute.UnitSheets] = []
    member_ids = {u.pk for u in units}
    for unit in units:
        own = submitted.get((unit.pk, None))
        cross = {
            scorer: compute.sheet_scores(table, vals, targets=no_targets, best=best["cross"])
            for (u, scorer), vals in sorted(submitted.items(), key=lambda kv: kv[0][1] or 0)
            if u == unit.pk and scorer is not None and scorer in member_ids
        }
        results_in.append(
            compute.UnitSheets(
                unit=unit.pk,
                name=unit.name,
                self_scores=(
                    compute.sheet_scores(table, own, targets=no_targets, best=best["self"])
                    if own is not None
                    else None
                ),
                cross=cross,  # type: ignore[arg-type]
            )
        )
    policy = cycle.policy
    tie_breaks = list(policy.tie_breaks or [])
    results = compute.ranking(table, results_in, method=policy.score_method, tie_breaks=tie_breaks)
    scores = selectors.CycleScores(
        cycle=cycle,
        table=table,
        nodes={},
        units=units,
        sheets=results_in,
        results=results,
        method=policy.score_method,
        tie_breaks=tie_breaks,
    )
    return ranking_services.snapshot(scores)


def _publish(
    ctx: Context,
    cycles: list[Cycle],
    leaves: dict[int, list[CriteriaNode]],
    values: dict[int, dict[tuple[int, int | None], tuple[Values, bool]]],
    n: Counter,
) -> None:
    events: list[dict[str, Any]] = []
    published = []
    for cycle in cycles:
        if not reached(cycle, Phase.RESULTS_PUBLISHED):
            continue
        entries = compute_entries(ctx, cycle, leaves[cycle.pk], values[cycle.pk])
        ctx.rankings[cycle.pk] = entries
        head_rep = ctx.people[cycle.head_unit_id].representative
        when = at(phase_date(cycle.year, Phase.RESULTS_PUBLISHED), 10)
        published.append(
            PublishedRanking(
                cycle=cycle,
                method=cycle.policy.score_method,
                tie_breaks=list(cycle.policy.tie_breaks or []),
                entries=entries,
                corrections=[],
                published_by=head_rep,
                published_at=when,
            )
        )
    published = bulk(PublishedRanking, published, n)
    for ranking in published:
        audit.append(
            events,
            actor=ranking.published_by,
            action="scoring.ranking_published",
            obj=ranking,
            when=ranking.published_at,
            after={
                "method": ranking.method,
                "ranking": [(e["rank"], e["name"], e["final"]) for e in ranking.entries],
            },
        )
    sheets = sum(len(v) for v in values.values())
    audit.append(
        events,
        actor=ctx.actor,
        action="scoring.bulk_scores",
        object_type="scoring.scoresheet",
        object_label=f"{sheets} phiếu chấm, {len(cycles)} chu kỳ",
        when=at(dt.date(cycles[-1].year, 12, 15), 17),
        after={
            "cycles": [f"{c.block.name} {c.year}" for c in cycles],
            "sheets": sheets,
            "note": audit.SYNTHETIC_MARK,
        },
    )
    audit.flush(events)
