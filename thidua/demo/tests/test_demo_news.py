"""The demo publishes Khối 8's news of 2024, with drawn photos and readers' comments."""

from __future__ import annotations

import pytest
from django.urls import reverse
from PIL import Image

from thidua.demo import data
from thidua.news.models import Comment, CommentStatus, Post, PostStatus


@pytest.fixture(autouse=True)
def _no_public_page_cache(settings):
    """The portal's pages are built on every request; the page cache itself is tested in
    thidua/core/tests/test_page_cache_visitors.py."""
    settings.PUBLIC_PAGE_CACHE = False


def test_the_demo_publishes_three_posts_about_khoi_8(demo_data, client):
    posts = list(Post.objects.order_by("published_at"))
    assert [p.published_at.date().isoformat() for p in posts] == [
        "2024-03-25",
        "2024-07-16",
        "2025-01-08",
    ]
    assert all(p.status == PostStatus.PUBLISHED and p.block.name == "Khối thi đua 8" for p in posts)
    assert all(data.DEMO_MARK in p.body for p in posts)
    launch = posts[0]
    assert launch.source.startswith("meeting:") and "Đào Xuân Nay" in launch.body
    assert "đã ký" in launch.body and "tham dự:" not in launch.body  # edited by its author
    assert launch.photos.count() == 2
    assert Image.open(launch.photos.first().image.open("rb")).format == "JPEG"
    statuses = sorted(Comment.objects.filter(post=launch).values_list("status", flat=True))
    assert statuses == [CommentStatus.APPROVED, CommentStatus.PENDING]
    page = client.get(reverse("news:article", args=[launch.slug])).content.decode()
    assert "Chúc các hội" in page and "Mong khối" not in page
    home = client.get("/").content.decode()
    assert all(p.title in home for p in posts)
