"""The texts of the synthetic news: the topics of a block's year and of the Board's, with the
pictures they use, the photo captions and the readers' comments (Vietnamese, newsroom register).
"""

from __future__ import annotations

from dataclasses import dataclass

from thidua.cycles.models import Phase


@dataclass(frozen=True)
class Topic:
    key: str
    phase: str  # the cycle must have reached it
    when: tuple[int, int, int, int]  # year offset, month, first day, last day
    picture: str
    title: str
    lead: str
    body: tuple[str, ...]
    tag: str
    milestone: bool = False


# Placeholders: {block}, {year}, {head}, {chair}, {day}, {count}.
TOPICS: list[Topic] = [
    Topic("draft_regulation", Phase.DRAFTING, (0, 1, 12, 31), "desk",
          "{block} lấy ý kiến dự thảo quy chế hoạt động năm {year}",
          "{head}, đơn vị trưởng khối, gửi dự thảo quy chế hoạt động và bình xét thi đua năm "
          "{year} để các hội thành viên góp ý.",
          ("Dự thảo kế thừa quy chế năm trước, bổ sung tiêu chí về chuyển đổi số và cải cách "
           "hành chính.", "Các hội gửi ý kiến trên hệ thống trong thời hạn mười bốn ngày; "
           "trưởng khối tổng hợp và giải trình từng ý kiến."), "góp ý dự thảo"),
    Topic("kickoff", Phase.DRAFTING, (0, 1, 15, 31), "hall",
          "{block} họp triển khai nhiệm vụ năm {year}",
          "Các hội thành viên {block} thống nhất những việc cần làm trong quý I năm {year}.",
          ("Ông (bà) {chair} chủ trì cuộc họp, phân công các hội chuẩn bị dự thảo kế hoạch và "
           "giao ước thi đua.", "Các đại biểu đề nghị sớm hoàn thiện văn bản để tổ chức hội "
           "nghị ký kết giao ước trong tháng 3."), "triển khai nhiệm vụ"),
    Topic("new_year_visit", Phase.DRAFTING, (0, 1, 20, 31), "visit",
          "Các hội {block} thăm, tặng quà hội viên khó khăn dịp đầu năm {year}",
          "Nhiều phần quà được trao tận tay hội viên có hoàn cảnh khó khăn trước Tết.",
          ("Các hội trong khối phối hợp vận động nhà hảo tâm, chuẩn bị quà và đến thăm từng gia "
           "đình.", "Hoạt động được duy trì hằng năm, thể hiện tinh thần tương thân tương ái "
           "của hội viên."), "an sinh xã hội"),
    Topic("plan", Phase.DRAFTING, (0, 2, 1, 28), "desk",
          "{block} thống nhất kế hoạch hoạt động năm {year}",
          "Kế hoạch năm {year} của {block} nêu rõ các nội dung thi đua và mốc thời gian chính.",
          ("Kế hoạch gồm bốn nội dung thi đua, các hoạt động chung và chế độ báo cáo.",
           "Trưởng khối đề nghị các hội chủ động bố trí kinh phí và nhân lực để thực hiện."),
          "kế hoạch"),
    Topic("training", Phase.DRAFTING, (0, 2, 5, 28), "training",
          "{block} tập huấn nghiệp vụ thi đua, khen thưởng năm {year}",
          "Cán bộ làm công tác thi đua của {count} hội được hướng dẫn cách lập hồ sơ minh chứng.",
          ("Báo cáo viên giới thiệu các quy định mới về thi đua, khen thưởng và cách chấm điểm "
           "theo bảng tiêu chí.", "Các học viên trao đổi những vướng mắc thường gặp khi lập hồ "
           "sơ đề nghị khen thưởng."), "tập huấn"),
    Topic("launch", Phase.IN_PROGRESS, (0, 3, 25, 25), "hall",
          "{block} ký kết giao ước thi đua năm {year}",
          "Ngày {day}, {count} hội thành viên {block} ký giao ước thi đua, bước vào năm thi đua "
          "{year}.",
          ("Hội nghị do ông (bà) {chair} chủ trì đã thông qua quy chế, kế hoạch và giao ước thi "
           "đua của năm.", "Mỗi hội đăng ký phấn đấu cho danh hiệu Cờ thi đua của UBND tỉnh và "
           "Bằng khen của Chủ tịch UBND tỉnh."), "giao ước thi đua", milestone=True),
    Topic("forum", Phase.IN_PROGRESS, (0, 4, 10, 30), "hall",
          "{block} tọa đàm về công tác an sinh xã hội năm {year}",
          "Các hội chia sẻ cách làm hiệu quả trong phong trào “Vì người nghèo – Không để ai bỏ "
          "lại phía sau”.",
          ("Mỗi hội giới thiệu một mô hình hỗ trợ hội viên khó khăn tại địa phương.",
           "Tọa đàm kết thúc với đề xuất nhân rộng ba mô hình tiêu biểu trong khối."),
          "tọa đàm"),
    Topic("digital", Phase.IN_PROGRESS, (0, 5, 5, 31), "training",
          "{block} trao đổi kinh nghiệm chuyển đổi số trong hoạt động hội năm {year}",
          "Các hội thành viên cùng tìm cách đưa sinh hoạt chi hội và báo cáo lên môi trường số.",
          ("Nhiều hội đã dùng nhóm trực tuyến để thông tin đến hội viên và gửi báo cáo đúng hạn.",
           "Khối thống nhất hỗ trợ các hội còn khó khăn về thiết bị và kỹ năng."),
          "chuyển đổi số"),
    Topic("trees", Phase.IN_PROGRESS, (0, 6, 1, 20), "outdoor",
          "Các hội {block} ra quân trồng cây xanh năm {year}",
          "Hàng trăm cây xanh được trồng tại các khu dân cư, trường học trên địa bàn.",
          ("Hội viên các hội cùng đóng góp ngày công, cây giống và chăm sóc cây sau khi trồng.",
           "Hoạt động hưởng ứng phong trào bảo vệ môi trường của tỉnh."), "môi trường"),
    Topic("gratitude", Phase.IN_PROGRESS, (0, 7, 20, 27), "visit",
          "{block} thăm gia đình chính sách nhân ngày Thương binh – Liệt sĩ năm {year}",
          "Đoàn đại biểu các hội trong khối thăm hỏi, tặng quà các gia đình chính sách.",
          ("Đoàn do ông (bà) {chair} dẫn đầu đã đến thăm, động viên các gia đình.",
           "Hoạt động thể hiện đạo lý “Uống nước nhớ nguồn” của hội viên."), "đền ơn đáp nghĩa"),
    Topic("blood", Phase.IN_PROGRESS, (0, 8, 5, 25), "outdoor",
          "Hội viên {block} tham gia hiến máu tình nguyện năm {year}",
          "Nhiều đơn vị máu được hội viên các hội trong khối hiến tặng.",
          ("Ngày hội được tổ chức tại hội trường của {head}.",
           "Các hội tiếp tục vận động hội viên đủ sức khoẻ tham gia hiến máu."), "hiến máu"),
    Topic("culture", Phase.IN_PROGRESS, (0, 9, 5, 30), "outdoor",
          "{block} giao lưu văn nghệ, thể thao năm {year}",
          "Các đội văn nghệ, thể thao của {count} hội gặp gỡ, giao lưu trong không khí vui tươi.",
          ("Chương trình gồm các tiết mục ca múa nhạc và các trận thi đấu giao hữu.",
           "Dịp này giúp hội viên các hội hiểu nhau hơn và gắn bó với hoạt động chung."),
          "giao lưu"),
    Topic("mid_year", Phase.SELF_ASSESSMENT, (0, 7, 15, 15), "hall",
          "{block} sơ kết sáu tháng đầu năm {year}",
          "Ngày {day}, các hội thành viên rà soát việc thực hiện giao ước và thống nhất việc cần "
          "làm đến cuối năm.",
          ("Trưởng khối tổng hợp báo cáo của từng hội về nhiệm vụ chuyên môn và các phong trào "
           "thi đua.", "Hội nghị đề nghị các hội hoàn thiện hồ sơ minh chứng theo bảng tiêu "
           "chí."), "sơ kết", milestone=True),
    Topic("scoring", Phase.CROSS_SCORING, (0, 12, 2, 10), "desk",
          "{block} tự chấm điểm và chấm chéo kết quả thi đua năm {year}",
          "Các hội thành viên hoàn thành tự chấm điểm, bắt đầu chấm chéo theo bảng tiêu chí.",
          ("Mỗi hội tự chấm điểm kèm minh chứng; các hội khác chấm chéo, không hội nào chấm cho "
           "chính mình.", "Kết quả được tổng hợp trên hệ thống để trưởng khối công bố."),
          "chấm điểm"),
    Topic("year_end", Phase.EVALUATION, (0, 12, 22, 22), "awards",
          "{block} tổng kết, bình xét thi đua năm {year}",
          "Ngày {day}, hội nghị tổng kết của {block} đánh giá một năm thực hiện giao ước và bình "
          "xét khen thưởng.",
          ("Các hội đối chiếu kết quả với những gì đã cam kết, bỏ phiếu kín để chọn đơn vị đề "
           "nghị khen thưởng.", "Hội nghị bầu trưởng khối, phó khối cho năm sau theo nguyên tắc "
           "luân phiên."), "tổng kết", milestone=True),
    Topic("decided", Phase.DECIDED, (1, 2, 16, 28), "awards",
          "Các hội {block} đón nhận khen thưởng của UBND tỉnh năm {year}",
          "Các hội dẫn đầu {block} năm {year} được UBND tỉnh tặng Cờ thi đua và Bằng khen.",
          ("Lễ trao khen thưởng được tổ chức trang trọng tại hội trường của {head}.",
           "Các hội được khen thưởng cam kết tiếp tục giữ vững danh hiệu trong năm tới."),
          "khen thưởng", milestone=True),
]  # fmt: skip

