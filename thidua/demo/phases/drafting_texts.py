"""Invented draft texts for the demo: plausible wording, not real documents. They become the
body of official documents, so they carry no demo marker (demo mode marks the documents)."""

from __future__ import annotations

from typing import Any


def _a(key: str, number: str, heading: str, *paragraphs: str) -> dict[str, Any]:
    return {"key": key, "number": number, "heading": heading, "body": "".join(paragraphs)}


def regulation(block: str, year: int) -> tuple[str, list[dict[str, Any]]]:
    preamble = (
        "Căn cứ Luật Thi đua, khen thưởng năm 2022 và các văn bản hướng dẫn thi hành; "
        "căn cứ hướng dẫn của Ban Thi đua – Khen thưởng tỉnh về tổ chức hoạt động của các cụm, "
        "khối thi đua."
    )
    articles = [
        _a(
            "a1",
            "Điều 1",
            "Phạm vi điều chỉnh và đối tượng áp dụng",
            f"<p>Quy chế này quy định việc tổ chức, hoạt động, chấm điểm và bình xét thi đua, "
            f"khen thưởng của {block} năm {year}.</p>",
            "<p>Quy chế áp dụng đối với các hội thành viên của khối và cán bộ, hội viên "
            "tham gia phong trào thi đua do khối phát động.</p>",
        ),
        _a(
            "a2",
            "Điều 2",
            "Nguyên tắc hoạt động",
            "<ul><li>Tự nguyện, tự giác, công khai, dân chủ và bình đẳng "
            "giữa các hội thành viên;</li>"
            "<li>Đoàn kết, hợp tác, chia sẻ kinh nghiệm và cùng phát triển;</li>"
            "<li>Việc bình xét căn cứ vào kết quả thực hiện nhiệm vụ và giao ước đã ký.</li></ul>",
        ),
        _a(
            "a3",
            "Điều 3",
            "Trưởng khối, phó khối",
            "<p>Trưởng khối và phó khối được luân phiên theo thứ tự thống nhất tại hội nghị tổng "
            "kết năm trước. Trưởng khối chủ trì xây dựng quy chế, kế hoạch, tổ chức hội nghị phát "
            "động và tổng hợp kết quả chấm điểm; phó khối phối hợp và thay mặt trưởng khối khi "
            "được phân công.</p>",
        ),
        _a(
            "a4",
            "Điều 4",
            "Chế độ hội họp và thông tin",
            "<p>Khối tổ chức ít nhất hai hội nghị mỗi năm: hội nghị phát động, ký kết giao ước và "
            "hội nghị tổng kết. Các hội thành viên gửi báo cáo sơ kết "
            "<strong>trước ngày 15/6</strong> "
            "và báo cáo tổng kết <strong>trước ngày 15/12</strong> về đơn vị trưởng khối.</p>",
        ),
        _a(
            "a5",
            "Điều 5",
            "Chấm điểm và bình xét thi đua",
            "<p>Các hội thành viên tự chấm điểm theo bảng tiêu chí, sau đó chấm chéo lẫn nhau. "
            "Kết quả bình xét được biểu quyết bằng phiếu kín tại hội nghị tổng kết.</p>"
            '<table><tr><th scope="col">Nhóm tiêu chí</th><th scope="col">Điểm tối đa</th></tr>'
            "<tr><td>Thực hiện nhiệm vụ chuyên môn</td><td>60</td></tr>"
            "<tr><td>Công tác thi đua, khen thưởng</td><td>25</td></tr>"
            "<tr><td>Xây dựng tổ chức hội vững mạnh</td><td>15</td></tr></table>",
        ),
        _a(
            "a6",
            "Điều 6",
            "Tổ chức thực hiện",
            "<p>Các hội thành viên có trách nhiệm thực hiện quy chế này. Trong quá trình thực "
            "hiện, nếu có vướng mắc, các đơn vị phản ánh về trưởng khối để tổng hợp, trình hội "
            "nghị khối xem xét sửa đổi, bổ sung.</p>",
        ),
    ]
    return preamble, articles


def plan(block: str, year: int) -> tuple[str, list[dict[str, Any]]]:
    preamble = f"Thực hiện kế hoạch thi đua của UBND tỉnh năm {year}."
    articles = [
        _a(
            "a1",
            "I.",
            "Mục đích, yêu cầu",
            "<p>Tạo khí thế thi đua sôi nổi trong các hội thành viên, góp phần hoàn thành các "
            f"chỉ tiêu, nhiệm vụ năm {year} do tỉnh và hội cấp trên giao.</p>",
            "<p>Phong trào thi đua phải thiết thực, tránh hình thức; gắn với việc phát hiện, "
            "bồi dưỡng và nhân rộng các điển hình tiên tiến.</p>",
        ),
        _a(
            "a2",
            "II.",
            "Nội dung thi đua",
            "<ol><li>Thực hiện tốt chủ trương, đường lối của Đảng, chính sách, pháp luật của "
            "Nhà nước;</li><li>Hoàn thành các chỉ tiêu chuyên môn của từng hội;</li>"
            "<li>Tích cực hưởng ứng các phong trào thi đua do tỉnh phát động;</li>"
            "<li>Phát triển hội viên, nâng cao chất lượng sinh hoạt hội.</li></ol>",
        ),
        _a(
            "a3",
            "III.",
            "Các hoạt động chung của khối",
            "<p>Tổ chức hội nghị phát động và ký kết giao ước trong quý I; một chuyến học tập "
            "kinh nghiệm giữa các hội trong quý III; hội nghị tổng kết trong tháng 12.</p>",
        ),
        _a(
            "a4",
            "IV.",
            "Khen thưởng",
            "<p>Trên cơ sở kết quả bình xét, trưởng khối đề nghị UBND tỉnh tặng Cờ thi đua và "
            "Bằng khen cho các hội thành viên tiêu biểu theo số lượng được phân bổ.</p>",
        ),
        _a(
            "a5",
            "V.",
            "Tổ chức thực hiện",
            "<p>Đơn vị trưởng khối theo dõi, đôn đốc và tổng hợp kết quả; các hội thành viên "
            "xây dựng kế hoạch cụ thể của đơn vị mình và gửi về trưởng khối "
            "<em>trong tháng 4</em>.</p>",
        ),
    ]
    return preamble, articles


