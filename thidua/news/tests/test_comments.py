"""Readers' comments: held for moderation, counted once approved, guarded against spam."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from thidua.core.audit import AuditEvent
from thidua.news import portal_views
from thidua.news.forms import make_token
from thidua.news.models import Comment, CommentStatus
from thidua.news.tests.helpers import make_post
from thidua.notifications.models import Notification
from thidua.testing import signin


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _data(**changes):
    data = {
        "name": "Nguyễn Văn Bạn Đọc",
        "email": "ban.doc@example.org",
        "text": "Chúc mừng Khối thi đua 8!",
        "website": "",
        "token": make_token(time.time() - 30),
    }
    data.update(changes)
    return data


def _send(client, post, **changes):
    return client.post(reverse("news:comment", args=[post.slug]), _data(**changes))


def test_a_readers_comment_waits_for_a_moderator_of_the_block(client, cast):
    post = make_post(cast, publish=True)
    response = _send(client, post)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING
    assert "Chúc mừng" not in client.get(reverse("news:article", args=[post.slug])).content.decode()
    assert Notification.objects.filter(recipient=cast.head_rep, kind="news.comment").exists()
    assert not Notification.objects.filter(recipient=cast.member_rep).exists()

    signin(client, cast.head_rep)
    queue = client.get(reverse("news:moderation")).content.decode()
    assert "Chúc mừng" in queue and "ban.doc@example.org" in queue
    client.post(reverse("news:comment_moderate", args=[comment.pk]), {"decision": "approve"})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED and comment.moderated_by == cast.head_rep
    assert AuditEvent.objects.filter(action="news.comment.approve").exists()
    client.logout()
    page = client.get(reverse("news:article", args=[post.slug])).content.decode()
    assert "Chúc mừng Khối thi đua 8!" in page and "ban.doc@example.org" not in page


def test_a_rejected_comment_is_never_shown(client, cast):
    post = make_post(cast, publish=True)
    _send(client, post, text="Quảng cáo")
    signin(client, cast.board)
    client.post(
        reverse("news:comment_moderate", args=[Comment.objects.get().pk]), {"decision": "reject"}
    )
    client.logout()
    assert "Quảng cáo" not in client.get(reverse("news:article", args=[post.slug])).content.decode()


def test_members_outside_the_head_unit_cannot_moderate(client, cast):
    post = make_post(cast, publish=True)
    _send(client, post)
    signin(client, cast.member_rep)
    response = client.post(
        reverse("news:comment_moderate", args=[Comment.objects.get().pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    assert Comment.objects.get().status == CommentStatus.PENDING


def test_the_honeypot_field_catches_robots(client, cast):
    post = make_post(cast, publish=True)
    response = _send(client, post, website="http://spam.example")
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_a_comment_sent_too_fast_or_without_a_token_is_dropped(client, cast):
    post = make_post(cast, publish=True)
    _send(client, post, token=make_token())
    _send(client, post, token="forged")
    assert not Comment.objects.exists()


def test_one_address_may_only_send_a_few_comments(client, cast):
    post = make_post(cast, publish=True)
    for n in range(portal_views.COMMENT_LIMIT):
        assert _send(client, post, text=f"Ý kiến {n}").status_code == 302
    response = _send(client, post, text="Một ý kiến nữa")
    assert response.status_code == 200
    assert Comment.objects.count() == portal_views.COMMENT_LIMIT
    other = client.post(
        reverse("news:comment", args=[post.slug]), _data(text="Từ máy khác"), REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302 and Comment.objects.count() == portal_views.COMMENT_LIMIT + 1


def test_comments_need_a_name_an_email_and_text(client, cast):
    post = make_post(cast, publish=True)
    response = _send(client, post, email="not-an-email", text="")
    assert response.status_code == 200 and not Comment.objects.exists()
    assert 'aria-invalid="true"' in response.content.decode()


def test_drafts_take_no_comments(client, cast):
    post = make_post(cast)
    assert _send(client, post).status_code == 404


def test_the_board_moderates_province_wide_posts(client, cast):
    from thidua.news import services
    from thidua.news.tests.helpers import values

    post = services.create_post(actor=cast.board, values=values("Tin của Ban"), block=None)
    services.publish_post(actor=cast.board, post=post)
    _send(client, post)
    assert Notification.objects.filter(recipient=cast.board, kind="news.comment").exists()
    signin(client, cast.head_rep)
    assert "Chúc mừng" not in client.get(reverse("news:moderation")).content.decode()
    signin(client, cast.board)
    assert "Chúc mừng" in client.get(reverse("news:moderation")).content.decode()
