"""The rules of SPEC §4 are policy data with the SPEC's defaults, frozen once work begins."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.urls import reverse

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.cycles import services
from thidua.cycles.models import (
    AwardType,
    Phase,
    Policy,
    ScoreMethod,
    ScorerMode,
    VoteBase,
)
from thidua.testing import as_role


def _form_data(policy: Policy, **overrides):
    data = {
        "quorum_numerator": policy.quorum_numerator,
        "quorum_denominator": policy.quorum_denominator,
        "vote_threshold_numerator": policy.vote_threshold_numerator,
        "vote_threshold_denominator": policy.vote_threshold_denominator,
        "vote_threshold_strict": "on",
        "vote_base": policy.vote_base,
        "scorer_mode": policy.scorer_mode,
        "scorers_per_unit": policy.scorers_per_unit,
        "score_method": policy.score_method,
        "one_award_per_title_per_year": "on",
        "tie_break_1": "group_one",
        "tie_break_2": "bonus",
        "tie_break_3": "ballot",
    }
    for q in policy.quotas.all():
        data[f"quota_{q.award_type_id}"] = q.quota
    data.update(overrides)
    return data


def test_a_new_cycle_gets_the_defaults_of_spec_section_4(cast):
    policy = cast.cycle.policy
    assert Fraction(policy.quorum_numerator, policy.quorum_denominator) == Fraction(2, 3)
    assert Fraction(policy.vote_threshold_numerator, policy.vote_threshold_denominator) == Fraction(
        1, 2
    )
    assert policy.vote_threshold_strict is True  # more than half
    assert policy.vote_base == VoteBase.ALL_MEMBERS
    assert policy.scorer_mode == ScorerMode.ALL_OTHERS
    assert policy.score_method == ScoreMethod.MEAN
    assert policy.tie_breaks == ["group_one", "bonus", "ballot"]
    assert policy.one_award_per_title_per_year is True
    quotas = {q.award_type.code: q.quota for q in policy.quotas.select_related("award_type")}
    assert quotas == {"co-thi-dua": 1, "bang-khen": 3}
    flag = AwardType.objects.get(province=cast.province, code="co-thi-dua")
    assert flag.is_flag


def test_the_board_edits_a_cycles_rules(client, cast):
    as_role(client, cast, "board")
    policy = cast.cycle.policy
    flag = AwardType.objects.get(province=cast.province, code="bang-khen")
    response = client.post(
        reverse("cycles:policy_edit", args=[cast.cycle.pk]),
        _form_data(
            policy,
            vote_threshold_numerator=9,
            vote_threshold_denominator=10,
            vote_threshold_strict="",
            tie_break_3="",
            **{f"quota_{flag.pk}": 2},
        ),
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.vote_threshold_numerator, policy.vote_threshold_denominator) == (9, 10)
    assert policy.vote_threshold_strict is False
    assert policy.tie_breaks == ["group_one", "bonus"]
    assert policy.quotas.get(award_type=flag).quota == 2
    event = AuditEvent.objects.get(action="policy.update")
    assert event.before["vote_threshold_numerator"] == 1
    assert event.after["vote_threshold_numerator"] == 9


def test_the_rules_stay_editable_while_drafting(client, cast):
    services.advance_phase(actor=None, cycle=cast.cycle, to_phase=Phase.DRAFTING)
    as_role(client, cast, "board")
    response = client.post(
        reverse("cycles:policy_edit", args=[cast.cycle.pk]),
        _form_data(cast.cycle.policy, quorum_numerator=3, quorum_denominator=4),
    )
    assert response.status_code == 302
    cast.cycle.policy.refresh_from_db()
    assert cast.cycle.policy.quorum_numerator == 3


def test_the_rules_are_frozen_after_drafting(client, cast):
    for phase in (Phase.DRAFTING, Phase.SIGNING):
        services.advance_phase(
            actor=None, cycle=cast.cycle, to_phase=phase, acknowledge=True, reason="Kiểm thử"
        )
    with pytest.raises(DomainError, match="frozen"):
        services.update_policy(
            actor=cast.board, policy=cast.cycle.policy, values={"quorum_numerator": 1}, quotas={}
        )
    as_role(client, cast, "board")
    url = reverse("cycles:policy_edit", args=[cast.cycle.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["editable"] is False
    client.post(url, _form_data(cast.cycle.policy, quorum_numerator=1))
    cast.cycle.policy.refresh_from_db()
    assert cast.cycle.policy.quorum_numerator == 2
    assert not AuditEvent.objects.filter(action="policy.update").exists()


@pytest.mark.parametrize("numerator, denominator", [(3, 2), (0, 3)])
def test_a_fraction_outside_zero_to_one_is_refused(client, cast, numerator, denominator):
    as_role(client, cast, "board")
    response = client.post(
        reverse("cycles:policy_edit", args=[cast.cycle.pk]),
        _form_data(cast.cycle.policy, quorum_numerator=numerator, quorum_denominator=denominator),
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    cast.cycle.policy.refresh_from_db()
    assert cast.cycle.policy.quorum_numerator == 2


def test_a_tie_break_rule_cannot_appear_twice(client, cast):
    as_role(client, cast, "board")
    response = client.post(
        reverse("cycles:policy_edit", args=[cast.cycle.pk]),
        _form_data(cast.cycle.policy, tie_break_2="group_one"),
    )
    assert "only once" in str(response.context["form"].errors)


def test_the_preview_says_the_rule_in_plain_words(client, cast):
    as_role(client, cast, "board")
    url = reverse("cycles:policy_edit", args=[cast.cycle.pk])
    data = _form_data(
        cast.cycle.policy,
        vote_threshold_numerator=2,
        vote_threshold_denominator=3,
        vote_threshold_strict="",
        vote_base="present",
    )
    response = client.post(url, data, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "<html" not in html
    assert "at least 2/3 of the member units present" in html
    cast.cycle.policy.refresh_from_db()
    assert cast.cycle.policy.vote_threshold_numerator == 1  # a preview saves nothing
    page = client.get(url)
    assert page.context["preview"]["threshold"] == "more than 1/2 of all member units"
    no_js = client.post(url, {**data, "preview": "1"})
    assert no_js.status_code == 200
    assert no_js.context["preview"]["quorum"] == "at least 2/3 of member units present"


def test_the_province_template_is_what_new_cycles_copy(client, cast):
    as_role(client, cast, "board")
    template = services.province_policy(cast.province)
    url = reverse("cycles:province_policy", args=[cast.province.pk])
    response = client.post(url, _form_data(template, score_method="trimmed_mean"))
    assert response.status_code == 302
    cycle = services.create_cycle(
        actor=cast.board,
        block=cast.block,
        year=2026,
        head_unit=cast.deputy_org,
        deputy_unit=cast.member_org,
    )
    assert cycle.policy.score_method == ScoreMethod.TRIMMED_MEAN
    cast.cycle.policy.refresh_from_db()
    assert cast.cycle.policy.score_method == ScoreMethod.MEAN  # old cycles keep their copy


def test_reading_a_provinces_template_writes_nothing(client, cast):
    from thidua.testing import make_province

    other = make_province(code="lam-dong", name="Lâm Đồng")
    as_role(client, cast, "board")
    events = AuditEvent.objects.count()
    response = client.get(reverse("cycles:province_policy", args=[other.pk]))
    assert response.status_code == 200
    assert not Policy.objects.filter(province=other).exists()
    assert AuditEvent.objects.count() == events
    assert response.context["form"].initial["quorum_numerator"] == 2