# The Board's province-wide posts: one at the start and one near the end of every year.
BOARD_TOPICS: list[Topic] = [
    Topic("board_guide", Phase.DRAFTING, (0, 1, 6, 9), "desk",
          "Ban Thi đua – Khen thưởng tỉnh hướng dẫn công tác thi đua của các khối năm {year}",
          "Văn bản hướng dẫn nêu các mốc thời gian và yêu cầu đối với các khối thi đua năm "
          "{year}.",
          ("Các khối xây dựng quy chế, kế hoạch và giao ước thi đua trước ngày 15 tháng 3.",
           "Việc chấm điểm và bình xét thực hiện trên hệ thống, công khai với các thành viên."),
          "hướng dẫn"),
    Topic("board_review", Phase.SELF_ASSESSMENT, (0, 11, 16, 25), "training",
          "Ban Thi đua – Khen thưởng tỉnh hướng dẫn tổng kết, chấm điểm năm {year}",
          "Các khối được đề nghị hoàn thành tự chấm điểm, chấm chéo và tổng kết đúng thời hạn.",
          ("Hướng dẫn nêu rõ hồ sơ đề nghị khen thưởng gửi về Ban trước ngày 15 tháng 1 năm sau.",
           "Ban sẽ tổng hợp kết quả của các khối để trình UBND tỉnh quyết định."), "tổng kết"),
]  # fmt: skip

