"""News posts of the synthetic province: about 2,000 published posts of the blocks (five a year
per block at full scale) and a few province-wide posts of the Board, one or two photos each,
related posts, readers' comments (approved, rejected and some awaiting moderation), and a few
drafts that never reach the portal.

Texts are built from parts (a topic per event of the block's year, the block, the year, the
head unit and its leader); fields derived from them (search keys, cleaned body and tags, the
address) come from the news services' own helpers. The photos are a handful of drawings made
with Pillow, prepared once by `thidua.lib.images` and written once to the media folder: every
photo row points at one of those files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont

from thidua.accounts.models import User
from thidua.cycles.models import Cycle, Phase
from thidua.demo.synthetic import audit, names, orgs
from thidua.demo.synthetic.base import Context, at, bulk, through
from thidua.demo.synthetic.cycles import reached
from thidua.lib import images
from thidua.news import services
from thidua.news.models import Comment, CommentStatus, Photo, Post, PostStatus
from thidua.news.services import PostValues

MARK = audit.SYNTHETIC_MARK
FULL_SCALE_POSTS = 2000
MAX_PER_CYCLE = 5
DRAFT_BLOCKS = 3  # block drafts in the current year (plus one of the Board)
COMMENT_SHARE = 0.35
NOTE = f"<p><em>({MARK}: tin và ảnh minh hoạ được tạo tự động cho việc đo hiệu năng.)</em></p>"
FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
)


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


def per_cycle(ctx: Context) -> int:
    """Five posts per block and year at full scale, fewer in larger provinces (about 2,000 in
    all), never more than five for one block in one year."""
    cfg = ctx.config
    return max(1, min(MAX_PER_CYCLE, round(FULL_SCALE_POSTS / (cfg.blocks * cfg.years))))


@dataclass
class Spec:
    topic: Topic
    block_name: str
    block_id: int | None
    author: User
    when: dt.datetime | None
    status: str
    values: PostValues
    cycle: Cycle | None = None


def build(ctx: Context) -> None:
    events: list[dict[str, Any]] = []
    with ctx.step("news posts, photos and related posts") as n:
        pictures = _pictures()
        specs = _block_posts(ctx) + _board_posts(ctx)
        specs.sort(key=lambda s: (s.when, s.block_name, s.topic.key))
        specs += _drafts(ctx)
        drafted = at(dt.date(ctx.config.last_year, 12, 1), 9)
        posts = bulk(Post, _posts(specs, drafted), n)
        photos: list[Photo] = []
        for post, spec in zip(posts, specs, strict=True):
            rng = ctx.rng("news-photos", post.slug)
            count = 1 if spec.status != PostStatus.PUBLISHED else rng.choice([1, 1, 2])
            for order in range(1, count + 1):
                picture = pictures[
                    spec.topic.picture if order == 1 else rng.choice(sorted(pictures))
                ]
                caption = rng.choice(CAPTIONS[picture.kind])
                photos.append(
                    Photo(
                        post=post,
                        image=picture.name,
                        content_type=picture.image.content_type,
                        width=picture.image.width,
                        height=picture.image.height,
                        caption=f"{caption} ({MARK}: ảnh vẽ).",
                        order=order,
                        added_by=spec.author,
                    )
                )
        bulk(Photo, photos, n)
        pairs = _related(ctx, posts, specs)
        through(Post.related, pairs, n, "from_post", "to_post")
        published = sum(1 for s in specs if s.status == PostStatus.PUBLISHED)
        audit.append(
            events,
            actor=ctx.actor,
            action="news.post.bulk_create",
            object_type="news.post",
            object_label=f"{published} tin đã đăng",
            when=at(dt.date(ctx.config.last_year, 12, 1), 18),
            after={
                "published": published,
                "drafts": len(posts) - published,
                "photos": len(photos),
                "related": len(pairs),
                "note": MARK,
            },
        )
        audit.flush(events)
    with ctx.step("readers' comments") as n:
        comments = bulk(Comment, _comments(ctx, posts, specs), n)
        audit.append(
            events,
            actor=ctx.actor,
            action="news.comment.bulk_create",
            object_type="news.comment",
            object_label=f"{len(comments)} ý kiến bạn đọc",
            when=at(dt.date(ctx.config.last_year, 12, 1), 18, 5),
            after={
                "comments": len(comments),
                "approved": sum(1 for c in comments if c.status == CommentStatus.APPROVED),
                "pending": sum(1 for c in comments if c.status == CommentStatus.PENDING),
                "note": MARK,
            },
        )
        audit.flush(events)


# --- posts -----------------------------------------------------------------------------------


def _fill(template: str, **parts: Any) -> str:
    return template.format(**parts)


def _day(year: int, topic: Topic, rng: random.Random) -> dt.datetime:
    offset, month, first, last = topic.when
    day = dt.date(year + offset, month, rng.randint(first, last))
    return at(day, rng.randint(8, 17), rng.choice([0, 10, 15, 20, 30, 40, 45, 50]))


def _values(ctx: Context, topic: Topic, rng: random.Random, **parts: Any) -> PostValues:
    body = "".join(f"<p>{_fill(p, **parts)}</p>" for p in topic.body) + NOTE
    return PostValues(
        title=_fill(topic.title, **parts),
        lead=_fill(topic.lead, **parts),
        body=body,
        byline=parts.get("byline", ""),
        tags=f"{parts['block']}, {topic.tag}, {parts['year']}",
        featured=topic.milestone and rng.random() < 0.15,
        dont_miss=not topic.milestone and rng.random() < 0.08,
    )


def _block_posts(ctx: Context) -> list[Spec]:
    count = per_cycle(ctx)
    specs = []
    for cycle in ctx.cycles:
        rng = ctx.rng("news", cycle.block.name, cycle.year)
        available = [t for t in TOPICS if reached(cycle, t.phase)]
        chosen = rng.sample(available, min(count, len(available)))
        head = ctx.people[cycle.head_unit_id]
        for topic in chosen:
            when = _day(cycle.year, topic, rng)
            parts = {
                "block": cycle.block.name,
                "year": cycle.year,
                "head": ctx.name_on(cycle.head_unit_id, when.date()),
                "chair": head.leader.full_name,
                "day": f"{when.day}/{when.month}/{when.year}",
                "count": len(ctx.members(cycle)),
                "byline": f"{head.representative.full_name} ({MARK})",
            }
            specs.append(
                Spec(
                    topic=topic,
                    block_name=cycle.block.name,
                    block_id=cycle.block_id,
                    author=head.representative,
                    when=when,
                    status=PostStatus.PUBLISHED,
                    values=_values(ctx, topic, rng, **parts),
                    cycle=cycle,
                )
            )
    return specs


def _board_posts(ctx: Context) -> list[Spec]:
    specs = []
    for year in ctx.config.year_list:
        rng = ctx.rng("news-board", year)
        for k, topic in enumerate(BOARD_TOPICS):
            when = _day(year, topic, rng)
            author = ctx.board[k % len(ctx.board)]
            parts = {"block": "Ban Thi đua – Khen thưởng tỉnh", "year": year}
            specs.append(
                Spec(
                    topic=topic,
                    block_name="",
                    block_id=None,
                    author=author,
                    when=when,
                    status=PostStatus.PUBLISHED,
                    values=_values(ctx, topic, rng, byline=f"{author.full_name} ({MARK})", **parts),
                )
            )
    return specs


def _drafts(ctx: Context) -> list[Spec]:
    """Posts being written: never published, never on the portal."""
    year = ctx.config.last_year
    rng = ctx.rng("news-drafts")
    current = [c for c in ctx.cycles if c.year == year][:DRAFT_BLOCKS]
    block_topic, board_topic = DRAFT_TOPICS
    specs = [
        Spec(
            topic=block_topic,
            block_name=c.block.name,
            block_id=c.block_id,
            author=ctx.people[c.head_unit_id].representative,
            when=None,
            status=PostStatus.DRAFT,
            values=_values(ctx, block_topic, rng, block=c.block.name, year=year),
            cycle=c,
        )
        for c in current
    ]
    specs.append(
        Spec(
            topic=board_topic,
            block_name="",
            block_id=None,
            author=ctx.actor,
            when=None,
            status=PostStatus.DRAFT,
            values=_values(
                ctx, board_topic, rng, block="Ban Thi đua – Khen thưởng tỉnh", year=year
            ),
        )
    )
    return specs


def _posts(specs: list[Spec], draft_time: dt.datetime) -> list[Post]:
    out: list[Post] = []
    taken: set[str] = set()
    for spec in specs:
        post = Post(
            block_id=spec.block_id,
            author=spec.author,
            status=spec.status,
            published_at=spec.when,
            created_at=(spec.when - dt.timedelta(hours=2)) if spec.when else draft_time,
            updated_at=spec.when or draft_time,
        )
        # The news services' own rules: cleaned text and tags, search keys, the address.
        services.apply_values(post, spec.values)
        post.slug = services.unique_slug(post.title)
        k = 1
        while post.slug in taken:  # titles cut to the same address (never at full scale)
            k += 1
            post.slug = services.unique_slug(f"{post.title} {k}")
        taken.add(post.slug)
        out.append(post)
    return out


def _related(ctx: Context, posts: list[Post], specs: list[Spec]) -> list[tuple[int, int]]:
    """Each published post points at up to two earlier published posts of its block (the
    Board's at its previous post)."""
    pairs: list[tuple[int, int]] = []
    earlier: dict[int | None, list[int]] = {}
    for post, spec in zip(posts, specs, strict=True):
        if spec.status != PostStatus.PUBLISHED:
            continue
        previous = earlier.setdefault(spec.block_id, [])
        if previous:
            rng = ctx.rng("news-related", post.slug)
            count = 1 if spec.block_id is None else rng.choice([0, 1, 2, 2])
            pairs.extend((post.pk, other) for other in previous[-count:] if count)
        previous.append(post.pk)
    return pairs


# --- comments --------------------------------------------------------------------------------


def _comments(ctx: Context, posts: list[Post], specs: list[Spec]) -> list[Comment]:
    """Readers' comments on about a third of the published posts: mostly approved by the
    author, some rejected; the last one on a current-year post still awaits moderation (and
    the first current-year post always has one of each)."""
    out: list[Comment] = []
    last_year = ctx.config.last_year
    first_current = True
    reader = 0
    for post, spec in zip(posts, specs, strict=True):
        if spec.status != PostStatus.PUBLISHED or spec.when is None:
            continue
        rng = ctx.rng("news-comments", post.slug)
        current = spec.when.year == last_year and spec.block_id is not None
        if current and first_current:
            count, first_current = 2, False
        elif rng.random() < COMMENT_SHARE:
            count = rng.randint(1, 3)
        else:
            continue
        for k in range(count):
            reader += 1
            sent = spec.when + dt.timedelta(hours=3 + 5 * k, minutes=rng.randint(0, 59))
            if current and k == count - 1:
                status = CommentStatus.PENDING
            else:
                status = CommentStatus.REJECTED if rng.random() < 0.08 else CommentStatus.APPROVED
            moderated = status != CommentStatus.PENDING
            out.append(
                Comment(
                    post=post,
                    name=f"{names.person(rng)} ({MARK})",
                    email=f"ban.doc.{reader}@{orgs.EMAIL_DOMAIN}",
                    text=rng.choice(READER_COMMENTS),
                    status=status,
                    created_at=sent,
                    moderated_by=spec.author if moderated else None,
                    moderated_at=sent + dt.timedelta(hours=20) if moderated else None,
                )
            )
    return out


# --- photos ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Picture:
    kind: str
    name: str  # in the default storage
    image: images.WebImage


SCENES: dict[str, tuple[tuple[int, int, int], tuple[int, int, int], str]] = {
    # kind: (sky or wall, banner or ground, banner text)
    "hall": ((236, 229, 214), (178, 34, 34), "HỘI NGHỊ KHỐI THI ĐUA"),
    "desk": ((225, 232, 240), (30, 80, 140), "HỌP BÀN CÔNG TÁC THI ĐUA"),
    "visit": ((240, 230, 220), (200, 120, 40), "THĂM HỎI, TẶNG QUÀ"),
    "training": ((230, 236, 226), (40, 110, 70), "TẬP HUẤN NGHIỆP VỤ"),
    "outdoor": ((170, 210, 240), (70, 140, 60), "HOẠT ĐỘNG CỦA HỘI VIÊN"),
    "awards": ((236, 229, 214), (160, 20, 40), "TRAO KHEN THƯỞNG"),
}


def _font(size: int) -> Any:
    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _draw(kind: str) -> images.WebImage:
    """A simple drawing of the scene (the same pixels every run), prepared like an upload."""
    width, height = 960, 640
    wall, accent, banner = SCENES[kind]
    image = Image.new("RGB", (width, height), wall)
    draw = ImageDraw.Draw(image)
    if kind == "outdoor":
        draw.rectangle((0, 380, width, height), fill=accent)
        for x in range(60, width, 140):
            draw.rectangle((x + 20, 250, x + 34, 390), fill=(100, 70, 40))
            draw.ellipse((x - 20, 170, x + 74, 280), fill=(40, 120, 50))
        draw.text((width // 2, 60), banner, font=_font(40), fill=(255, 255, 255), anchor="mm")
    else:
        draw.rectangle((0, 0, width, 220), fill=accent)
        draw.rectangle((0, 220, width, 230), fill=(244, 197, 66))
        draw.text((width // 2, 40), "★", font=_font(48), fill=(244, 197, 66), anchor="mm")
        draw.text((width // 2, 130), banner, font=_font(40), fill=(255, 240, 200), anchor="mm")
        draw.rectangle((120, 290, width - 120, 340), fill=(120, 70, 40))
    for row in range(2):
        y = 420 + row * 95
        for col in range(6):
            x = 80 + col * 140 + (50 if row % 2 else 0)
            draw.ellipse((x, y, x + 40, y + 40), fill=(70, 55, 45))
            draw.rounded_rectangle((x - 16, y + 36, x + 56, y + 86), radius=16, fill=(30, 60, 110))
    draw.text((width - 16, height - 16), MARK, font=_font(22), fill=(60, 60, 60), anchor="rd")
    out = io.BytesIO()
    image.save(out, format="PNG")
    out.seek(0)
    return images.prepare(out, messages={"type": MARK, "size": MARK, "broken": MARK})


def _pictures() -> dict[str, Picture]:
    """Each scene drawn and prepared once; its file written once (named by its content, so a
    rerun finds it in place)."""
    pictures = {}
    for kind in SCENES:
        image = _draw(kind)
        digest = hashlib.sha256(image.content).hexdigest()[:16]
        name = f"news/synthetic/{kind}-{digest}.{image.extension}"
        if not default_storage.exists(name):
            saved = default_storage.save(name, ContentFile(image.content))
            assert saved == name, saved
        pictures[kind] = Picture(kind, name, image)
    return pictures
