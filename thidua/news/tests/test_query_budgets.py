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

# Each page's queries: cards are read as plain values, with one query for their comment counts
# and one for their first photos.
PAGES = {
    "/": 6,
    reverse("news:portal"): 6,
    reverse("news:post_list"): 5,
    reverse("news:post_list") + "?page=2": 5,
    reverse("news:search") + "?q=hoi+nghi": 5,
    reverse("news:block_list"): 2,
    "/feed.xml": 2,
}


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


@pytest.mark.parametrize(("url", "budget"), PAGES.items())
def test_portal_list_pages_do_not_grow_with_the_number_of_posts(client, cast, url, budget):
    _posts(cast, 0, 10)
    few = _count(client, url)
    _posts(cast, 10, 490)
    many = _count(client, url)
    assert few == many, f"{url}: {few} queries with 10 posts, {many} with 500"
    assert many <= budget, f"{url}: {many} queries"


def test_an_article_with_related_posts_keeps_its_query_budget(client, cast):
    _posts(cast, 0, 30)
    post = Post.objects.get(slug="hoi-nghi-so-3")
    post.related.set(Post.objects.filter(slug__in=["hoi-nghi-so-5", "hoi-nghi-so-9"]))
    # The post, its comments, its photos, the chosen and the same block's related posts, their
    # comment counts and first photos, the featured and the don't-miss lists.
    assert _count(client, reverse("news:article", args=[post.slug])) <= 9
