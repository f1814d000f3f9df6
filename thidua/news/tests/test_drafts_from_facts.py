"""A meeting's facts become a draft for its author to edit; nothing is published by itself."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from thidua.drafting.models import Document, DocumentVersion
from thidua.meetings.tests.helpers import make_held_meeting, make_meeting
from thidua.news.drafts import SOURCES
from thidua.news.models import Post, PostStatus
from thidua.signing.models import Signature
from thidua.testing import signin


def _meeting_with_facts(cast):
    meeting = make_held_meeting(cast, attendee="")
    document = Document.objects.create(cycle=cast.cycle, kind="covenant", title="Giao ước")
    version = DocumentVersion.objects.create(
        document=document,
        number=1,
        title="Giao ước thi đua năm 2025",
        content=[],
        sha256="0" * 64,
        frozen_at=timezone.now(),
    )
    meeting.documents.add(version)
    Signature.objects.create(
        version=version,
        unit=cast.head_org,
        unit_name=cast.head_org.name,
        signer_name="Đào Xuân Nay",
        signer_position="Trưởng Ban",
        method="paper",
        signed_at=timezone.make_aware(dt.datetime(2025, 3, 25, 10)),
        recorded_by=cast.head_rep,
    )
    return meeting


def test_a_meeting_becomes_a_draft_with_who_when_where_and_what_was_signed(client, cast):
    meeting = _meeting_with_facts(cast)
    signin(client, cast.head_rep)
    page = client.get(reverse("news:draft_from", args=["meeting"])).content.decode()
    assert "25/03/2025" in page
    response = client.post(reverse("news:draft_from", args=["meeting"]), {"record": meeting.pk})
    post = Post.objects.get()
    assert response["Location"] == reverse("news:post_edit", args=[post.pk])
    assert post.status == PostStatus.DRAFT and post.published_at is None
    assert post.source == f"meeting:{meeting.pk}" and post.block == cast.block
    assert "25/03/2025" in post.lead and "Đào Xuân Nay" in post.lead
    assert "Hội trường Hội Người cao tuổi tỉnh" in post.lead
    assert cast.member_org.name not in post.body  # absent from the meeting
    assert "Lê Hồng Văn" in post.body
    assert "Giao ước thi đua năm 2025" in post.body
    assert cast.head_org.name in post.body
    assert "<li>Ký kết giao ước thi đua</li>" in post.body


def test_outsiders_cannot_draft_from_another_blocks_meeting(client, cast):
    meeting = make_meeting(cast)
    signin(client, cast.member_rep)
    response = client.post(reverse("news:draft_from", args=["meeting"]), {"record": meeting.pk})
    assert response.status_code == 403
    assert not Post.objects.exists()


def test_sources_are_a_registry_another_app_can_extend():
    assert "meeting" in SOURCES
    source = SOURCES["meeting"]
    assert callable(source.candidates) and callable(source.facts)


def test_an_unknown_source_is_not_found(client, cast):
    signin(client, cast.head_rep)
    assert client.get(reverse("news:draft_from", args=["nothing"])).status_code == 404