DRAFT_TOPICS: list[Topic] = [
    Topic("draft_block", Phase.DRAFTING, (0, 12, 1, 1), "hall",
          "Bản nháp: {block} chuẩn bị hội nghị tổng kết năm {year}",
          "Nội dung đang soạn, chưa đăng.",
          ("Chờ số liệu của các hội thành viên.",), "bản nháp"),
    Topic("draft_board", Phase.DRAFTING, (0, 12, 1, 1), "desk",
          "Bản nháp: Ban Thi đua – Khen thưởng tỉnh thông báo lịch tổng kết năm {year}",
          "Nội dung đang soạn, chưa đăng.",
          ("Chờ lịch làm việc của lãnh đạo tỉnh.",), "bản nháp"),
]  # fmt: skip

CAPTIONS = {
    "hall": ["Quang cảnh hội nghị", "Đại biểu các hội thành viên dự hội nghị"],
    "desk": ["Cán bộ các hội trao đổi về dự thảo văn bản", "Toàn cảnh buổi làm việc"],
    "visit": ["Đại diện các hội trao quà", "Đoàn đại biểu thăm hỏi, động viên"],
    "training": ["Học viên tham dự buổi tập huấn", "Báo cáo viên trình bày chuyên đề"],
    "outdoor": ["Hội viên tham gia hoạt động", "Không khí sôi nổi của buổi hoạt động"],
    "awards": ["Trao khen thưởng cho các hội dẫn đầu", "Đại biểu chụp ảnh lưu niệm"],
}

READER_COMMENTS = [
    "Chúc các hội trong khối hoàn thành tốt nhiệm vụ năm nay!",
    "Hoạt động rất ý nghĩa, mong được tổ chức thường xuyên hơn.",
    "Đề nghị đăng thêm hình ảnh của các hội ở huyện.",
    "Xin cảm ơn các hội đã quan tâm đến hội viên khó khăn.",
    "Mong khối chia sẻ tài liệu tập huấn để các chi hội cùng tham khảo.",
    "Tin bài rõ ràng, dễ theo dõi.",
    "Xin hỏi lịch tổ chức hoạt động lần tới?",
]
