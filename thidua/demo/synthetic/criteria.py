"""The 60-item criteria table every synthetic cycle adopts: six groups worth 100 points with 58
scored items of every kind, then a bonus item and a penalty item."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from thidua.scoring.models import Formula, NodeKind

GROUPS: list[tuple[str, str, int, list[str]]] = [
    ("I", "Thực hiện nhiệm vụ chính trị, chuyên môn được giao", 30, [
        "Xây dựng và triển khai kế hoạch công tác năm",
        "Tỷ lệ hoàn thành các chỉ tiêu chuyên môn được giao",
        "Tuyên truyền chủ trương, chính sách đến hội viên",
        "Tham mưu cấp uỷ, chính quyền về lĩnh vực hoạt động",
        "Thực hiện các chương trình, đề án được giao",
        "Mô hình, điển hình tiên tiến được xây dựng và nhân rộng",
        "Phát triển hội viên mới",
        "Phối hợp với các sở, ngành trong hoạt động chuyên môn",
        "Tổ chức các hoạt động nhân các ngày lễ lớn",
        "Gửi báo cáo định kỳ đúng thời hạn, đủ nội dung",
        "Vận động nguồn lực xã hội hoá",
        "Hỗ trợ hội viên có hoàn cảnh khó khăn",
        "Tham gia giám sát, phản biện xã hội",
        "Lớp tập huấn nghiệp vụ cho chi hội cơ sở",
    ]),
    ("II", "Công tác xây dựng tổ chức, phát triển hội viên", 20, [
        "Kiện toàn tổ chức bộ máy, quy chế làm việc",
        "Lớp đào tạo, bồi dưỡng cán bộ, hội viên",
        "Tỷ lệ chi hội hoạt động khá, tốt",
        "Tổ chức đại hội, hội nghị đúng điều lệ",
        "Quản lý hội viên, sổ sách theo quy định",
        "Hội viên mới được kết nạp trong năm",
        "Thu, nộp hội phí đầy đủ",
        "Xây dựng chi hội điển hình",
        "Công tác kiểm tra, giám sát nội bộ",
        "Đánh giá, xếp loại cán bộ hội hằng năm",
    ]),
    ("III", "Công tác thi đua, khen thưởng", 15, [
        "Phát động và tổ chức các phong trào thi đua",
        "Đăng ký thi đua đầy đủ, đúng hạn",
        "Sơ kết, tổng kết, khen thưởng kịp thời, đúng đối tượng",
        "Phát hiện, bồi dưỡng điển hình tiên tiến",
        "Tuyên truyền gương người tốt, việc tốt",
        "Tham gia phong trào “Vì người nghèo – Không để ai bỏ lại phía sau”",
        "Hồ sơ khen thưởng đúng quy định",
        "Sáng kiến được công nhận trong năm",
        "Tham gia thi đua chuyên đề của tỉnh",
        "Công khai kết quả bình xét",
    ]),
    ("IV", "Tham gia hoạt động chung của khối", 15, [
        "Tham gia đầy đủ các hoạt động chung của khối",
        "Dự hội nghị phát động, sơ kết, tổng kết",
        "Góp ý dự thảo văn bản của khối đúng hạn",
        "Tham gia tọa đàm, trao đổi kinh nghiệm",
        "Phối hợp tổ chức hoạt động chung",
        "Hoạt động thăm, tặng quà gia đình chính sách",
        "Gửi tin, bài về hoạt động của khối",
        "Thực hiện giao ước thi đua",
        "Chấm điểm chéo đúng thời hạn",
        "Đóng góp kinh phí hoạt động của khối",
    ]),
    ("V", "Chấp hành chính sách, pháp luật; công tác nội bộ", 10, [
        "Không có đơn thư khiếu nại, tố cáo vượt cấp",
        "Thực hành tiết kiệm, chống lãng phí",
        "Thực hiện quy chế dân chủ cơ sở",
        "Công tác phòng, chống tham nhũng",
        "Quản lý tài chính, tài sản đúng quy định",
        "Bảo đảm an ninh, trật tự cơ quan",
        "Xây dựng văn hoá công sở",
        "Cán bộ, hội viên chấp hành pháp luật",
    ]),
    ("VI", "Cải cách hành chính, chuyển đổi số", 10, [
        "Cải cách thủ tục hành chính",
        "Ứng dụng công nghệ thông tin trong quản lý",
        "Văn bản điện tử, chữ ký số",
        "Trang thông tin điện tử của hội",
        "Số hoá hồ sơ hội viên",
        "Họp trực tuyến, giao ban điện tử",
    ]),
]  # fmt: skip

BONUS = ("VII", "Điểm thưởng: sáng kiến, mô hình mới được cấp trên ghi nhận", 5)
PENALTY = ("VIII", "Điểm trừ: bị phê bình, chậm báo cáo", 5)
PERCENT_TARGET = Decimal(100)
PEOPLE_TARGET = Decimal(50)
POINTS_PER_UNIT = Decimal("0.5")


@dataclass(frozen=True)
class NodeSpec:
    code: str
    title: str
    kind: str
    max_points: Decimal
    parent: str | None = None
    order: int = 0
    formula: str = ""
    target: Decimal | None = None
    unit_label: str = ""
    points_per_unit: Decimal | None = None
    cap: Decimal | None = None


def _kind_of(j: int) -> dict[str, object]:
    """Item j of a group: qualitative mostly, then one of each other kind in turn."""
    pick = j % 7
    if pick == 3:
        return {"kind": NodeKind.PASS_FAIL}
    if pick == 4:
        return {
            "kind": NodeKind.QUANTITATIVE,
            "formula": Formula.PROPORTIONAL,
            "target": PERCENT_TARGET,
            "unit_label": "%",
        }
    if pick == 5:
        return {"kind": NodeKind.COUNT, "points_per_unit": POINTS_PER_UNIT, "unit_label": "lượt"}
    if pick == 6:
        return {
            "kind": NodeKind.QUANTITATIVE,
            "formula": Formula.BANDED,
            "target": PEOPLE_TARGET,
            "unit_label": "người",
        }
    return {"kind": NodeKind.QUALITATIVE}


@cache
def table() -> tuple[NodeSpec, ...]:
    """Groups first in their order, each followed by its items (the display order)."""
    out: list[NodeSpec] = []
    for g, (code, title, points, items) in enumerate(GROUPS, start=1):
        base = Decimal(int(points * 2 / len(items))) / 2
        extra = int((Decimal(points) - base * len(items)) * 2)  # half points left to share out
        out.append(NodeSpec(code, title, NodeKind.GROUP, Decimal(points), order=g))
        for j, item in enumerate(items):
            top = base + (Decimal("0.5") if j < extra else 0)
            out.append(
                NodeSpec(
                    f"{g}.{j + 1}",
                    item,
                    max_points=top,
                    parent=code,
                    order=j + 1,
                    **_kind_of(j),  # type: ignore[arg-type]
                )
            )
    for order, (code, title, cap), kind in (
        (len(GROUPS) + 1, BONUS, NodeKind.BONUS),
        (len(GROUPS) + 2, PENALTY, NodeKind.PENALTY),
    ):
        out.append(NodeSpec(code, title, kind, Decimal(cap), order=order, cap=Decimal(cap)))
    return tuple(out)
