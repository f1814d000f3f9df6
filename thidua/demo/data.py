"""The demo of SPEC §6 as plain data. Facts from the seed article and the research notes are
kept; everything else (people other than the two named in the article, the deputies, the rename
decision) is invented. The workspace says so where people read demo data (block descriptions,
news posts, photo captions); the text of official documents carries no demo marker — demo mode
marks every document outside its body."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from thidua.demo.clock import local

DEMO_MARK = "Dữ liệu minh hoạ"
DEMO_PASSWORD = "thidua-demo-2025"
# A fixed TOTP secret so that the demo's two-factor sign-in can be reproduced; the demo_totp
# command prints its current code. Never used outside demo accounts.
DEMO_TOTP_KEY = b"thidua-demo-totp-key".hex()
DEMO_DEVICE_NAME = "demo"
EMAIL_DOMAIN = "example.org"


@dataclass(frozen=True)
class ProvinceSpec:
    code: str
    name: str
    # Where a block's dossier goes: configuration per province (domain.md §1.4); the demo's
    # values follow the usual practice before and after the 2025 reorganisation.
    routing: str = ""


BINH_THUAN = ProvinceSpec(
    "binh-thuan", "Bình Thuận", routing="qua Sở Nội vụ (Ban Thi đua – Khen thưởng tỉnh)"
)
LAM_DONG = ProvinceSpec(
    "lam-dong", "Lâm Đồng", routing="qua Sở Nội vụ (Phòng Thi đua, khen thưởng)"
)
DAK_NONG = ProvinceSpec("dak-nong", "Đắk Nông")
PROVINCES = [BINH_THUAN, LAM_DONG, DAK_NONG]

MERGER_DATE = dt.date(2025, 7, 1)
# The Board records the merger the day it takes effect.
MERGER_RECORDED_AT = local(2025, 7, 1, 8, 0)
MERGER_DECISION = "Nghị quyết số 202/2025/QH15 ngày 12/06/2025 của Quốc hội"


@dataclass(frozen=True)
class AwardSpec:
    code: str
    name: str
    is_flag: bool
    default_quota: int
    order: int
    decided_by: str = "Chủ tịch UBND tỉnh"


AWARDS = [
    AwardSpec("co-thi-dua", "Cờ thi đua của UBND tỉnh", True, 1, 1),
    AwardSpec("bang-khen", "Bằng khen của Chủ tịch UBND tỉnh", False, 3, 2),
]


@dataclass(frozen=True)
class MemberSpec:
    """A member organisation with its leader and its representative (username prefix `code`)."""

    code: str
    name: str
    short_name: str
    leader: str = ""
    leader_position: str = "Chủ tịch"
    representative: str = ""


# Khối thi đua 8 in the order of the seed article (SPEC §6). Đào Xuân Nay and Lê Hồng Văn are
# named in the article; the other people are invented.
BLOCK8_NAME = "Khối thi đua 8"
BLOCK8_MEMBERS = [
    MemberSpec(
        "nct",
        "Ban Đại diện Hội Người cao tuổi tỉnh",
        "BĐD Hội NCT",
        "Đào Xuân Nay",
        "Trưởng Ban Đại diện",
        "Trần Thị Ngọc Ánh",
    ),
    MemberSpec(
        "dacam",
        "Hội Nạn nhân chất độc da cam/dioxin tỉnh",
        "Hội NNCĐDC/dioxin",
        "Nguyễn Văn Hùng",
        "Chủ tịch",
        "Phan Văn Dũng",
    ),
    MemberSpec(
        "khkt",
        "Liên hiệp các hội khoa học và kỹ thuật tỉnh",
        "Liên hiệp các hội KH&KT",
        "Trần Minh Tuấn",
        "Chủ tịch",
        "Lê Quang Huy",
    ),
    MemberSpec(
        "baotro",
        "Hội Bảo trợ người khuyết tật và bảo vệ quyền trẻ em tỉnh",
        "Hội BTNKT&BVQTE",
        "Lê Thị Hoa",
        "Chủ tịch",
        "Nguyễn Thị Thanh Thảo",
    ),
    MemberSpec(
        "khuyenhoc",
        "Hội Khuyến học tỉnh",
        "Hội Khuyến học",
        "Phạm Văn Lộc",
        "Chủ tịch",
        "Hồ Văn Nam",
    ),
    MemberSpec(
        "luatgia", "Hội Luật gia tỉnh", "Hội Luật gia", "Võ Thanh Sơn", "Chủ tịch", "Đỗ Thị Hương"
    ),
    MemberSpec(
        "tnxp",
        "Hội Cựu thanh niên xung phong tỉnh",
        "Hội Cựu TNXP",
        "Huỳnh Thị Lan",
        "Chủ tịch",
        "Ngô Văn Thành",
    ),
    MemberSpec(
        "nguoimu",
        "Hội Người mù tỉnh",
        "Hội Người mù",
        "Nguyễn Văn Tâm",
        "Chủ tịch",
        "Trần Văn Khoa",
    ),
    MemberSpec(
        "vhnt",
        "Hội Văn học nghệ thuật tỉnh",
        "Hội VHNT",
        "Trương Quốc Bảo",
        "Chủ tịch",
        "Vũ Thị Hạnh",
    ),
    MemberSpec(
        "nhabao", "Hội Nhà báo tỉnh", "Hội Nhà báo", "Lê Hồng Văn", "Chủ tịch", "Lâm Thị Thu Trang"
    ),
    MemberSpec(
        "chuthapdo",
        "Hội Chữ thập đỏ tỉnh",
        "Hội Chữ thập đỏ",
        "Đặng Thị Mai",
        "Chủ tịch",
        "Mai Văn Đức",
    ),
    MemberSpec("dongy", "Hội Đông y tỉnh", "Hội Đông y", "Bùi Văn Phúc", "Chủ tịch", "Cao Thị Yến"),
]
BLOCK8_DESCRIPTION = (
    "12 hội thành viên cấp tỉnh. Danh sách thành viên và trưởng khối năm 2024 theo tin của Báo "
    "Bình Thuận ngày 25/03/2024. " + DEMO_MARK + ": phó khối các năm, người dùng (trừ ông Đào "
    "Xuân Nay và ông Lê Hồng Văn) và quyết định đổi tên là dữ liệu bịa để minh hoạ."
)

# Khối thi đua 7 (research notes §4): no people, no cycle; it shows a second block.
BLOCK7_NAME = "Khối thi đua 7"
BLOCK7_MEMBERS = [
    MemberSpec("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "UBMTTQ tỉnh"),
    MemberSpec("nongdan", "Hội Nông dân tỉnh", "Hội Nông dân"),
    MemberSpec("ccb", "Hội Cựu chiến binh tỉnh", "Hội CCB"),
    MemberSpec("ldld", "Liên đoàn Lao động tỉnh", "LĐLĐ tỉnh"),
    MemberSpec("phunu", "Hội Liên hiệp Phụ nữ tỉnh", "Hội LHPN tỉnh"),
    MemberSpec("tinhdoan", "Tỉnh đoàn", "Tỉnh đoàn"),
]
BLOCK7_DESCRIPTION = "Khối các tổ chức chính trị – xã hội của tỉnh. " + DEMO_MARK + "."

YEARS = (2024, 2025)
# 2024: head from the article; deputy invented. 2025: head by rotation (2024's deputy).
HEAD_2024, DEPUTY_2024, DEPUTY_2025 = "nct", "dacam", "khkt"

RENAME_CODE = "nct"
# Named as the association's chair at the year-end review of 08/01/2025 (research, domain.md §4).
NEW_CHAIR_USERNAME = "nct.chutich"
NEW_CHAIR_NAME = "Nguyễn Thị Phúc"
RENAME_TO = "Hội Người cao tuổi tỉnh"
RENAME_SHORT = "Hội NCT"
RENAME_DATE = dt.date(2024, 10, 1)
RENAME_DECISION = "Quyết định số 1568/QĐ-UBND ngày 16/09/2024 của UBND tỉnh Bình Thuận"
RENAME_RECORDED_AT = local(2024, 10, 1, 9, 0)

# The story's moments (Asia/Ho_Chi_Minh). The Board sets the demo up in January 2024 and opens
# the 2024 cycle; the head unit moves it through its phases on these days (the launch and signing
# on 25/03/2024 and the year-end meeting on 08/01/2025 are from the press; the other days are
# invented, in the usual order of a year). Each phase's own steps happen between its moment and
# the next phase's (thidua/demo/phases/).
SETUP_AT = local(2024, 1, 15, 8, 30)
CYCLE_2024_CREATED_AT = local(2024, 2, 20, 8, 0)
PHASES_2024 = {
    "drafting": local(2024, 2, 26, 8, 0),
    "signing": local(2024, 3, 18, 8, 0),
    "in_progress": local(2024, 3, 26, 8, 0),
    "self_assessment": local(2024, 12, 2, 8, 0),
    "cross_scoring": local(2024, 12, 12, 8, 0),
    "results_published": local(2024, 12, 26, 8, 0),
    "evaluation": local(2025, 1, 6, 8, 0),
    "proposed": local(2025, 1, 9, 8, 0),
    "decided": local(2025, 3, 13, 8, 0),
    "closed": local(2025, 3, 17, 8, 0),
}
# The 2025 cycle, created by the election of 08/01/2025: drafted, signed and under way in
# Bình Thuận before the merger; scored in December 2025, evaluated and proposed in January 2026
# and decided in March 2026 in Lâm Đồng (invented days, in the order of 2024's). It is the
# block's last year: its associations join Lâm Đồng's blocks from 2026 (thidua/demo/lam_dong.py),
# so the 2025 evaluation elects no head, and the Board closes the block once the year is closed.
MEMBERS_2025_AT = local(2025, 3, 18, 7, 30)
PHASES_2025 = {
    "drafting": local(2025, 3, 18, 8, 0),
    "signing": local(2025, 4, 7, 8, 0),
    "in_progress": local(2025, 4, 16, 8, 0),
    "self_assessment": local(2025, 12, 1, 8, 0),
    "cross_scoring": local(2025, 12, 11, 8, 0),
    "results_published": local(2025, 12, 24, 8, 0),
    "evaluation": local(2026, 1, 5, 8, 0),
    "proposed": local(2026, 1, 8, 8, 0),
    "decided": local(2026, 3, 11, 8, 0),
    "closed": local(2026, 3, 16, 8, 0),
}
LAST_YEAR = 2025
# The Board closes Khối thi đua 8 the day after its last year is closed.
BLOCK8_CLOSED_AT = local(2026, 3, 17, 9, 0)


@dataclass(frozen=True)
class PersonSpec:
    username: str
    full_name: str
    position: str


BOARD_OFFICER = PersonSpec(
    "bantdkt", "Nguyễn Thị Thu Hà", "Chuyên viên Ban Thi đua – Khen thưởng, Sở Nội vụ"
)


def leader_username(code: str) -> str:
    return f"{code}.lanhdao"


def representative_username(code: str) -> str:
    return f"{code}.daidien"


# The accessibility persona of SPEC §7: Hội Người mù's people sign in as the member roles.
PERSONA_CODE = "nguoimu"
# Two-factor is mandatory for the Board and the heads of cycles not closed: every demo account
# that needs it gets a device (the loader asks accounts.access); these are the ones `is_loaded`
# looks for (the Board officer, and the head of Lâm Đồng's block that is drafting, in
# thidua/demo/lam_dong.py; Khối thi đua 8's heads need none once its last year is closed).
TOTP_USERNAMES = [BOARD_OFFICER.username, representative_username("kientruc")]
