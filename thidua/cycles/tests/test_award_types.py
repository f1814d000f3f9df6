"""Award types are data per province, kept by the Board."""

from __future__ import annotations

from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.cycles import services
from thidua.cycles.models import AwardType, PolicyQuota
from thidua.testing import as_role

NEW = {
    "code": "tap-the-ldxs",
    "name": "Tập thể lao động xuất sắc",
    "beneficiary": "collective",
    "decided_by": "Chủ tịch UBND tỉnh",
    "default_quota": 2,
    "order": 3,
}


def test_the_board_adds_an_award_type_for_a_province(client, cast):
    as_role(client, cast, "board")
    template = services.province_policy(cast.province)
    response = client.post(
        reverse("cycles:award_type_create"), {**NEW, "province": cast.province.pk}
    )
    assert response.status_code == 302
    award = AwardType.objects.get(province=cast.province, code="tap-the-ldxs")
    assert award.default_quota == 2
    assert PolicyQuota.objects.get(policy=template, award_type=award).quota == 2
    assert not PolicyQuota.objects.filter(policy=cast.cycle.policy, award_type=award).exists()
    assert AuditEvent.objects.filter(action="award_type.create").exists()


def test_a_code_is_unique_within_a_province(client, cast):
    as_role(client, cast, "board")
    response = client.post(
        reverse("cycles:award_type_create"),
        {**NEW, "code": "bang-khen", "province": cast.province.pk},
    )
    assert response.status_code == 200
    assert "already has an award type with the code" in str(response.context["form"].errors)


def test_the_board_edits_an_award_type(client, cast):
    as_role(client, cast, "board")
    award = AwardType.objects.get(province=cast.province, code="bang-khen")
    response = client.post(
        reverse("cycles:award_type_edit", args=[award.pk]),
        {**NEW, "code": "bang-khen", "name": "Bằng khen của Chủ tịch UBND", "default_quota": 4},
    )
    assert response.status_code == 302, response.context["form"].errors
    award.refresh_from_db()
    assert (award.name, award.default_quota, award.province) == (
        "Bằng khen của Chủ tịch UBND",
        4,
        cast.province,
    )
    event = AuditEvent.objects.get(action="award_type.update")
    assert event.before["default_quota"] == 3


def test_the_list_groups_award_types_by_province(client, cast):
    as_role(client, cast, "board")
    html = client.get(reverse("cycles:award_type_list")).content.decode()
    assert "Cờ thi đua của UBND tỉnh" in html
    assert reverse("cycles:province_policy", args=[cast.province.pk]) in html
