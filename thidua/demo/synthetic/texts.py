"""Text pools for the synthetic documents, comments, registrations and meetings (Vietnamese,
administrative register). Placeholders: {block}, {year}."""

from __future__ import annotations

REGULATION = [
    ("Phạm vi điều chỉnh và đối tượng áp dụng",
     "Quy chế này quy định về tổ chức, hoạt động và bình xét thi đua, khen thưởng của {block} "
     "năm {year}; áp dụng đối với các hội, tổ chức là thành viên của khối."),
    ("Nguyên tắc hoạt động",
     "Khối hoạt động theo nguyên tắc tự nguyện, công khai, dân chủ, bình đẳng; các thành viên "
     "hỗ trợ nhau hoàn thành nhiệm vụ được giao."),
    ("Tổ chức của khối",
     "Khối có Trưởng khối và Phó Trưởng khối do các thành viên bầu tại hội nghị tổng kết; "
     "nhiệm kỳ một năm, luân phiên giữa các thành viên."),
    ("Nhiệm vụ của Trưởng khối",
     "Trưởng khối xây dựng kế hoạch, chủ trì các hội nghị, tổng hợp kết quả chấm điểm và "
     "hoàn thiện hồ sơ đề nghị khen thưởng gửi Ban Thi đua – Khen thưởng tỉnh."),
    ("Nhiệm vụ của Phó Trưởng khối",
     "Phó Trưởng khối giúp Trưởng khối điều hành hoạt động của khối và thay mặt Trưởng khối "
     "khi được uỷ quyền."),
    ("Trách nhiệm của các thành viên",
     "Các thành viên đăng ký thi đua, thực hiện giao ước, tham gia đầy đủ các hoạt động chung "
     "và gửi báo cáo đúng thời hạn."),
    ("Chế độ hội họp",
     "Khối tổ chức hội nghị phát động và ký kết giao ước, hội nghị sơ kết sáu tháng và hội "
     "nghị tổng kết, bình xét thi đua năm {year}."),
    ("Chế độ thông tin, báo cáo",
     "Các thành viên gửi báo cáo sáu tháng trước ngày 15 tháng 6 và báo cáo năm trước ngày 15 "
     "tháng 11 năm {year}."),
    ("Tiêu chí chấm điểm",
     "Việc chấm điểm thực hiện theo bảng tiêu chí kèm theo Quy chế; thang điểm 100, có điểm "
     "thưởng và điểm trừ."),
    ("Tự chấm và chấm chéo",
     "Mỗi thành viên tự chấm điểm; các thành viên khác chấm chéo; không thành viên nào chấm "
     "điểm cho chính mình."),
    ("Bình xét và bỏ phiếu",
     "Việc bình xét thực hiện tại hội nghị tổng kết bằng hình thức bỏ phiếu kín; kết quả được "
     "lập thành biên bản."),
    ("Danh hiệu và hình thức khen thưởng",
     "Khối đề nghị Cờ thi đua của UBND tỉnh cho đơn vị dẫn đầu và Bằng khen của Chủ tịch UBND "
     "tỉnh theo số lượng được phân bổ."),
    ("Kinh phí hoạt động",
     "Kinh phí hoạt động của khối do các thành viên đóng góp và từ nguồn hợp pháp khác."),
    ("Điều khoản thi hành",
     "Quy chế có hiệu lực kể từ ngày ký; trong quá trình thực hiện, nếu có vướng mắc, các "
     "thành viên phản ánh về Trưởng khối để xem xét, sửa đổi."),
]  # fmt: skip

PLAN = [
    ("Mục đích", "Cụ thể hoá các nội dung thi đua năm {year} của {block}, tạo khí thế thi đua "
     "sôi nổi trong cán bộ, hội viên."),
    ("Yêu cầu", "Các nội dung thi đua thiết thực, phù hợp với chức năng, nhiệm vụ của từng hội."),
    ("Nội dung thi đua thứ nhất", "Hoàn thành xuất sắc nhiệm vụ chính trị, chuyên môn được "
     "giao năm {year}."),
    ("Nội dung thi đua thứ hai", "Đẩy mạnh phát triển hội viên, nâng cao chất lượng sinh hoạt "
     "chi hội."),
    ("Nội dung thi đua thứ ba", "Tham gia các cuộc vận động, phong trào do tỉnh phát động, "
     "trong đó có phong trào “Vì người nghèo – Không để ai bỏ lại phía sau”."),
    ("Nội dung thi đua thứ tư", "Phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến."),
    ("Hoạt động chung", "Tổ chức tọa đàm, trao đổi kinh nghiệm giữa các thành viên; thăm và "
     "tặng quà gia đình chính sách."),
    ("Sơ kết sáu tháng", "Tổ chức hội nghị sơ kết vào tháng 7 năm {year}."),
    ("Tổng kết năm", "Tổ chức hội nghị tổng kết, bình xét thi đua vào tháng 12 năm {year}."),
    ("Phân công thực hiện", "Trưởng khối chủ trì; Phó Trưởng khối phối hợp; các thành viên "
     "thực hiện theo kế hoạch."),
    ("Tiến độ", "Các mốc thời gian cụ thể theo phụ lục kèm theo Kế hoạch."),
    ("Kinh phí", "Các thành viên chủ động bố trí kinh phí cho hoạt động của đơn vị mình."),
    ("Tổ chức thực hiện", "Kế hoạch được triển khai đến toàn thể cán bộ, hội viên."),
    ("Chế độ báo cáo", "Các thành viên báo cáo kết quả thực hiện về Trưởng khối."),
]  # fmt: skip