def covenant(block: str, year: int) -> tuple[str, list[dict[str, Any]]]:
    preamble = (
        f"Hôm nay, các hội thành viên {block} cùng thống nhất ký kết giao ước thi đua năm {year} "
        "với các nội dung sau:"
    )
    articles = [
        _a(
            "a1",
            "Điều 1",
            "Thi đua hoàn thành nhiệm vụ được giao",
            "<p>Đoàn kết, đổi mới, sáng tạo, phấn đấu hoàn thành xuất sắc các nhiệm vụ, chỉ tiêu "
            "trọng tâm do UBND tỉnh và hội cấp trên giao, góp phần vào phát triển kinh tế – xã "
            "hội của tỉnh.</p>",
        ),
        _a(
            "a2",
            "Điều 2",
            "Chấp hành chủ trương, chính sách",
            "<p>Quán triệt và thực hiện nghiêm các chủ trương của Đảng, chính sách, pháp luật của "
            "Nhà nước; tham gia xây dựng hệ thống chính trị ở cơ sở vững mạnh.</p>",
        ),
        _a(
            "a3",
            "Điều 3",
            "Hưởng ứng các phong trào thi đua",
            "<p>Triển khai có hiệu quả các phong trào thi đua yêu nước do Trung ương, tỉnh và hội "
            "cấp trên phát động; lồng ghép với nhiệm vụ thường xuyên của từng hội.</p>",
        ),
        _a(
            "a4",
            "Điều 4",
            "Xây dựng và nhân rộng điển hình",
            "<p>Phát hiện, bồi dưỡng, biểu dương các tập thể, cá nhân tiêu biểu; "
            "mỗi hội giới thiệu "
            "ít nhất một mô hình hay để khối chia sẻ và nhân rộng.</p>",
        ),
        _a(
            "a5",
            "Điều 5",
            "Khen thưởng kịp thời",
            "<p>Đề xuất khen thưởng kịp thời, đúng người, đúng thành tích; thực hiện chế độ báo "
            "cáo thi đua, khen thưởng đúng thời hạn về đơn vị trưởng khối.</p>",
        ),
    ]
    return preamble, articles


TEXTS = {"regulation": regulation, "plan": plan, "covenant": covenant}

# (unit code, document kind, article key or "", comment, answer status, answer reason)
COMMENTS_2024 = [
    (
        "nhabao",
        "regulation",
        "a4",
        "Đề nghị bổ sung việc các hội gửi tin, bài về hoạt động của khối để đăng trên trang "
        "thông tin của khối và báo địa phương.",
        "accepted",
        "",
    ),
    (
        "nguoimu",
        "regulation",
        "a5",
        "Đề nghị cung cấp bảng điểm và phiếu bầu ở dạng đọc được bằng phần mềm đọc màn hình "
        "để hội viên khiếm thị tham gia đầy đủ.",
        "accepted",
        "",
    ),
    (
        "luatgia",
        "regulation",
        "a3",
        "Nên quy định rõ thời hạn luân phiên trưởng khối là một năm, tránh cách hiểu khác nhau.",
        "partly",
        "Giữ nguyên cách luân phiên theo hội nghị tổng kết, bổ sung câu nêu nhiệm kỳ một năm.",
    ),
    (
        "khuyenhoc",
        "plan",
        "a3",
        "Đề nghị chuyến học tập kinh nghiệm tổ chức kết hợp với ngày hội khuyến học của tỉnh "
        "để tiết kiệm kinh phí.",
        "not_accepted",
        "Thời điểm ngày hội không trùng với quý III; các hội sẽ thống nhất lại tại hội nghị.",
    ),
    (
        "chuthapdo",
        "covenant",
        "a4",
        "Nên nêu cụ thể số lượng mô hình mỗi hội đăng ký để dễ đánh giá cuối năm.",
        "partly",
        "Giao ước giữ mức tối thiểu một mô hình; số lượng cụ thể ghi trong bản đăng ký thi đua.",
    ),
    ("dongy", "covenant", "", "Hội Đông y thống nhất với dự thảo giao ước.", "accepted", ""),
]

COMMENTS_2025 = [
    (
        "nguoimu",
        "regulation",
        "a5",
        "Đề nghị giữ quy định phiếu bầu điện tử đọc được bằng phần mềm đọc màn hình như năm 2024.",
        "accepted",
        "",
    ),
    (
        "nhabao",
        "plan",
        "a2",
        "Đề nghị thêm nội dung thi đua về chuyển đổi số trong hoạt động của các hội.",
        "not_accepted",
        "Chuyển đổi số đã là một tiêu chí của bảng chấm điểm (mục 2.3); Kế hoạch giữ nguyên để "
        "tránh trùng lặp.",
    ),
    (
        "luatgia",
        "covenant",
        "",
        "Hội Luật gia nhất trí với dự thảo, không có ý kiến bổ sung.",
        "accepted",
        "",
    ),
]
