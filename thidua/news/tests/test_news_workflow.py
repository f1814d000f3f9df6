"""Writing, publishing and unpublishing posts: who may, what is kept, what the audit says."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thidua.core.audit import AuditEvent
from thidua.core.errors import DomainError
from thidua.cycles.models import Phase
from thidua.news import access, services
from thidua.news.models import Post, PostStatus
from thidua.news.tests.helpers import make_post, values
from thidua.testing import signin


def _form(**changes):
    data = {
        "title": "Hội nghị sơ kết 6 tháng đầu năm",
        "lead": "Khối thi đua 8 đánh giá kết quả nửa đầu năm.",
        "body": "Đoạn một.\nĐoạn hai.",
        "byline": "N. HÂN",
        "tags": "sơ kết, Khối thi đua 8",
        "block": "",
    }
    data.update(changes)
    return data


def test_the_head_units_people_write_a_draft_of_their_block(client, cast):
    signin(client, cast.head_rep)
    response = client.post(reverse("news:post_create"), _form(block=cast.block.pk))
    post = Post.objects.get()
    assert response["Location"] == reverse("news:post_detail", args=[post.pk])
    assert post.status == PostStatus.DRAFT and post.block == cast.block
    assert post.slug == "hoi-nghi-so-ket-6-thang-dau-nam"
    assert post.body == "<p>Đoạn một.</p><p>Đoạn hai.</p>"
    assert post.tag_list == ["sơ kết", "Khối thi đua 8"]
    assert AuditEvent.objects.filter(action="news.post.create", actor_id=cast.head_rep.pk).exists()


def test_only_the_board_writes_province_wide_posts(cast):
    with pytest.raises(DomainError):
        services.create_post(actor=cast.head_rep, values=values(), block=None)
    post = services.create_post(actor=cast.board, values=values(), block=None)
    assert post.block is None


def test_members_and_outsiders_cannot_write_or_see_drafts(client, cast):
    post = make_post(cast)
    for person in (cast.member_rep, cast.member_leader, cast.outsider):
        signin(client, person)
        assert client.get(reverse("news:post_create")).status_code == 403
        assert client.get(reverse("news:post_detail", args=[post.pk])).status_code == 404
        assert post.title not in client.get(reverse("news:manage")).content.decode()


def test_the_head_units_people_lose_the_pen_when_the_cycle_closes(cast):
    assert access.can_edit(cast.head_rep, make_post(cast))
    cast.cycle.phase = Phase.CLOSED
    cast.cycle.save()
    assert not access.is_author(cast.head_rep)


def test_publishing_puts_the_post_on_the_portal_and_unpublishing_takes_it_off(client, cast):
    post = make_post(cast)
    url = reverse("news:article", args=[post.slug])
    assert client.get(url).status_code == 404
    signin(client, cast.head_rep)
    client.post(reverse("news:post_publish", args=[post.pk]))
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED and post.published_at is not None
    client.logout()
    assert client.get(url).status_code == 200
    signin(client, cast.board)
    client.post(reverse("news:post_unpublish", args=[post.pk]))
    client.logout()
    assert client.get(url).status_code == 404
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"news.post.publish", "news.post.unpublish"} <= actions


def test_nobody_but_a_person_publishes(cast):
    post = make_post(cast)
    with pytest.raises(DomainError):
        services.publish_post(actor=None, post=post)


def test_the_address_stays_once_published(cast):
    post = make_post(cast, publish=True)
    slug = post.slug
    services.update_post(
        actor=cast.head_rep, post=post, values=values("Tiêu đề mới"), block=cast.block
    )
    post.refresh_from_db()
    assert post.slug == slug and post.title == "Tiêu đề mới"


def test_two_posts_with_the_same_title_get_different_addresses(cast):
    first = make_post(cast, title="Hội Người mù")
    second = make_post(cast, title="Hội người mù")
    assert first.slug == "hoi-nguoi-mu" and second.slug == "hoi-nguoi-mu-2"


def test_post_bodies_are_sanitised(client, cast):
    body = (
        '<p onclick="x()">Đoạn <b>đậm</b></p><script>alert(1)</script>'
        '<img src="x" onerror="alert(2)"><a href="javascript:alert(3)">liên kết</a>'
    )
    post = make_post(cast, publish=True, body=body)
    assert post.body == "<p>Đoạn <strong>đậm</strong></p>liên kết"
    page = client.get(reverse("news:article", args=[post.slug])).content.decode()
    assert "<script>alert" not in page and "onerror" not in page and "javascript:" not in page


def test_related_posts_must_be_published(cast):
    draft = make_post(cast, title="Nháp")
    with pytest.raises(DomainError):
        services.create_post(
            actor=cast.head_rep, values=values("Khác"), block=cast.block, related=[draft]
        )


def test_the_editor_offers_the_authors_blocks_only(client, cast):
    signin(client, cast.head_rep)
    page = client.get(reverse("news:post_create")).content.decode()
    assert cast.block.name in page and cast.other_block.name not in page
    response = client.post(reverse("news:post_create"), _form(block=cast.other_block.pk))
    assert response.status_code == 200 and not Post.objects.exists()
