from decimal import Decimal

import pytest
from django.utils import translation

from thidua.core.errors import DomainError
from thidua.cycles.models import Phase, ScorerMode
from thidua.orgs.models import Membership
from thidua.scoring import access, selectors, services
from thidua.scoring.models import ScoreChange, ScorerAssignment, ScoreSheet, SheetKind
from thidua.scoring.services import LineInput
from thidua.scoring.tests.builders import build_table, full_entries, set_phase


@pytest.fixture
def table(cast):
    nodes = build_table(cast)
    set_phase(cast.cycle, Phase.CROSS_SCORING)
    return nodes


def score(cast, user, unit, entries, *, version=None, reason="", kind=SheetKind.CROSS):
    return services.save_cross_scores(
        actor=user,
        cycle=cast.cycle,
        unit=unit,
        version=version,
        entries=entries,
        reason=reason,
        kind=kind,
    )


def test_a_unit_never_scores_itself(cast, table):
    with translation.override("en"), pytest.raises(DomainError) as err:
        score(cast, cast.member_rep, cast.member_org, full_entries(table))
    assert "itself" in err.value.message
    assert not ScoreSheet.objects.exists()


def test_the_database_refuses_a_cross_sheet_about_the_scorers_own_unit(cast, table):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreSheet.objects.create(
            cycle=cast.cycle, unit=cast.member_org, scorer=cast.member_org, kind=SheetKind.CROSS
        )


def test_every_other_unit_scores_by_default(cast, table):
    assert set(selectors.scorers_of(cast.cycle, cast.member_org.pk)) == set(
        Membership.objects.filter(block=cast.block, year=cast.cycle.year)
        .exclude(organisation=cast.member_org)
        .values_list("organisation_id", flat=True)
    )


def test_scorers_submit_and_later_changes_need_a_reason_kept_as_history(cast, table):
    sheet = score(cast, cast.member_rep, cast.head_org, full_entries(table))
    sheet = services.submit_cross_scores(
        actor=cast.member_rep, cycle=cast.cycle, unit=cast.head_org, version=sheet.version
    )
    change = {table["1.1"].pk: LineInput(value="6", note="Less evidence")}
    with pytest.raises(DomainError) as err:
        score(cast, cast.member_leader, cast.head_org, change, version=sheet.version)
    assert err.value.field == "reason"
    score(cast, cast.member_leader, cast.head_org, change, version=sheet.version, reason="Recount")
    history = ScoreChange.objects.get()
    assert (history.old_value, history.new_value) == (Decimal("8.5"), Decimal(6))
    assert history.changed_by == cast.member_leader
    assert history.reason == "Recount"


def test_a_score_above_the_maximum_is_refused(cast, table):
    with pytest.raises(DomainError):
        score(cast, cast.member_rep, cast.head_org, {table["1.1"].pk: LineInput(value="10.5")})
    assert not ScoreSheet.objects.filter(lines__isnull=False).exists()


def test_outsiders_and_units_outside_the_block_cannot_score(cast, table):
    with pytest.raises(DomainError):
        score(cast, cast.outsider, cast.member_org, full_entries(table))


def test_scoring_is_refused_outside_the_cross_scoring_phase(cast, table):
    set_phase(cast.cycle, Phase.RESULTS_PUBLISHED)
    with pytest.raises(DomainError):
        score(cast, cast.member_rep, cast.head_org, full_entries(table))


def test_assigned_mode_gives_every_unit_n_scorers_and_n_units_to_score(cast, table):
    cast.cycle.policy.scorer_mode = ScorerMode.ASSIGNED
    cast.cycle.policy.scorers_per_unit = 2
    cast.cycle.policy.save()
    services.assign_scorers(actor=cast.head_rep, cycle=cast.cycle)
    units = selectors.member_ids(cast.cycle)
    for unit in units:
        scorers = selectors.scorers_of(cast.cycle, unit)
        assert len(scorers) == 2 and unit not in scorers
        assert len(selectors.units_scored_by(cast.cycle, unit)) == 2
    assert ScorerAssignment.objects.count() == 2 * len(units)
    outsider = next(u for u in units if u not in selectors.scorers_of(cast.cycle, cast.head_org.pk))
    assert not access.may_score(cast.cycle, outsider, cast.head_org.pk)


def test_head_mode_lets_the_head_score_and_the_deputy_score_the_head(cast, table):
    cast.cycle.policy.scorer_mode = ScorerMode.HEAD
    cast.cycle.policy.save()
    assert selectors.scorers_of(cast.cycle, cast.member_org.pk) == [cast.head_org.pk]
    assert selectors.scorers_of(cast.cycle, cast.head_org.pk) == [cast.deputy_org.pk]
    with pytest.raises(DomainError):
        score(cast, cast.member_rep, cast.deputy_org, full_entries(table))


def test_the_head_keeps_a_consolidated_sheet_for_other_units_only_under_the_head_method(
    cast, table
):
    entries = full_entries(table)
    with pytest.raises(DomainError):
        score(cast, cast.head_rep, cast.member_org, entries, kind=SheetKind.HEAD)
    cast.cycle.policy.score_method = "head"
    cast.cycle.policy.save()
    sheet = score(cast, cast.head_rep, cast.member_org, entries, kind=SheetKind.HEAD)
    assert sheet.kind == SheetKind.HEAD and sheet.scorer == cast.head_org
    with pytest.raises(DomainError):
        score(cast, cast.head_rep, cast.head_org, entries, kind=SheetKind.HEAD)
    with pytest.raises(DomainError):
        score(cast, cast.member_rep, cast.deputy_org, entries, kind=SheetKind.HEAD)
