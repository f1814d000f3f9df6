"""The news part of a cycle's archive: the block's posts published during the cycle's year
(title, date, author, address on the portal), so the archive records what was published."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from thidua.cycles.models import Cycle
from thidua.news.access import public_posts
from thidua.news.models import Post
from thidua.reports import xlsx

PATH = "news/tin-da-dang.xlsx"


def published_posts(cycle: Cycle) -> list[Post]:
    """The block's posts on the portal, published in the cycle's year, oldest first."""
    return list(
        public_posts()
        .filter(block_id=cycle.block_id, published_at__year=cycle.year)
        .select_related("author")
        .order_by("published_at", "pk")
    )


def files(cycle: Cycle) -> dict[str, bytes]:
    posts = published_posts(cycle)
    if not posts:
        return {}
    rows = [
        (
            n,
            post.title,
            timezone.localdate(post.published_at) if post.published_at else None,
            (post.author.full_name or post.author.username) if post.author else "",
            post.byline,
            reverse("news:article", args=[post.slug]),
        )
        for n, post in enumerate(posts, start=1)
    ]
    return {
        PATH: xlsx.single_table(
            "Tin đã đăng",
            ["STT", "Tiêu đề", "Ngày đăng", "Người viết", "Bút danh/nguồn", "Địa chỉ"],
            rows,
            heading=f"Tin hoạt động đã đăng năm {cycle.year} — {cycle.block.name}",
            widths=(6, 60, 12, 24, 24, 50),
        )
    }
