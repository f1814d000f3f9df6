"""The ranking computed from score sheets, its publication, lock and the Board's corrections."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.cycles import services as cycles
from thidua.cycles.models import Phase
from thidua.scoring import ranking_services, selectors
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
from thidua.testing import YEAR, as_role, make_block, make_org

pytestmark = pytest.mark.django_db


def build_table(cycle) -> dict[str, CriteriaNode]:
    """Group I (a: qualitative 40, b: banded 20 against 100), group II (c: 40), bonus d (cap 5)."""
    table = CriteriaTable.objects.create(cycle=cycle)
    order = iter(range(100))

    def node(code, kind, points, parent=None, **extra):
        return CriteriaNode.objects.create(
            table=table,
            parent=parent,
            code=code,
            title=f"Criterion {code}",
            kind=kind,
            max_points=Decimal(points),
            order=next(order),
            **extra,
        )

    one = node("I", NodeKind.GROUP, 60)
    two = node("II", NodeKind.GROUP, 40)
    return {
        "I": one,
        "a": node("a", NodeKind.QUALITATIVE, 40, one),
        "b": node("b", NodeKind.QUANTITATIVE, 20, one, formula="banded", target=Decimal(100)),
        "II": two,
        "c": node("c", NodeKind.QUALITATIVE, 40, two),
        "d": node("d", NodeKind.BONUS, 5, cap=Decimal(5)),
    }


def fill(cycle, nodes, unit, values, *, scorer=None, kind=SheetKind.CROSS, submitted=True):
    sheet = ScoreSheet.objects.create(
        cycle=cycle,
        unit=unit,
        scorer=scorer,
        kind=kind,
        status=SheetStatus.SUBMITTED if submitted else SheetStatus.DRAFT,
    )
    ScoreLine.objects.bulk_create(
        ScoreLine(sheet=sheet, node=nodes[code], value=Decimal(v)) for code, v in values.items()
    )
    return sheet


def members(cast):
    return [cast.head_org, cast.deputy_org, cast.member_org, cast.fourth_org]


@pytest.fixture
def scored(cast):
    """Every unit scores every other one; unit totals differ so the order is clear."""
    cast.fourth_org = (
        cast.cycle.block.memberships.exclude(
            organisation__in=[cast.head_org, cast.deputy_org, cast.member_org]
        )
        .get()
        .organisation
    )
    nodes = build_table(cast.cycle)
    base = {cast.head_org: 30, cast.deputy_org: 35, cast.member_org: 25, cast.fourth_org: 20}
    for unit, a in base.items():
        fill(cast.cycle, nodes, unit, {"a": a + 2, "b": 100, "c": 30}, kind=SheetKind.SELF)
        for scorer in base:
            if scorer != unit:
                fill(cast.cycle, nodes, unit, {"a": a, "b": 100, "c": 30}, scorer=scorer)
    return nodes


def test_ranking_orders_units_by_the_mean_of_cross_scores(cast, scored):
    rows = selectors.ranking(cast.cycle)
    # a + banded b at target (10) + c 30; nobody above target, so no "best" bonus
    assert [(r.name, r.rank, r.final, r.self_total) for r in rows] == [
        ("Hội Nhà báo tỉnh", 1, Decimal("75.00"), Decimal("77.00")),
        ("Ban Đại diện Hội Người cao tuổi tỉnh", 2, Decimal("70.00"), Decimal("72.00")),
        ("Hội Người mù tỉnh", 3, Decimal("65.00"), Decimal("67.00")),
        ("Hội Luật gia tỉnh", 4, Decimal("60.00"), Decimal("62.00")),
    ]
    assert all(r.scorers == 3 and r.stdev == 0 for r in rows)


def test_draft_sheets_do_not_count(cast, scored):
    sheet = ScoreSheet.objects.get(
        cycle=cast.cycle, unit=cast.fourth_org, scorer=cast.head_org, kind=SheetKind.CROSS
    )
    ScoreLine.objects.filter(sheet=sheet, node=scored["a"]).update(value=Decimal(40))
    sheet.status = SheetStatus.DRAFT
    sheet.save()
    row = next(r for r in selectors.ranking(cast.cycle) if r.name == "Hội Luật gia tỉnh")
    assert row.scorers == 2 and row.final == Decimal("60.00")


def test_banded_item_gives_the_blocks_best_the_maximum(cast, scored):
    ScoreLine.objects.filter(
        sheet__unit=cast.fourth_org, sheet__kind=SheetKind.CROSS, node=scored["b"]
    ).update(value=Decimal(150))
    ScoreLine.objects.filter(
        sheet__unit=cast.member_org, sheet__kind=SheetKind.CROSS, node=scored["b"]
    ).update(value=Decimal(120))
    finals = {r.name: r.final for r in selectors.ranking(cast.cycle)}
    assert finals["Hội Luật gia tỉnh"] == Decimal("70.00")  # 20 + 20 (the best) + 30
    assert finals["Hội Người mù tỉnh"] == Decimal("69.00")  # 25 + (10 + 0.2/0.5 × 10) + 30


def test_analysis_finds_the_generous_scorer(cast, scored):
    ScoreLine.objects.filter(
        sheet__scorer=cast.member_org, sheet__kind=SheetKind.CROSS, node=scored["a"]
    ).update(value=Decimal(39))
    data = selectors.analysis(cast.cycle, published=None)
    assert [o.scorer for o in data.outliers] == ["Hội Người mù tỉnh"]
    assert data.outliers[0].above
    assert data.disagreements[0].code == "a"


def test_the_head_publishes_and_the_ranking_is_then_locked(cast, scored):
    cycles.advance_phase(actor=None, cycle=cast.cycle, to_phase=Phase.DRAFTING)
    with pytest.raises(DomainError):
        ranking_services.publish_ranking(actor=cast.head_rep, cycle=cast.cycle)
    cast.cycle.phase = Phase.CROSS_SCORING
    cast.cycle.save()
    with pytest.raises(DomainError):
        ranking_services.publish_ranking(actor=cast.member_rep, cycle=cast.cycle)
    published = ranking_services.publish_ranking(actor=cast.head_rep, cycle=cast.cycle)
    assert [e["rank"] for e in published.entries] == [1, 2, 3, 4]
    assert published.entries[0]["final"] == "75.00"
    assert AuditEvent.objects.filter(action="scoring.ranking_published").count() == 1
    with pytest.raises(DomainError):
        ranking_services.publish_ranking(actor=cast.head_rep, cycle=cast.cycle)
    # Later score changes do not move the published ranking.
    ScoreLine.objects.filter(sheet__unit=cast.fourth_org).update(value=Decimal(40))
    published.refresh_from_db()
    assert published.entries[-1]["final"] == "60.00"


def test_only_the_board_corrects_a_published_ranking_with_a_reason(cast, scored):
    cast.cycle.phase = Phase.RESULTS_PUBLISHED
    cast.cycle.save()
    published = ranking_services.publish_ranking(actor=cast.head_rep, cycle=cast.cycle)
    unit = cast.member_org.pk
    with pytest.raises(DomainError):
        ranking_services.correct_ranking(
            actor=cast.head_rep, published=published, unit_id=unit, final="66", rank=3, reason="x"
        )
    with pytest.raises(DomainError):
        ranking_services.correct_ranking(
            actor=cast.board, published=published, unit_id=unit, final="66", rank=3, reason=" "
        )
    ranking_services.correct_ranking(
        actor=cast.board,
        published=published,
        unit_id=unit,
        final="66",
        rank=3,
        reason="Scorer typed 25 instead of 26",
    )
    published.refresh_from_db()
    entry = next(e for e in published.entries if e["unit"] == unit)
    assert entry["final"] == "66.00" and entry["corrected"]
    assert published.corrections[0]["before"] == {"final": "65.00", "rank": 3}
    event = AuditEvent.objects.get(action="scoring.ranking_corrected")
    assert event.after["reason"] == "Scorer typed 25 instead of 26"


def test_publishing_through_the_page_redirects_to_the_locked_ranking(client, cast, scored):
    cast.cycle.phase = Phase.CROSS_SCORING
    cast.cycle.save()
    as_role(client, cast, "head_rep")
    response = client.post(reverse("scoring:ranking_publish", args=[cast.cycle.pk]))
    assert response.status_code == 302
    assert PublishedRanking.objects.filter(cycle=cast.cycle).exists()
    as_role(client, cast, "member_rep")
    page = client.get(reverse("scoring:ranking", args=[cast.cycle.pk])).content.decode()
    assert "Hội Nhà báo tỉnh" in page and "75,00" in page
    assert client.get(reverse("scoring:analysis", args=[cast.cycle.pk])).status_code == 200


def test_members_do_not_see_the_live_ranking_before_publication(client, cast, scored):
    as_role(client, cast, "member_rep")
    page = client.get(reverse("scoring:ranking", args=[cast.cycle.pk])).content.decode()
    assert "75,00" not in page and "75.00" not in page
    assert client.get(reverse("scoring:analysis", args=[cast.cycle.pk])).status_code == 403


def test_correcting_through_the_page_records_the_reason(client, cast, scored):
    cast.cycle.phase = Phase.CROSS_SCORING
    cast.cycle.save()
    ranking_services.publish_ranking(actor=cast.board, cycle=cast.cycle)
    as_role(client, cast, "board")
    url = reverse("scoring:ranking_correct", args=[cast.cycle.pk])
    data = {"unit": cast.fourth_org.pk, "final": "61.5", "rank": 4, "reason": "Evidence found"}
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("scoring:ranking", args=[cast.cycle.pk])).content.decode()
    assert "Evidence found" in page and "61,50" in page


def test_a_correction_names_the_board_officer_by_full_name_never_by_username(client, cast, scored):
    cast.cycle.phase = Phase.CROSS_SCORING
    cast.cycle.save()
    published = ranking_services.publish_ranking(actor=cast.board, cycle=cast.cycle)
    as_role(client, cast, "board")
    url = reverse("scoring:ranking_correct", args=[cast.cycle.pk])
    data = {"unit": cast.fourth_org.pk, "final": "61.5", "rank": 4, "reason": "Evidence found"}
    assert client.post(url, data).status_code == 302
    ranking = reverse("scoring:ranking", args=[cast.cycle.pk])
    for role in ("board", "member_rep"):
        as_role(client, cast, role)
        page = client.get(ranking).content.decode()
        assert "Board Officer" in page and "board_officer" not in page
    # A correction recorded before the name was kept holds the username: the page looks it up.
    published.refresh_from_db()
    legacy = [{k: v for k, v in c.items() if k != "by_id"} for c in published.corrections]
    legacy[0]["by"] = cast.board.username
    PublishedRanking.objects.filter(pk=published.pk).update(corrections=legacy)
    page = client.get(ranking).content.decode()
    assert "Board Officer" in page and "board_officer" not in page


# --- query budget ----------------------------------------------------------------------------


def _block_with(cast, n: int, year: int):
    orgs = [make_org(cast.province, f"Đơn vị thử {year}-{i:02d}") for i in range(n)]
    block = make_block(cast.province, f"Khối thử {n}", orgs, year=year)
    cycle = cycles.create_cycle(
        actor=None, block=block, year=year, head_unit=orgs[0], deputy_unit=orgs[1]
    )
    nodes = build_table(cycle)
    sheets = ScoreSheet.objects.bulk_create(
        ScoreSheet(
            cycle=cycle,
            unit=unit,
            scorer=scorer,
            kind=SheetKind.SELF if scorer is None else SheetKind.CROSS,
            status=SheetStatus.SUBMITTED,
        )
        for unit in orgs
        for scorer in [None, *orgs]
        if scorer != unit
    )
    values = {"a": 28, "b": 105, "c": 31, "d": 1}
    ScoreLine.objects.bulk_create(
        ScoreLine(sheet=sheet, node=nodes[code], value=Decimal(v) + (sheet.scorer_id or 0) % 3)
        for sheet in sheets
        for code, v in values.items()
    )
    return cycle


@pytest.mark.parametrize("name", ["scoring:ranking", "scoring:analysis"])
@pytest.mark.usefixtures("page_builds")
def test_ranking_and_analysis_pages_run_the_same_queries_for_5_and_40_units(client, cast, name):
    small = _block_with(cast, 5, YEAR + 1)
    large = _block_with(cast, 40, YEAR + 2)
    as_role(client, cast, "board")
    counts = []
    for cycle in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name, args=[cycle.pk]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_analysis_page_gives_the_chart_data_and_the_same_numbers_in_a_table(client, cast, scored):
    as_role(client, cast, "head_rep")
    page = client.get(reverse("scoring:analysis", args=[cast.cycle.pk])).content.decode()
    assert 'id="scoring-chart-data"' in page and "chart-4.6.1.umd.min.js" in page
    assert '"final": ["75.00", "70.00", "65.00", "60.00"]' in page
    assert "75,00" in page and "<table" in page
    ranking = client.get(reverse("scoring:ranking", args=[cast.cycle.pk])).content.decode()
    assert "chart-4.6.1" not in ranking


def test_publishing_ends_cross_scoring_so_no_sheet_changes_under_a_published_ranking(cast, scored):
    cast.cycle.phase = Phase.CROSS_SCORING
    cast.cycle.save()
    ranking_services.publish_ranking(actor=cast.head_rep, cycle=cast.cycle)
    cast.cycle.refresh_from_db()
    assert cast.cycle.phase == Phase.RESULTS_PUBLISHED
    assert AuditEvent.objects.filter(action="cycle.advance_phase").exists()


def test_a_published_cycles_scores_come_from_the_cache_until_a_correction(
    cast, scored, django_assert_num_queries
):
    cast.cycle.phase = Phase.CROSS_SCORING
    cast.cycle.save()
    ranking_services.publish_ranking(actor=cast.head_rep, cycle=cast.cycle)
    first = selectors.cycle_scores(cast.cycle)
    with django_assert_num_queries(1):
        again = selectors.cycle_scores(cast.cycle)
    assert [r.final for r in again.results] == [r.final for r in first.results]
    unit = first.results[-1].unit
    ranking_services.correct_ranking(
        actor=cast.board,
        published=PublishedRanking.objects.get(cycle=cast.cycle),
        unit_id=unit,
        final="99",
        rank=1,
        reason="Sai số khi cộng điểm",
    )
    with CaptureQueriesContext(connection) as queries:
        selectors.cycle_scores(cast.cycle)
    assert len(queries) > 1


@pytest.mark.usefixtures("page_builds")
def test_a_published_analysis_page_reads_only_the_publication_dates_and_the_cache(
    client, cast, scored
):
    cast.cycle.phase = Phase.CROSS_SCORING
    cast.cycle.save()
    ranking_services.publish_ranking(actor=cast.head_rep, cycle=cast.cycle)
    as_role(client, cast, "member_rep")
    url = reverse("scoring:analysis", args=[cast.cycle.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200 and "75,00" in page.content.decode()
    published = [q["sql"] for q in queries if "scoring_publishedranking" in q["sql"]]
    assert len(published) == 1 and '"entries"' not in published[0]
    assert not any("scoring_scoreline" in q["sql"] for q in queries)