COVENANT = [
    ("Cam kết chung", "Các thành viên {block} cùng giao ước thi đua hoàn thành xuất sắc nhiệm "
     "vụ năm {year}."),
    ("Chấp hành chủ trương, chính sách", "Chấp hành nghiêm chủ trương của Đảng, chính sách, "
     "pháp luật của Nhà nước."),
    ("Nhiệm vụ chuyên môn", "Hoàn thành 100% chỉ tiêu, nhiệm vụ chuyên môn được giao."),
    ("Phát triển hội viên", "Tăng số hội viên ít nhất 3% so với năm trước."),
    ("Xây dựng tổ chức", "Kiện toàn tổ chức bộ máy; không có cán bộ vi phạm kỷ luật."),
    ("Cải cách hành chính", "Đẩy mạnh ứng dụng công nghệ thông tin, chuyển đổi số."),
    ("An sinh xã hội", "Tham gia các hoạt động an sinh xã hội, hỗ trợ hội viên khó khăn."),
    ("Điển hình tiên tiến", "Mỗi thành viên xây dựng ít nhất một mô hình mới."),
    ("Hoạt động chung", "Tham gia đầy đủ các hoạt động chung của khối."),
    ("Thông tin, báo cáo", "Gửi báo cáo đầy đủ, đúng hạn."),
    ("Tiết kiệm, chống lãng phí", "Thực hành tiết kiệm, chống lãng phí trong hoạt động."),
    ("Bình xét thi đua", "Thực hiện bình xét công khai, dân chủ, đúng quy chế."),
    ("Hiệu lực", "Giao ước có hiệu lực kể từ ngày các thành viên ký kết."),
    ("Tổ chức thực hiện", "Trưởng khối theo dõi, đôn đốc việc thực hiện giao ước."),
]  # fmt: skip

TITLES = {
    "regulation": "Quy chế hoạt động và bình xét thi đua, khen thưởng của {block} năm {year}",
    "plan": "Kế hoạch hoạt động năm {year} của {block}",
    "covenant": "Giao ước thi đua năm {year} của {block}",
}
ARTICLES = {"regulation": REGULATION, "plan": PLAN, "covenant": COVENANT}

AMENDMENTS = [
    "Bổ sung: các thành viên chủ động phối hợp, chia sẻ kinh nghiệm trong quá trình thực hiện.",
    "Sửa đổi thời hạn gửi báo cáo cho phù hợp với hướng dẫn của Ban Thi đua – Khen thưởng tỉnh.",
    "Làm rõ trách nhiệm của Trưởng khối và Phó Trưởng khối.",
    "Bổ sung tiêu chí về chuyển đổi số và cải cách hành chính.",
]

COMMENTS = [
    "Đề nghị làm rõ thời hạn gửi báo cáo.",
    "Đề nghị bổ sung nội dung về chuyển đổi số.",
    "Đề nghị giữ nguyên như năm trước.",
    "Đề nghị điều chỉnh chỉ tiêu phát triển hội viên cho phù hợp với hội có ít hội viên.",
    "Đề nghị nêu rõ cách tính điểm thưởng.",
    "Đề nghị thống nhất thời gian tổ chức hội nghị sơ kết.",
    "Đề nghị bổ sung hình thức họp trực tuyến.",
    "Nhất trí với dự thảo, không có ý kiến bổ sung.",
]

ANSWERS = {
    "accepted": "Tiếp thu, đã chỉnh sửa trong dự thảo mới.",
    "partly": "Tiếp thu một phần; nội dung còn lại giữ như dự thảo để bảo đảm thống nhất.",
    "not_accepted": "Không tiếp thu vì nội dung đã được quy định tại văn bản của tỉnh.",
}

COMMITMENTS = [
    "Hoàn thành xuất sắc các nhiệm vụ, chỉ tiêu được giao năm {year}",
    "Tham gia đầy đủ các hoạt động chung của khối",
    "Phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến trong hội viên",
    "Phát triển hội viên mới, nâng cao chất lượng sinh hoạt chi hội",
    "Đẩy mạnh chuyển đổi số trong hoạt động của hội",
]

EXPLANATIONS = [
    "Có báo cáo và minh chứng kèm theo.",
    "Đã thực hiện theo kế hoạch.",
    "Số liệu theo báo cáo năm của đơn vị.",
    "Có văn bản triển khai và kết quả thực hiện.",
]
