"""`load_demo` builds SPEC §6 through the services, into an empty database only."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts.models import Role, User
from thidua.core.audit import verify_chain
from thidua.core.models import AuditEvent
from thidua.cycles.models import Cycle, Phase
from thidua.demo import data, loader
from thidua.orgs.models import Block, Membership, Organisation, Province, Succession
from thidua.testing import make_person

SPEC_ORDER = [
    "Hội Người cao tuổi tỉnh",  # renamed from "Ban Đại diện Hội Người cao tuổi tỉnh" in 2024
    "Hội Nạn nhân chất độc da cam/dioxin tỉnh",
    "Liên hiệp các hội khoa học và kỹ thuật tỉnh",
    "Hội Bảo trợ người khuyết tật và bảo vệ quyền trẻ em tỉnh",
    "Hội Khuyến học tỉnh",
    "Hội Luật gia tỉnh",
    "Hội Cựu thanh niên xung phong tỉnh",
    "Hội Người mù tỉnh",
    "Hội Văn học nghệ thuật tỉnh",
    "Hội Nhà báo tỉnh",
    "Hội Chữ thập đỏ tỉnh",
    "Hội Đông y tỉnh",
]


@pytest.fixture
def demo(demo_data):
    return demo_data


def _members(block_name: str, year: int) -> list[str]:
    return list(
        Membership.objects.filter(block__name=block_name, year=year)
        .order_by("order")
        .values_list("organisation__name", flat=True)
    )


def test_khoi_8_has_its_twelve_members_in_spec_order_for_2024_and_2025(demo):
    assert _members("Khối thi đua 8", 2024) == SPEC_ORDER
    assert _members("Khối thi đua 8", 2025) == SPEC_ORDER
    assert len(_members("Khối thi đua 7", 2024)) == 6
    assert len(_members("Khối thi đua 7", 2025)) == 6
    assert Block.objects.get(name="Khối thi đua 8").province.name == "Bình Thuận"
    assert data.DEMO_MARK in Block.objects.get(name="Khối thi đua 8").description


def test_both_years_of_khoi_8_are_closed_and_the_block_with_them(demo):
    c2024 = Cycle.objects.get(block__name="Khối thi đua 8", year=2024)
    c2025 = Cycle.objects.get(block__name="Khối thi đua 8", year=2025)
    assert c2024.phase == c2025.phase == Phase.CLOSED
    assert c2024.head_unit.name == "Hội Người cao tuổi tỉnh"
    assert c2025.head_unit == c2024.deputy_unit  # rotation
    advances = AuditEvent.objects.filter(
        action="cycle.advance_phase", object_id__in=[str(c2024.pk), str(c2025.pk)]
    )
    assert advances.count() == 10 + 10
    assert c2025.policy.quotas.count() == 2
    # The block's last year: no 2026 cycle, and the Board has closed the block of Bình Thuận.
    block = c2025.block
    assert not Cycle.objects.filter(block=block, year__gt=2025).exists()
    assert not block.is_active and not Block.objects.get(name="Khối thi đua 7").is_active


def test_the_head_unit_was_renamed_during_2024_and_keeps_its_old_name_for_then(demo):
    org = Organisation.objects.get(name="Hội Người cao tuổi tỉnh")
    names = list(org.names.order_by("pk").values_list("name", "valid_to"))
    assert names[0] == ("Ban Đại diện Hội Người cao tuổi tỉnh", dt.date(2024, 9, 30))
    assert names[1] == ("Hội Người cao tuổi tỉnh", None)
    rename = Succession.objects.get(kind="rename")
    assert rename.date == dt.date(2024, 10, 1)
    assert rename.decision_ref == data.RENAME_DECISION  # printed in award histories: no marker


def test_binh_thuan_merged_into_lam_dong_on_1_july_2025(demo):
    binh_thuan = Province.objects.get(code="binh-thuan")
    lam_dong = Province.objects.get(code="lam-dong")
    assert binh_thuan.merged_into == lam_dong
    assert binh_thuan.valid_to == dt.date(2025, 6, 30)
    assert binh_thuan.merger_decision == "Nghị quyết số 202/2025/QH15 ngày 12/06/2025 của Quốc hội"
    assert Province.objects.get(code="dak-nong").merged_into == lam_dong
    assert lam_dong.valid_to is None


def test_each_member_has_a_leader_and_a_representative(demo):
    for org in Organisation.objects.filter(memberships__block__name="Khối thi đua 8").distinct():
        roles = sorted(org.people.filter(is_active=True).values_list("role", flat=True))
        assert roles == [Role.LEADER, Role.REPRESENTATIVE], org.name
    assert User.objects.get(username="nct.lanhdao").full_name == "Đào Xuân Nay"
    assert User.objects.get(username="nhabao.lanhdao").full_name == "Lê Hồng Văn"
    assert User.objects.get(username="bantdkt").is_board
    assert User.objects.get(username="nguoimu.daidien").check_password(data.DEMO_PASSWORD)


def test_every_step_is_in_a_verifiable_audit_log(demo):
    checked, problem = verify_chain()
    assert problem is None
    assert checked == AuditEvent.objects.count()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "province.create",
        "province.merge",
        "organisation.rename",
        "membership.add",
        "cycle.create",
        "person.create",
        "award_type.create",
    } <= actions
    call_command("verify_audit", stdout=io.StringIO())


def test_everyone_who_must_use_two_factor_has_a_confirmed_demo_totp_device(demo):
    for username in ("bantdkt", "kientruc.daidien", "cuutu.daidien"):
        device = loader.demo_device(username)
        assert device is not None and device.confirmed
    assert loader.demo_device("nguoimu.daidien") is None
    # Khối thi đua 8's heads of 2025 need no device once its last year is closed.
    assert loader.demo_device("dacam.daidien") is None


def test_running_it_again_refuses_with_exit_code_3_and_changes_nothing(demo):
    before = (AuditEvent.objects.count(), User.objects.count(), Organisation.objects.count())
    with pytest.raises(CommandError) as refused:
        call_command("load_demo")
    assert refused.value.returncode == 3
    assert "đã có dữ liệu" in str(refused.value)
    assert before == (
        AuditEvent.objects.count(),
        User.objects.count(),
        Organisation.objects.count(),
    )


def test_a_database_with_only_a_user_is_refused_too(db):
    make_person("admin", Role.BOARD_OFFICER)
    with pytest.raises(CommandError) as refused:
        call_command("load_demo")
    assert refused.value.returncode == 3
    assert not Organisation.objects.exists()


def test_demo_signins_lists_each_role_with_its_first_task_at_the_site_url(demo, capsys, settings):
    settings.SITE_URL = "http://127.0.0.1:8330"
    call_command("demo_signins")
    out = capsys.readouterr().out
    for role in (
        "Board officer",
        "head unit's representative",
        "a member's representative",
        "a member's leader",
    ):
        assert role in out
    for username in ("bantdkt", "kientruc.daidien", "nguoimu.daidien", "nhabao.lanhdao"):
        assert f"  {username} (" in out
    assert data.DEMO_PASSWORD in out
    assert "http://127.0.0.1:8330/awards/" in out
    assert "http://127.0.0.1:8330/voting/session/" in out
    assert ":8000" not in out
    assert "demo_totp bantdkt" in out and "demo_totp kientruc.daidien" in out
    assert "demo_totp nguoimu.daidien" not in out  # a member without two-factor


def test_demo_signins_says_when_the_demo_is_not_loaded(db, capsys):
    call_command("demo_signins")
    assert "not loaded" in capsys.readouterr().out


def test_demo_totp_prints_the_current_code_of_a_demo_account(demo, capsys):
    call_command("demo_totp", "bantdkt")
    code = capsys.readouterr().out.strip()
    device = loader.demo_device("bantdkt")
    assert len(code) == 6 and code.isdigit()
    assert TOTP(device.bin_key).verify(int(code), tolerance=1)


def test_demo_totp_refuses_a_non_demo_user(demo):
    outsider = make_person("someone", Role.BOARD_OFFICER)
    with pytest.raises(CommandError, match="demo"):
        call_command("demo_totp", outsider.username)
    with pytest.raises(CommandError):
        call_command("demo_totp", "nguoimu.daidien")  # a demo account without two-factor


def test_demo_totp_never_prints_the_code_of_a_real_account_with_a_demo_username(db):
    real = make_person("bantdkt", Role.BOARD_OFFICER)
    TOTPDevice.objects.create(user=real, name="demo", confirmed=True)  # its own random key
    with pytest.raises(CommandError):
        call_command("demo_totp", "bantdkt")


def test_after_the_rename_the_association_has_a_new_chair_and_the_former_head_is_kept(demo):
    former = User.objects.get(username="nct.lanhdao")
    chair = User.objects.get(username="nct.chutich")
    assert not former.is_active and former.full_name == "Đào Xuân Nay"
    assert chair.is_active and chair.full_name == "Nguyễn Thị Phúc"
    assert chair.organisation.name == "Hội Người cao tuổi tỉnh"
