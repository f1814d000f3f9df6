"""Vietnamese names built from parts: associations of a Lâm Đồng-like province (after the 2025
merger with Bình Thuận and Đắk Nông), their people, and short names."""

from __future__ import annotations

import random
from typing import NamedTuple

# The association's field, with its usual short form.
SUBJECTS: list[tuple[str, str]] = [
    ("Người cao tuổi", "NCT"),
    ("Nạn nhân chất độc da cam/dioxin", "NNCĐDC"),
    ("Khuyến học", "KH"),
    ("Luật gia", "LG"),
    ("Cựu thanh niên xung phong", "CTNXP"),
    ("Người mù", "NM"),
    ("Văn học nghệ thuật", "VHNT"),
    ("Nhà báo", "NB"),
    ("Chữ thập đỏ", "CTĐ"),
    ("Đông y", "ĐY"),
    ("Cựu giáo chức", "CGC"),
    ("Làm vườn", "LV"),
    ("Sinh vật cảnh", "SVC"),
    ("Kiến trúc sư", "KTS"),
    ("Y học cổ truyền", "YHCT"),
    ("Bảo trợ người khuyết tật và trẻ mồ côi", "BTNKT&TMC"),
    ("Doanh nghiệp nhỏ và vừa", "DNNVV"),
    ("Nữ doanh nhân", "NDN"),
    ("Du lịch", "DL"),
    ("Cà phê", "CP"),
    ("Chè", "Chè"),
    ("Rau hoa", "RH"),
    ("Thanh long", "TL"),
    ("Tin học", "TH"),
    ("Khoa học lịch sử", "KHLS"),
    ("Cựu tù chính trị", "CTCT"),
    ("Người khuyết tật", "NKT"),
    ("Nghề cá", "NC"),
    ("Nuôi ong", "NO"),
    ("Hữu nghị Việt – Nhật", "HNVN"),
    ("Kế hoạch hoá gia đình", "KHHGĐ"),
    ("Điều dưỡng", "ĐD"),
    ("Thầy thuốc trẻ", "TTT"),
    ("Cựu công an nhân dân", "CCAND"),
    ("Golf", "Golf"),
    ("Nhiếp ảnh", "NA"),
    ("Trí thức trẻ", "TTT"),
    ("Hoạt động từ thiện", "HĐTT"),
    ("Phòng chống tác hại thuốc lá", "PCTHTL"),
    ("Bảo vệ quyền lợi người tiêu dùng", "BVQLNTD"),
]

# (full scope, short scope)
SCOPES: list[tuple[str, str]] = [
    ("tỉnh", "tỉnh"),
    ("thành phố Đà Lạt", "TP Đà Lạt"),
    ("thành phố Bảo Lộc", "TP Bảo Lộc"),
    ("thành phố Phan Thiết", "TP Phan Thiết"),
    ("thành phố Gia Nghĩa", "TP Gia Nghĩa"),
    ("thị xã La Gi", "TX La Gi"),
    ("huyện Đức Trọng", "H. Đức Trọng"),
    ("huyện Lâm Hà", "H. Lâm Hà"),
    ("huyện Di Linh", "H. Di Linh"),
    ("huyện Đơn Dương", "H. Đơn Dương"),
    ("huyện Lạc Dương", "H. Lạc Dương"),
    ("huyện Bảo Lâm", "H. Bảo Lâm"),
    ("huyện Đạ Huoai", "H. Đạ Huoai"),
    ("huyện Cát Tiên", "H. Cát Tiên"),
    ("huyện Đam Rông", "H. Đam Rông"),
    ("huyện Tuy Phong", "H. Tuy Phong"),
    ("huyện Bắc Bình", "H. Bắc Bình"),
    ("huyện Hàm Thuận Bắc", "H. Hàm Thuận Bắc"),
    ("huyện Hàm Thuận Nam", "H. Hàm Thuận Nam"),
    ("huyện Tánh Linh", "H. Tánh Linh"),
    ("huyện Đức Linh", "H. Đức Linh"),
    ("huyện Hàm Tân", "H. Hàm Tân"),
    ("huyện Phú Quý", "H. Phú Quý"),
    ("huyện Đắk Mil", "H. Đắk Mil"),
    ("huyện Cư Jút", "H. Cư Jút"),
    ("huyện Krông Nô", "H. Krông Nô"),
    ("huyện Đắk Song", "H. Đắk Song"),
    ("huyện Đắk R'lấp", "H. Đắk R'lấp"),
    ("huyện Tuy Đức", "H. Tuy Đức"),
    ("huyện Đắk Glong", "H. Đắk Glong"),
]

