"""Opening a cycle: rotation of the head, refusals in plain words, members carried over."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.cycles import services
from thidua.cycles.models import Cycle, Phase
from thidua.orgs.models import Membership
from thidua.orgs.services import add_membership
from thidua.testing import YEAR, as_role, make_org

NEXT = YEAR + 1


def _post(client, cast, **overrides):
    data = {
        "block": cast.block.pk,
        "year": NEXT,
        "head_unit": cast.deputy_org.pk,
        "deputy_unit": cast.member_org.pk,
        "copy_members": "on",
    }
    data.update(overrides)
    return client.post(
        reverse("cycles:cycle_create"), {k: v for k, v in data.items() if v is not None}
    )


def test_default_head_is_last_years_deputy(cast):
    assert services.default_head_for(cast.block, NEXT) == cast.deputy_org
    assert services.default_head_for(cast.block, YEAR) is None


def test_create_page_proposes_last_years_deputy_as_head(client, cast):
    as_role(client, cast, "board")
    response = client.get(reverse("cycles:cycle_create"), {"block": cast.block.pk, "year": NEXT})
    form = response.context["form"]
    assert form.initial["head_unit"] == cast.deputy_org.pk
    assert response.context["default_head"] == cast.deputy_org


def test_creating_a_cycle_copies_last_years_members_and_the_province_rules(client, cast):
    as_role(client, cast, "board")
    response = _post(client, cast)
    cycle = Cycle.objects.get(block=cast.block, year=NEXT)
    assert response.status_code == 302
    assert response["Location"] == reverse("cycles:cycle_detail", args=[cycle.pk])
    assert cycle.phase == Phase.PREPARING
    assert cycle.head_unit == cast.deputy_org
    last_year = list(
        Membership.objects.filter(block=cast.block, year=YEAR).values_list(
            "organisation_id", "order"
        )
    )
    this_year = list(
        Membership.objects.filter(block=cast.block, year=NEXT).values_list(
            "organisation_id", "order"
        )
    )
    assert sorted(this_year) == sorted(last_year)
    assert cycle.policy.pk != cast.cycle.policy.pk
    assert cycle.policy.quotas.count() == 2
    assert AuditEvent.objects.filter(action="cycle.create", object_id=str(cycle.pk)).exists()


def test_a_block_has_one_cycle_per_year(client, cast):
    as_role(client, cast, "board")
    response = _post(client, cast, year=YEAR)
    assert response.status_code == 200
    assert "already has a cycle for 2025" in str(response.context["form"].errors)
    assert Cycle.objects.filter(block=cast.block, year=YEAR).count() == 1


def test_head_and_deputy_must_differ(client, cast):
    as_role(client, cast, "board")
    response = _post(client, cast, deputy_unit=cast.deputy_org.pk)
    assert "must be different" in str(response.context["form"].errors)
    assert not Cycle.objects.filter(year=NEXT).exists()


def test_head_must_be_a_member_of_the_block_that_year(client, cast):
    as_role(client, cast, "board")
    response = _post(client, cast, head_unit=cast.outsider_org.pk)
    errors = str(response.context["form"].errors)
    assert "is not a member of Khối thi đua 8 in 2026" in errors
    assert not Cycle.objects.filter(year=NEXT).exists()
    # Nothing half-done: the copied memberships were rolled back with the refusal.
    assert not Membership.objects.filter(year=NEXT).exists()


@pytest.mark.parametrize(
    "year, message",
    [("1999", "between 2000 and 2100"), ("2101", "between 2000 and 2100"), ("abc", "number")],
)
def test_a_bad_year_is_refused(client, cast, year, message):
    as_role(client, cast, "board")
    response = _post(client, cast, year=year)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["year"]
    assert message in errors["year"][0]
    assert Cycle.objects.count() == 1


def test_without_copying_a_block_with_no_members_that_year_is_refused(client, cast):
    as_role(client, cast, "board")
    response = _post(client, cast, copy_members=None)
    assert "has no members in 2026" in str(response.context["form"].errors)


def test_a_unit_joining_in_between_is_kept_when_members_exist_already(cast):
    newcomer = make_org(cast.province, "Hội Cựu thanh niên xung phong tỉnh")
    add_membership(actor=None, block=cast.block, organisation=newcomer, year=NEXT)
    add_membership(actor=None, block=cast.block, organisation=cast.deputy_org, year=NEXT)
    cycle = services.create_cycle(
        actor=cast.board,
        block=cast.block,
        year=NEXT,
        head_unit=cast.deputy_org,
        deputy_unit=newcomer,
    )
    members = set(
        Membership.objects.filter(block=cast.block, year=NEXT).values_list(
            "organisation_id", flat=True
        )
    )
    assert members == {newcomer.pk, cast.deputy_org.pk}
    assert cycle.deputy_unit == newcomer


def test_last_years_head_unit_may_prepare_the_next_cycle(client, cast):
    as_role(client, cast, "head_rep")
    response = _post(client, cast)
    assert response.status_code == 302
    assert Cycle.objects.get(block=cast.block, year=NEXT).head_unit == cast.deputy_org


def test_a_closed_block_gets_no_new_cycle(cast):
    type(cast.block).objects.filter(pk=cast.block.pk).update(is_active=False)
    cast.block.refresh_from_db()
    with pytest.raises(DomainError, match="is closed"):
        services.create_cycle(
            actor=cast.board,
            block=cast.block,
            year=NEXT,
            head_unit=cast.deputy_org,
            deputy_unit=cast.member_org,
        )
    assert not Cycle.objects.filter(block=cast.block, year=NEXT).exists()


def test_last_years_head_unit_may_not_prepare_another_year(client, cast):
    as_role(client, cast, "head_rep")
    response = _post(client, cast, year=NEXT + 1)
    assert "Only the Board or the head unit of Khối thi đua 8 in 2026" in str(
        response.context["form"].errors
    )
    assert not Cycle.objects.filter(year=NEXT + 1).exists()


def test_a_member_that_never_headed_may_not_open_the_create_page(client, cast):
    as_role(client, cast, "member_rep")
    assert client.get(reverse("cycles:cycle_create")).status_code == 403
    assert _post(client, cast).status_code == 403
    assert not Cycle.objects.filter(year=NEXT).exists()


def test_changing_block_or_year_refreshes_the_candidates_with_htmx(client, cast):
    as_role(client, cast, "board")
    response = client.get(
        reverse("cycles:cycle_create"),
        {"block": cast.block.pk, "year": NEXT},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "<html" not in html
    assert cast.member_org.name in html
    assert cast.outsider_org.name not in html
    assert "2025" in html  # candidates come from last year, to be copied


def test_the_candidates_refresh_without_javascript_too(client, cast):
    as_role(client, cast, "board")
    response = client.post(
        reverse("cycles:cycle_create"), {"block": cast.block.pk, "year": NEXT, "refresh": "1"}
    )
    assert response.status_code == 200
    assert not Cycle.objects.filter(year=NEXT).exists()
    assert not response.context["form"].errors
    assert response.context["form"].initial["head_unit"] == cast.deputy_org.pk
    assert cast.member_org.name in response.content.decode()


def test_the_service_refuses_a_duplicate_even_without_the_form(cast):
    with pytest.raises(DomainError):
        services.create_cycle(
            actor=None,
            block=cast.block,
            year=YEAR,
            head_unit=cast.head_org,
            deputy_unit=cast.deputy_org,
        )


def test_an_out_of_range_year_in_the_refresh_shows_no_candidates_instead_of_failing(client, cast):
    as_role(client, cast, "board")
    response = client.get(reverse("cycles:cycle_create"), {"block": cast.block.pk, "year": 99999})
    assert response.status_code == 200
    assert response.context["form"].candidates == []
    listing = client.get(reverse("cycles:cycle_list"), {"year": 99999})
    assert listing.status_code == 200
