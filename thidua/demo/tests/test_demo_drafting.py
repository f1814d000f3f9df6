"""The demo shows the 2024 drafts answered and revised, and the 2025 drafts open for comments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import translation

from thidua.drafting import selectors
from thidua.drafting.access import window_is_open
from thidua.drafting.models import Comment, CommentWindow, Document


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """Service messages are asserted in English; pages pick their language per request."""
    with translation.override("en"):
        yield


@pytest.fixture
def demo(demo_data):
    return demo_data


def test_the_2024_drafts_have_answered_comments_and_a_second_version(demo):
    documents = Document.objects.filter(cycle__year=2024, cycle__block__name="Khối thi đua 8")
    assert sorted(d.kind for d in documents) == ["covenant", "plan", "regulation"]
    for document in documents:
        assert document.versions.filter(number=2).exists()
    comments = Comment.objects.filter(window__version__document__cycle__year=2024)
    assert comments.count() == 6
    assert not comments.filter(answer_status="").exists()
    assert not comments.filter(resolved_in__isnull=True).exists()
    assert comments.filter(unit__name="Hội Nhà báo tỉnh").exists()


def test_the_2025_drafts_were_commented_answered_and_revised_in_march_2025(demo):
    windows = CommentWindow.objects.filter(version__document__cycle__year=2025)
    assert windows.count() == 3
    assert not any(window_is_open(w) for w in windows)
    assert all(w.closed_at.date() == dt.date(2025, 3, 27) for w in windows)
    comments = Comment.objects.filter(window__in=windows)
    assert comments.count() == 3
    assert not comments.filter(answer_status="").exists()
    assert all(selectors.units_without_comment(w) for w in windows)
    for document in Document.objects.filter(cycle__year=2025):
        assert document.versions.filter(number=2).exists()