BUSINESS = ("Du lịch", "Doanh nghiệp nhỏ và vừa", "Cà phê", "Chè")
PREFIXES: list[tuple[str, str]] = [
    ("Hội", "Hội"),
    ("Hội", "Hội"),
    ("Hội", "Hội"),
    ("Ban Đại diện Hội", "BĐD Hội"),
    ("Câu lạc bộ", "CLB"),
]

FAMILY = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đào", "Đinh", "Trương", "Lâm",
]  # fmt: skip
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Xuân", "Thu", "Hồng",
          "Kim", "Công", "Đình", "Bảo"]  # fmt: skip
GIVEN = [
    "An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương", "Lan", "Linh",
    "Long", "Mai", "Nam", "Nga", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân",
    "Yến", "Khoa", "Nhân", "Thắng", "Tú", "Uyên", "Việt", "Xuyến", "Định", "Nay", "Ánh",
]  # fmt: skip

LEADER_POSITIONS = {"Ban Đại diện Hội": "Trưởng Ban Đại diện", "Câu lạc bộ": "Chủ nhiệm"}
REP_POSITIONS = ["Chánh Văn phòng", "Phó Chủ tịch", "Trưởng ban Tổ chức", "Chuyên viên"]


class OrgSpec(NamedTuple):
    name: str
    short_name: str
    leader_position: str
    subject: int  # index in SUBJECTS
    scope: int  # index in SCOPES


def _spec(subject: int, scope: int, rng: random.Random) -> OrgSpec:
    (field, field_short), (where, where_short) = SUBJECTS[subject], SCOPES[scope]
    prefix, prefix_short = rng.choice(PREFIXES)
    if field in BUSINESS:
        prefix, prefix_short = "Hiệp hội", "HH"
    return OrgSpec(
        f"{prefix} {field} {where}",
        f"{prefix_short} {field_short} {where_short}",
        LEADER_POSITIONS.get(prefix, "Chủ tịch"),
        subject,
        scope,
    )


def organisation_names(count: int, rng: random.Random) -> list[OrgSpec]:
    """`count` distinct names (one field in one place each), shuffled from the parts."""
    combos = [(s, sc) for s in range(len(SUBJECTS)) for sc in range(len(SCOPES))]
    if count > len(combos):
        raise ValueError(f"At most {len(combos)} distinct organisation names can be generated.")
    rng.shuffle(combos)
    return [_spec(subject, scope, rng) for subject, scope in combos[:count]]


def same_field(spec: OrgSpec, taken: set[tuple[int, int]], rng: random.Random) -> OrgSpec:
    """An association of the same field elsewhere (the partner of a merger), not yet taken."""
    free = [sc for sc in range(len(SCOPES)) if (spec.subject, sc) not in taken]
    scope = rng.choice(free)
    taken.add((spec.subject, scope))
    return _spec(spec.subject, scope, rng)


def renamed(name: str) -> str:
    """The new name of a renamed association (the usual change: a representative board becomes
    an association, or a club becomes an association)."""
    for old, new in (("Ban Đại diện Hội", "Hội"), ("Câu lạc bộ", "Hội"), ("Hiệp hội", "Hội")):
        if name.startswith(old + " "):
            return new + name[len(old) :]
    return "Liên hiệp " + name[0].lower() + name[1:]


def short_of(name: str) -> str:
    words = name.replace("/", " ").split()
    return "".join(w[0] for w in words if w[0].isupper())[:20]


def person(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
