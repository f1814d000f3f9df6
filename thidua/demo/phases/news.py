"""The demo's news of Khối thi đua 8 in 2024, written through the services like a person would.

- signing: the launch-and-signing conference of 25/03/2024 — a draft prepared from the recorded
  meeting (with the covenant's signatures), then edited by the head unit's representative,
  given a photo and published; readers comment, one comment is approved, one waits;
- in_progress: the mid-year review (its date, place and content are invented);
- evaluation: the year-end review and evaluation of 08/01/2025, with the published ranking.

The photos are drawn with Pillow (no external file). Every post, photo and comment carries the
demo mark; the sentences are the demo's own, from the facts of SPEC §6.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from django.utils import translation
from PIL import Image, ImageDraw, ImageFont

from thidua.cycles.models import Phase
from thidua.demo import data
from thidua.demo.clock import local
from thidua.lib import images
from thidua.meetings.models import Meeting, MeetingKind
from thidua.news import services
from thidua.news.models import Post
from thidua.news.services import PostValues
from thidua.scoring.models import PublishedRanking

YEAR = 2024
MARK = data.DEMO_MARK
BYLINE = "BAN BIÊN TẬP KHỐI 8"
NOTE = f"<p><em>({MARK}: ảnh vẽ minh hoạ; một số chi tiết về giờ, địa điểm là giả định.)</em></p>"
FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
)


def _font(size: int) -> Any:
    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def drawn_photo(banner: str, *, seats: int = 12, seed: int = 0) -> images.WebImage:
    """A drawing of a conference hall: a red banner, a stage table and rows of delegates."""
    width, height = 1200, 800
    image = Image.new("RGB", (width, height), (236, 229, 214))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 300), fill=(178, 34, 34))
    draw.rectangle((0, 300, width, 312), fill=(244, 197, 66))
    draw.text((width // 2, 45), "★", font=_font(60), fill=(244, 197, 66), anchor="mm")
    lines = banner.split("\n")
    for n, line in enumerate(lines):
        draw.text(
            (width // 2, 120 + n * 56), line, font=_font(40), fill=(255, 240, 200), anchor="mm"
        )
    draw.rectangle((150, 380, width - 150, 440), fill=(120, 70, 40))
    draw.rectangle((150, 440, width - 150, 450), fill=(90, 50, 30))
    for row in range(3):
        y = 520 + row * 95
        for col in range(seats // 2):
            x = 120 + col * 180 + (40 if row % 2 else 0) + seed * 7 % 30
            draw.ellipse((x, y, x + 44, y + 44), fill=(70, 55, 45))
            draw.rounded_rectangle((x - 18, y + 40, x + 62, y + 92), radius=18, fill=(30, 60, 110))
    draw.text((width - 20, height - 20), MARK, font=_font(26), fill=(90, 90, 90), anchor="rd")
    out = io.BytesIO()
    image.save(out, format="PNG")
    out.seek(0)
    return images.prepare(out, messages={"type": MARK, "size": MARK, "broken": MARK})


def _author(context: Any) -> Any:
    return context.users[data.representative_username(data.HEAD_2024)]


def _published(context: Any, slug_start: str) -> list[Post]:
    return list(Post.objects.filter(block=context.block, slug__startswith=slug_start))


def _without_attendance(body: str) -> str:
    """The author drops the list of units present: the signatures paragraph names them all."""
    return re.sub(r"<p>[^<]*tham dự:[^<]*</p>", "", body, count=1)


def launch_post(context: Any) -> None:
    cycle = context.cycle
    if cycle.year != YEAR:
        return
    meeting = Meeting.objects.filter(cycle=cycle, kind=MeetingKind.LAUNCH).first()
    if meeting is None:
        return
    author = _author(context)
    context.clock.at(local(2024, 3, 25, 14, 30))
    draft = services.draft_from_source(actor=author, source_key="meeting", pk=meeting.pk)
    # The author reads the prepared draft and rewrites the opening in the newsroom's words.
    opening = (
        "<p>Sáng 25/3/2024, mười hai hội thành viên của Khối thi đua 8 cùng ngồi lại để thống "
        "nhất cách làm việc chung trong năm: thông qua quy chế, kế hoạch và đặt bút ký giao ước "
        "thi đua. Đây là năm Ban Đại diện Hội Người cao tuổi tỉnh giữ vai trò trưởng khối.</p>"
        "<p>Theo kế hoạch vừa thông qua, trong năm các hội sẽ cùng tổ chức buổi tọa đàm, trao "
        "đổi kinh nghiệm về công tác an sinh xã hội với chủ đề “Vì người nghèo – Không để ai bỏ "
        "lại phía sau”, đồng thời mỗi hội đăng ký phấn đấu cho danh hiệu Cờ thi đua của UBND "
        "tỉnh và Bằng khen của Chủ tịch UBND tỉnh.</p>"
    )
    post = services.update_post(
        actor=author,
        post=draft,
        values=PostValues(
            title="Khối thi đua 8 ký kết giao ước, bước vào năm thi đua 2024",
            lead=(
                "Hội nghị phát động do ông Đào Xuân Nay, Trưởng khối, chủ trì đã thông qua ba "
                "văn bản của năm và chứng kiến 12 hội thành viên ký giao ước thi đua."
            ),
            body=opening + _without_attendance(draft.body) + NOTE,
            byline=BYLINE,
            tags="Khối thi đua 8, giao ước thi đua, 2024",
            featured=True,
        ),
        block=context.block,
    )
    services.add_photo(
        actor=author,
        post=post,
        image=drawn_photo(
            "HỘI NGHỊ PHÁT ĐỘNG VÀ KÝ KẾT\nGIAO ƯỚC THI ĐUA NĂM 2024\nKHỐI THI ĐUA 8"
        ),
        caption=f"Đại biểu 12 hội thành viên tại hội nghị ngày 25/3/2024 ({MARK}: ảnh vẽ).",
    )
    services.add_photo(
        actor=author,
        post=post,
        image=drawn_photo("KÝ KẾT GIAO ƯỚC THI ĐUA\nNĂM 2024", seats=8, seed=3),
        caption=f"Lãnh đạo các hội ký giao ước thi đua năm 2024 ({MARK}: ảnh vẽ).",
    )
    context.clock.at(local(2024, 3, 25, 15, 18))
    post = services.publish_post(actor=author, post=post)
    context.clock.at(local(2024, 3, 25, 19, 5))
    approved = services.submit_comment(
        post=post,
        name=f"Trần Minh Khoa ({MARK})",
        email="ban.doc.1@example.org",
        text="Chúc các hội trong khối hoàn thành tốt giao ước năm 2024!",
    )
    context.clock.at(local(2024, 3, 25, 21, 0))
    services.moderate_comment(actor=author, comment=approved, approve=True)
    context.clock.at(local(2024, 3, 26, 6, 45))
    services.submit_comment(
        post=post,
        name=f"Lê Thị Hoa ({MARK})",
        email="ban.doc.2@example.org",
        text="Mong khối đăng thêm hình ảnh buổi tọa đàm về an sinh xã hội khi tổ chức.",
    )


def mid_year_post(context: Any) -> None:
    if context.cycle.year != YEAR:
        return
    author = _author(context)
    context.clock.at(local(2024, 7, 16, 15, 0))
    post = services.create_post(
        actor=author,
        values=PostValues(
            title="Khối thi đua 8 sơ kết 6 tháng đầu năm 2024",
            lead=(
                "Các hội thành viên rà soát việc thực hiện giao ước, trao đổi cách làm trong "
                "công tác an sinh xã hội và thống nhất việc cần làm đến cuối năm."
            ),
            body=(
                "<p>Giữa năm, Khối thi đua 8 họp sơ kết để nhìn lại những gì 12 hội thành viên "
                "đã cam kết từ tháng 3. Trưởng khối tổng hợp báo cáo của từng hội về nhiệm vụ "
                "chuyên môn, công tác tuyên truyền và các phong trào thi đua đang triển khai.</p>"
                "<p>Các đại biểu dành nhiều thời gian cho chủ đề “Vì người nghèo – Không để ai "
                "bỏ lại phía sau”: mỗi hội chia sẻ một cách làm đã hiệu quả với hội viên khó "
                "khăn ở địa phương.</p>"
                "<ul><li>Hoàn thiện hồ sơ minh chứng theo bảng tiêu chí chấm điểm;</li>"
                "<li>Chuẩn bị tự chấm điểm và chấm chéo vào cuối năm;</li>"
                "<li>Gửi tin, ảnh hoạt động của hội để đăng trên cổng thông tin.</li></ul>" + NOTE
            ),
            byline=BYLINE,
            tags="Khối thi đua 8, sơ kết, 2024",
            dont_miss=True,
        ),
        block=context.block,
        related=_published(context, "khoi-thi-dua-8-ky-ket"),
    )
    services.add_photo(
        actor=author,
        post=post,
        image=drawn_photo("HỘI NGHỊ SƠ KẾT 6 THÁNG\nĐẦU NĂM 2024\nKHỐI THI ĐUA 8", seed=5),
        caption=f"Quang cảnh hội nghị sơ kết giữa năm ({MARK}: ảnh vẽ).",
    )
    context.clock.at(local(2024, 7, 16, 16, 5))
    services.publish_post(actor=author, post=post)


def year_end_post(context: Any) -> None:
    cycle = context.cycle
    if cycle.year != YEAR:
        return
    author = _author(context)
    context.clock.at(local(2025, 1, 8, 16, 40))
    ranking = PublishedRanking.objects.filter(cycle=cycle).first()
    leaders = [e["name"] for e in (ranking.entries if ranking else []) if e.get("rank") == 1]
    top = (
        f"<p>Theo kết quả chấm điểm đã công bố, {', '.join(leaders)} đứng đầu khối năm 2024; "
        "các hội bỏ phiếu kín để chọn đơn vị đề nghị Cờ thi đua và Bằng khen của UBND tỉnh.</p>"
        if leaders
        else ""
    )
    post = services.create_post(
        actor=author,
        values=PostValues(
            title="Khối thi đua 8 tổng kết, bình xét thi đua năm 2024",
            lead=(
                "Ngày 8/1/2025, hội nghị tổng kết của Khối thi đua 8 do bà Nguyễn Thị Phúc, "
                "Chủ tịch Hội Người cao tuổi tỉnh, chủ trì đã đánh giá một năm thực hiện giao "
                "ước và bình xét khen thưởng."
            ),
            body=(
                "<p>Một năm sau hội nghị ký kết, các hội thành viên gặp lại nhau để đối chiếu "
                "kết quả với những gì đã cam kết: phần tự chấm điểm của từng hội, phần chấm "
                "chéo giữa các hội và ý kiến của trưởng khối.</p>"
                + top
                + "<p>Hội nghị cũng bầu trưởng khối, phó khối cho năm 2025 theo nguyên tắc luân "
                "phiên, để việc chuẩn bị năm thi đua mới bắt đầu ngay từ tháng đầu năm.</p>" + NOTE
            ),
            byline=BYLINE,
            tags="Khối thi đua 8, tổng kết, bình xét, 2024",
            featured=True,
        ),
        block=context.block,
        related=_published(context, "khoi-thi-dua-8"),
    )
    services.add_photo(
        actor=author,
        post=post,
        image=drawn_photo("HỘI NGHỊ TỔNG KẾT\nCÔNG TÁC THI ĐUA NĂM 2024\nKHỐI THI ĐUA 8", seed=9),
        caption=f"Đại biểu bỏ phiếu bình xét thi đua năm 2024 ({MARK}: ảnh vẽ).",
    )
    context.clock.at(local(2025, 1, 8, 17, 30))
    services.publish_post(actor=author, post=post)


def _in_vietnamese(hook: Any) -> Any:
    def run(context: Any) -> None:
        with translation.override("vi"):
            hook(context)

    return run


PHASE_HOOKS = {
    Phase.SIGNING.value: _in_vietnamese(launch_post),
    Phase.IN_PROGRESS.value: _in_vietnamese(mid_year_post),
    Phase.EVALUATION.value: _in_vietnamese(year_end_post),
}
