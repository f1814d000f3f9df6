"""Provinces: creation, renaming and the 2025 merger of Bình Thuận into Lâm Đồng."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from thidua.orgs.models import Province
from thidua.testing import signin

RESOLUTION = "Nghị quyết số 202/2025/QH15 ngày 12/06/2025"


def test_the_board_creates_and_renames_a_province(client, cast):
    signin(client, cast.board)
    response = client.post(reverse("orgs:province_create"), {"name": "Đắk Nông"})
    assert response.status_code == 302
    province = Province.objects.get(name="Đắk Nông")
    assert province.code == "dak-nong"
    client.post(reverse("orgs:province_edit", args=[province.pk]), {"name": "Đắk Nông (cũ)"})
    province.refresh_from_db()
    assert province.name == "Đắk Nông (cũ)"


def test_a_duplicate_code_or_an_empty_name_is_refused(client, cast):
    signin(client, cast.board)
    duplicate = client.post(reverse("orgs:province_create"), {"name": "Bình Thuận"})
    empty = client.post(reverse("orgs:province_create"), {"name": " "})
    assert "code" in duplicate.context["form"].errors
    assert "name" in empty.context["form"].errors
    assert Province.objects.count() == 1


def test_the_binh_thuan_merger_into_lam_dong_is_recorded_and_shown(client, cast):
    signin(client, cast.board)
    client.post(reverse("orgs:province_create"), {"name": "Lâm Đồng"})
    client.post(reverse("orgs:province_create"), {"name": "Đắk Nông"})
    lam_dong, dak_nong = (
        Province.objects.get(code="lam-dong"),
        Province.objects.get(code="dak-nong"),
    )
    response = client.post(
        reverse("orgs:province_merge"),
        {
            "predecessors": [cast.province.pk, dak_nong.pk],
            "into": lam_dong.pk,
            "date": "2025-07-01",
            "decision_ref": RESOLUTION,
        },
    )
    assert response.status_code == 302
    binh_thuan = Province.objects.get(pk=cast.province.pk)
    assert (binh_thuan.valid_to, binh_thuan.merged_into) == (dt.date(2025, 6, 30), lam_dong)
    page = client.get(reverse("orgs:province_list")).content.decode()
    assert "Lâm Đồng" in page and RESOLUTION in page and "30/06/2025" in page


def test_a_refused_merger_shows_the_reason_and_saves_nothing(client, cast):
    signin(client, cast.board)
    response = client.post(
        reverse("orgs:province_merge"),
        {
            "predecessors": [cast.province.pk],
            "into": cast.province.pk,
            "date": "2025-07-01",
            "decision_ref": RESOLUTION,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Province.objects.filter(valid_to__isnull=False).exists()


def test_documents_name_the_province_in_force_on_their_date(client, cast):
    """After the merger a block of Bình Thuận issues its documents as part of Lâm Đồng, with
    the authority line and routing the Board set on Lâm Đồng; earlier dates keep Bình Thuận."""
    from thidua.orgs import services
    from thidua.reports import issuing

    lam_dong = services.create_province(actor=cast.board, name="Lâm Đồng")
    signin(client, cast.board)
    response = client.post(
        reverse("orgs:province_edit", args=[lam_dong.pk]),
        {
            "name": "Lâm Đồng",
            "letterhead_authority": "UBND TỈNH LÂM ĐỒNG",
            "dossier_addressee": "",
            "dossier_routing": "qua Sở Nội vụ (Phòng Thi đua, khen thưởng)",
        },
    )
    assert response.status_code == 302
    services.merge_provinces(
        actor=cast.board,
        predecessors=[cast.province],
        into=lam_dong,
        date=dt.date(2025, 7, 1),
        decision_ref=RESOLUTION,
    )
    cast.block.refresh_from_db()
    before = issuing.letterhead(cast.block, dt.date(2025, 6, 30))
    after = issuing.letterhead(cast.block, dt.date(2025, 7, 1), number="Số: 01/TTr-KTĐ8")
    assert (before.superior, before.place) == ("UBND TỈNH BÌNH THUẬN", "Bình Thuận")
    assert (after.superior, after.place) == ("UBND TỈNH LÂM ĐỒNG", "Lâm Đồng")
    assert after.issuer == cast.block.name.upper() and after.number == "Số: 01/TTr-KTĐ8"
    assert after.place_and_date == "Lâm Đồng, ngày 01 tháng 7 năm 2025"
    assert issuing.addressee(cast.block, dt.date(2025, 7, 2)) == (
        "Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng",
        "qua Sở Nội vụ (Phòng Thi đua, khen thưởng)",
    )
    assert issuing.addressee(cast.block, dt.date(2025, 1, 10))[0].endswith("tỉnh Bình Thuận")
