"""Succession and membership rules: what the services record and what they refuse."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.orgs import services
from thidua.orgs.models import Membership, Organisation, OrgName, Province, Succession
from thidua.testing import YEAR, make_org

DECISION = "Quyết định số 1234/QĐ-UBND ngày 15/08/2025"


def test_a_rename_keeps_the_old_name_for_earlier_dates(cast):
    org = cast.head_org
    services.rename_organisation(
        actor=cast.board,
        org=org,
        new_name="Hội Người cao tuổi tỉnh",
        new_short_name="Hội NCT",
        date=dt.date(2024, 7, 1),
        decision_ref=DECISION,
    )
    org.refresh_from_db()
    assert org.name == "Hội Người cao tuổi tỉnh"
    assert org.name_on(dt.date(2024, 3, 25)) == "Ban Đại diện Hội Người cao tuổi tỉnh"
    assert org.name_on(dt.date(2024, 7, 1)) == "Hội Người cao tuổi tỉnh"
    assert Succession.objects.get(kind="rename").predecessors.get() == org
    assert AuditEvent.objects.filter(action="organisation.rename").exists()


def test_a_renamed_organisation_is_still_found_by_its_former_name(cast):
    services.rename_organisation(
        actor=cast.board,
        org=cast.head_org,
        new_name="Hội NCT tỉnh",
        date=dt.date(2024, 7, 1),
        decision_ref=DECISION,
    )
    cast.head_org.refresh_from_db()
    assert "ban dai dien" in cast.head_org.search_folded


def test_a_merger_into_a_new_organisation_ends_the_others_and_links_them(cast):
    a, b = cast.deputy_org, make_org(cast.province, "Hội Nhà báo tỉnh Đắk Nông")
    new = services.merge_organisations(
        actor=cast.board,
        predecessors=[a, b],
        new_name="Hội Nhà báo tỉnh Lâm Đồng",
        date=dt.date(2025, 10, 1),
        decision_ref=DECISION,
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.valid_to == b.valid_to == dt.date(2025, 9, 30)
    assert new.valid_from == dt.date(2025, 10, 1)
    succession = Succession.objects.get(kind="merge")
    assert set(succession.predecessors.all()) == {a, b}
    assert list(succession.successors.all()) == [new]


def test_a_merger_into_an_existing_organisation_keeps_it_going(cast):
    other = make_org(cast.province, "Hội Luật gia huyện")
    kept = services.merge_organisations(
        actor=cast.board,
        predecessors=[other],
        into=cast.member_org,
        date=dt.date(2025, 10, 1),
        decision_ref=DECISION,
    )
    assert kept == cast.member_org
    kept.refresh_from_db()
    other.refresh_from_db()
    assert kept.valid_to is None and other.valid_to == dt.date(2025, 9, 30)


def test_a_split_creates_the_new_organisations_as_successors(cast):
    new = services.split_organisation(
        actor=cast.board,
        org=cast.member_org,
        new_names=["Hội A", "Hội B"],
        date=dt.date(2025, 10, 1),
        decision_ref=DECISION,
    )
    assert [o.name for o in new] == ["Hội A", "Hội B"]
    succession = Succession.objects.get(kind="split")
    assert list(succession.predecessors.all()) == [cast.member_org]
    assert set(succession.successors.all()) == set(new)


@pytest.mark.parametrize(
    "call",
    [
        lambda c: services.merge_organisations(
            actor=c.board,
            predecessors=[c.member_org],
            new_name="X",
            date=dt.date(2025, 10, 1),
            decision_ref=DECISION,
        ),
        lambda c: services.merge_organisations(
            actor=c.board,
            predecessors=[c.member_org, c.deputy_org],
            new_name="X",
            date=dt.date(2025, 10, 1),
            decision_ref=" ",
        ),
        lambda c: services.split_organisation(
            actor=c.board,
            org=c.member_org,
            new_names=["Một"],
            date=dt.date(2025, 10, 1),
            decision_ref=DECISION,
        ),
        lambda c: services.split_organisation(
            actor=c.board,
            org=c.member_org,
            new_names=["Hội A", "hội a"],
            date=dt.date(2025, 10, 1),
            decision_ref=DECISION,
        ),
        lambda c: services.rename_organisation(
            actor=c.board,
            org=c.member_org,
            new_name=c.member_org.name,
            date=dt.date(2025, 10, 1),
            decision_ref=DECISION,
        ),
    ],
    ids=["merge-one", "merge-no-decision", "split-one", "split-same-names", "rename-same"],
)
def test_refused_successions_save_nothing(cast, call):
    counts = (
        Organisation.objects.count(),
        OrgName.objects.count(),
        Succession.objects.count(),
        AuditEvent.objects.count(),
    )
    with pytest.raises(DomainError):
        call(cast)
    assert counts == (
        Organisation.objects.count(),
        OrgName.objects.count(),
        Succession.objects.count(),
        AuditEvent.objects.count(),
    )


def test_an_ended_organisation_cannot_be_renamed_or_merged_again(cast):
    services.split_organisation(
        actor=cast.board,
        org=cast.member_org,
        new_names=["A", "B"],
        date=dt.date(2025, 10, 1),
        decision_ref=DECISION,
    )
    cast.member_org.refresh_from_db()
    with pytest.raises(DomainError, match=r"đã|already"):
        services.rename_organisation(
            actor=cast.board,
            org=cast.member_org,
            new_name="C",
            date=dt.date(2025, 11, 1),
            decision_ref=DECISION,
        )


def test_binh_thuan_merges_into_lam_dong_in_2025(cast):
    lam_dong = services.create_province(actor=cast.board, name="Lâm Đồng")
    assert lam_dong.code == "lam-dong"
    services.merge_provinces(
        actor=cast.board,
        predecessors=[cast.province],
        into=lam_dong,
        date=dt.date(2025, 7, 1),
        decision_ref="Nghị quyết số 202/2025/QH15 ngày 12/06/2025",
    )
    binh_thuan = Province.objects.get(pk=cast.province.pk)
    assert binh_thuan.valid_to == dt.date(2025, 6, 30)
    assert binh_thuan.merged_into == lam_dong
    assert list(lam_dong.merged_from.all()) == [binh_thuan]


def test_a_province_cannot_merge_into_itself_or_an_ended_one(cast):
    with pytest.raises(DomainError):
        services.merge_provinces(
            actor=cast.board,
            predecessors=[cast.province],
            into=cast.province,
            date=dt.date(2025, 7, 1),
            decision_ref="NQ",
        )
    other = services.create_province(actor=cast.board, name="Đắk Nông")
    ended = services.create_province(actor=cast.board, name="Cũ")
    Province.objects.filter(pk=ended.pk).update(valid_to=dt.date(2020, 1, 1))
    ended.refresh_from_db()
    with pytest.raises(DomainError):
        services.merge_provinces(
            actor=cast.board,
            predecessors=[other],
            into=ended,
            date=dt.date(2025, 7, 1),
            decision_ref="NQ",
        )
    assert Province.objects.filter(valid_to__isnull=False).count() == 1


def test_adding_several_members_is_all_or_nothing(cast):
    free = make_org(cast.province, "Hội Đông y tỉnh")
    with pytest.raises(DomainError, match="Tỉnh đoàn"):
        services.add_memberships(
            actor=cast.board, block=cast.block, year=YEAR, organisations=[free, cast.outsider_org]
        )
    assert not Membership.objects.filter(organisation=free).exists()
    added = services.add_memberships(
        actor=cast.board, block=cast.block, year=YEAR, organisations=[free]
    )
    assert added[0].order == 5


def test_copying_last_years_members_skips_those_already_placed(cast):
    services.add_membership(
        actor=cast.board, block=cast.other_block, organisation=cast.member_org, year=YEAR + 1
    )
    added = services.copy_memberships(
        actor=cast.board, block=cast.block, from_year=YEAR, to_year=YEAR + 1
    )
    assert added == 3
    assert Membership.objects.filter(block=cast.block, year=YEAR + 1).count() == 3


def test_names_differing_only_in_vietnamese_capitals_are_duplicates(cast):
    with pytest.raises(DomainError):
        services.create_organisation(
            actor=cast.board, province=cast.province, name="HỘI NGƯỜI MÙ TỈNH"
        )
    with pytest.raises(DomainError):
        services.create_block(actor=cast.board, province=cast.province, name="KHỐI THI ĐUA 8")
