"""The portal's list pages make the same number of queries for 10 posts as for 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from thidua.lib.text import search_keys
from thidua.news.models import Photo, Post, PostStatus

PAGES = [
    "/",
    reverse("news:portal"),
    reverse("news:post_list"),
    reverse("news:post_list") + "?page=2",
    reverse("news:search") + "?q=hoi+nghi",
    reverse("news:block_list"),
    "/feed.xml",
]


def _posts(cast, start: int, count: int) -> None:
    now = timezone.now()
    posts = []
    for n in range(start, start + count):
        title = f"Hội nghị số {n} của Khối thi đua 8"
        exact, folded = search_keys(title, "Tóm tắt")
        posts.append(
            Post(
                title=title,
                slug=f"hoi-nghi-so-{n}",
                lead="Tóm tắt",
                body="<p>Nội dung</p>",
                block=cast.block,
                status=PostStatus.PUBLISHED,
                published_at=now - dt.timedelta(minutes=n),
                featured=n % 7 == 0,
                dont_miss=n % 11 == 0,
                search_exact=exact,
                search_folded=folded,
            )
        )
    created = Post.objects.bulk_create(posts)
    Photo.objects.bulk_create(
        Photo(post=p, image=f"news/x{p.pk}.jpg", content_type="image/jpeg", caption="Ảnh")
        for p in created
    )


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("url", PAGES)
def test_portal_list_pages_do_not_grow_with_the_number_of_posts(client, cast, url):
    _posts(cast, 0, 10)
    few = _count(client, url)
    _posts(cast, 10, 490)
    many = _count(client, url)
    assert few == many, f"{url}: {few} queries with 10 posts, {many} with 500"
    assert many <= 15, f"{url}: {many} queries"
