"""The public portal as a visitor who is not signed in: what it shows, and what never leaks."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.urls import reverse

from thidua.awards.models import Award
from thidua.cycles.models import AwardType
from thidua.news.models import Comment, CommentStatus
from thidua.news.tests.helpers import add_photo, make_post
from thidua.scoring.models import PublishedRanking
from thidua.testing import signin

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_the_home_page_is_the_portal_for_visitors_and_the_dashboard_for_people(client, cast):
    post = make_post(cast, publish=True, title="Tin nổi bật của khối", featured=True)
    page = client.get("/").content.decode()
    assert post.title in page and cast.block.name in page
    assert reverse("accounts:login") in page
    signin(client, cast.member_rep)
    assert client.get("/").templates[0].name == "board/home.html"
    assert post.title in client.get(reverse("news:portal")).content.decode()


def test_an_article_has_open_graph_canonical_and_share_links(client, cast):
    post = make_post(cast, publish=True, tags="giao ước, 2025")
    photo = add_photo(cast, post)
    page = client.get(reverse("news:article", args=[post.slug])).content.decode()
    canonical = f"http://testserver/news/p/{post.slug}/"
    assert f'<link rel="canonical" href="{canonical}">' in page
    assert f'<meta property="og:title" content="{post.title}">' in page
    assert f'<meta property="og:url" content="{canonical}">' in page
    assert f'content="http://testserver/news/photo/{photo.pk}/"' in page
    assert "facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver%2Fnews%2Fp%2F" in page
    assert "zalo.me/share?url=" in page
    assert f'alt="{photo.caption}"' in page and "<figcaption>" in page
    assert '<script src="http' not in page  # no third-party scripts


def test_related_and_dont_miss_posts_are_shown_beside_an_article(client, cast):
    older = make_post(cast, publish=True, title="Bài cũ cùng khối")
    pick = make_post(cast, publish=True, title="Bài đừng bỏ lỡ", dont_miss=True)
    post = make_post(cast, publish=True, title="Bài mới")
    page = client.get(reverse("news:article", args=[post.slug])).content.decode()
    assert older.title in page and pick.title in page


def test_a_draft_is_not_found_by_its_address_nor_listed_anywhere(client, cast):
    draft = make_post(cast, title="Bản nháp bí mật")
    photo = add_photo(cast, draft)
    assert client.get(reverse("news:article", args=[draft.slug])).status_code == 404
    assert client.get(reverse("news:photo", args=[photo.pk])).status_code == 404
    for url in (
        "/",
        reverse("news:post_list"),
        reverse("news:block_detail", args=[cast.block.pk]),
        reverse("news:search") + "?q=bi+mat",
        reverse("news:search") + "?q=Bản+nháp",
        "/feed.xml",
    ):
        assert "Bản nháp bí mật" not in client.get(url).content.decode(), url


def test_an_unpublished_post_disappears_from_the_feed_and_search(client, cast):
    from thidua.news import services

    post = make_post(cast, publish=True, title="Tin rút lại")
    assert "Tin rút lại" in client.get("/feed.xml").content.decode()
    services.unpublish_post(actor=cast.board, post=post)
    assert "Tin rút lại" not in client.get("/feed.xml").content.decode()
    assert "Tin rút lại" not in client.get(reverse("news:search") + "?q=tin+rut").content.decode()
    assert client.get(reverse("news:article", args=[post.slug])).status_code == 404


def test_unapproved_and_rejected_comments_are_not_shown(client, cast):
    post = make_post(cast, publish=True)
    for status, text in (
        (CommentStatus.PENDING, "Chờ duyệt"),
        (CommentStatus.REJECTED, "Đã từ chối"),
        (CommentStatus.APPROVED, "Đã duyệt"),
    ):
        Comment.objects.create(
            post=post, name="Bạn đọc", email="hidden@example.org", text=text, status=status
        )
    page = client.get(reverse("news:article", args=[post.slug])).content.decode()
    assert "Đã duyệt" in page
    assert "Chờ duyệt" not in page and "Đã từ chối" not in page
    assert "hidden@example.org" not in page
    assert re.search(r'id="comments-title"[^>]*>1 ', page)


def test_a_blocks_results_appear_only_once_the_ranking_is_published(client, cast):
    url = reverse("news:block_detail", args=[cast.block.pk]) + f"?year={cast.cycle.year}"
    page = client.get(url).content.decode()
    assert f'<h1 class="page-title">{cast.block.name} ' in page
    assert cast.member_org.name in page  # members are public
    assert "87.50" not in page
    PublishedRanking.objects.create(
        cycle=cast.cycle,
        method="mean",
        entries=[
            {"unit": cast.member_org.pk, "name": cast.member_org.name, "rank": 1, "final": "87.50"}
        ],
    )
    assert "87.50" in client.get(url).content.decode()


def test_awards_show_on_the_block_and_in_the_organisations_history(client, cast):
    award_type = AwardType.objects.get(province=cast.province, code="bang-khen")
    Award.objects.create(
        organisation=cast.member_org, award_type=award_type, year=2025, name="Hội Người mù tỉnh"
    )
    block = client.get(reverse("news:block_detail", args=[cast.block.pk])).content.decode()
    assert award_type.name in block
    history = client.get(reverse("news:organisation", args=[cast.member_org.pk]))
    assert award_type.name in history.content.decode() and "2025" in history.content.decode()


def test_the_blocks_page_lists_every_block_with_its_members(client, cast):
    page = client.get(reverse("news:block_list")).content.decode()
    for name in (
        cast.block.name,
        cast.other_block.name,
        cast.head_org.name,
        cast.outsider_org.name,
    ):
        assert name in page


def test_the_atom_feed_parses_and_lists_published_posts(client, cast):
    post = make_post(cast, publish=True, tags="giao ước")
    make_post(cast, title="Nháp không lên feed")
    response = client.get("/feed.xml")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [post.title]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith(reverse("news:article", args=[post.slug]))


def test_news_lists_count_approved_comments_only(client, cast):
    post = make_post(cast, publish=True)
    for status in (CommentStatus.APPROVED, CommentStatus.PENDING, CommentStatus.REJECTED):
        Comment.objects.create(post=post, name="B", email="b@example.org", text="T", status=status)
    page = client.get(reverse("news:post_list")).content.decode()
    assert "1 bình luận" in page and "2 bình luận" not in page and "3 bình luận" not in page


def test_the_home_shows_featured_first_then_the_latest_with_counts_photos_and_blocks(client, cast):
    lead = make_post(cast, publish=True, title="Tin nổi bật", featured=True)
    photo = add_photo(cast, lead)
    older = make_post(cast, publish=True, title="Tin cũ hơn")
    newer = make_post(cast, publish=True, title="Tin mới nhất")
    Comment.objects.create(
        post=older, name="B", email="b@example.org", text="T", status=CommentStatus.APPROVED
    )
    Comment.objects.create(
        post=older, name="C", email="c@example.org", text="T", status=CommentStatus.PENDING
    )
    page = client.get("/").content.decode()
    featured = page.split('id="home-featured"')[1].split('id="home-latest"')[0]
    latest = page.split('id="home-latest"')[1].split('id="home-blocks"')[0]
    assert lead.title in featured and lead.title not in latest  # shown once
    assert reverse("news:photo", args=[photo.pk]) in featured
    assert f'width="{photo.width}" height="{photo.height}"' in featured
    assert latest.index(newer.title) < latest.index(older.title)
    card = latest.split(older.title)[1].split("</article>")[0]
    assert "1 bình luận" in card
    assert f'href="{reverse("news:article", args=[older.slug])}"' in latest
    blocks = page.split('id="home-blocks"')[1]
    members = cast.block.memberships.filter(year=cast.cycle.year).count()
    line = blocks.split(cast.block.name)[1].split("</li>")[0]
    assert f"{members} thành viên · {cast.cycle.year}" in line
    assert f'href="{reverse("news:block_detail", args=[cast.block.pk])}"' in blocks
