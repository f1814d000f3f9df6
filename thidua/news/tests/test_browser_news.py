"""In a real browser: the head unit's representative writes a post with a photo and publishes
it; a visitor who is not signed in finds it on the portal at desktop and phone widths."""

from __future__ import annotations

import pytest
from django.conf import settings

from thidua.news.models import Post, PostStatus
from thidua.news.tests.helpers import jpeg_bytes
from thidua.scoring.tests.test_browser_scoring import sign_in
from thidua.testing.browser import DESKTOP, PHONE, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Khối thi đua 8 tọa đàm “Vì người nghèo – Không để ai bỏ lại phía sau”"


def test_a_post_with_a_photo_is_published_and_read_on_the_portal(
    page, chromium, live_server, cast, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    sign_in(page, cast.head_rep)
    page.goto("/news/manage/")
    page.get_by_role("link", name="Viết tin bài").click()
    page.fill("#id_title", TITLE)
    page.fill("#id_lead", "Các hội thành viên trao đổi cách làm hay về an sinh xã hội.")
    page.fill("#id_body", "Đoạn thứ nhất của bài.\nĐoạn thứ hai của bài.")
    page.fill("#id_byline", "P.V.")
    page.fill("#id_tags", "an sinh xã hội, tọa đàm")
    page.select_option("#id_block", str(cast.block.pk))
    page.set_input_files(
        "#id_photo",
        files=[
            {"name": "toa-dam.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes((2400, 1600))}
        ],
    )
    page.fill("#id_caption", "Quang cảnh buổi tọa đàm")
    assert_accessible(page, "news editor")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert_accessible(page, "post page for authors")
    page.get_by_role("button", name="Đăng bài").click()
    page.wait_for_load_state()
    post = Post.objects.get()
    assert post.status == PostStatus.PUBLISHED and post.photos.count() == 1
    screenshot(page, "news-post-published-desktop")

    visitor = chromium.new_context(viewport=DESKTOP, locale="vi-VN", base_url=live_server.url)
    reader = visitor.new_page()
    reader.goto("/")
    assert TITLE in reader.locator("main").inner_text()
    assert_accessible(reader, "portal home")
    screenshot(reader, "news-portal-home-desktop")
    reader.get_by_role("link", name=TITLE).first.click()
    reader.wait_for_load_state()
    image = reader.get_by_role("img", name="Quang cảnh buổi tọa đàm")
    assert image.evaluate("img => img.complete && img.naturalWidth") == 1600
    assert reader.locator("meta[property='og:title']").get_attribute("content") == TITLE
    assert_accessible(reader, "article")
    screenshot(reader, "news-article-desktop")
    reader.set_viewport_size(PHONE)
    assert_accessible(reader, "article on a phone")
    screenshot(reader, "news-article-phone")
    reader.goto("/")
    assert TITLE in reader.locator("main").inner_text()
    screenshot(reader, "news-portal-home-phone")
    for url in ("/news/posts/", f"/news/blocks/{cast.block.pk}/", "/news/search/?q=toa+dam"):
        reader.goto(url)
        assert_accessible(reader, url)
    visitor.close()
