"""Years and dates copied from last year's text are marked in the new version; the head fixes
them or marks them as reviewed, and the version cannot be frozen for signing before (issue 15
item 5)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.cycles import services as cycles
from thidua.drafting import services, stale_years
from thidua.drafting.models import StaleYearReview
from thidua.testing import signin

pytestmark = pytest.mark.django_db

LAST_YEAR = [
    {
        "number": "Điều 1",
        "heading": "Mục tiêu năm 2025",
        "body": (
            "<p>Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 và Nghị định "
            "152/2025/NĐ-CP; Quyết định số 12/QĐ-UBND ngày 15/01/2025 của UBND tỉnh.</p>"
            "<p>Các hội thành viên hoàn thành báo cáo trước ngày 31/12/2025 và tổng kết "
            "trong <strong>tháng 12/2025</strong>.</p>"
        ),
    },
    {
        "number": "Điều 2",
        "heading": "Hiệu lực",
        "body": "<p>Quy chế có hiệu lực từ năm 2026.</p>",
    },
]
PREAMBLE = "Hà Nội, ngày 10 tháng 01 năm 2025\nKhối thi đua 8"


def _copied(cast):
    """Last year's (2025) regulation copied into the 2026 cycle: (new document, its version)."""
    document = services.create_document(
        actor=cast.head_rep, cycle=cast.cycle, kind="regulation", title="Quy chế năm 2025"
    )
    services.save_version(
        actor=cast.head_rep,
        document=document,
        title="Quy chế hoạt động năm 2025",
        preamble=PREAMBLE,
        articles=LAST_YEAR,
    )
    following = cycles.create_cycle(
        actor=None,
        block=cast.block,
        year=cast.cycle.year + 1,
        head_unit=cast.head_org,
        deputy_unit=cast.deputy_org,
    )
    copy = services.create_document(
        actor=cast.board, cycle=following, kind="regulation", start="previous"
    )
    return copy, copy.versions.get()


def test_a_copied_text_marks_last_years_years_and_dates_but_not_the_law_citations(cast):
    assert cast.cycle.year == 2025
    copy, version = _copied(cast)
    assert copy.copied_from_year == 2025
    marks = stale_years.find_marks(version)
    # (The copy takes this year's default title.)
    assert [(m.part, m.text) for m in marks] == [
        ("preamble", "ngày 10 tháng 01 năm 2025"),
        ("a1", "năm 2025"),
        ("a1", "31/12/2025"),
        ("a1", "tháng 12/2025"),
    ]
    assert [m.number for m in marks] == [1, 2, 3, 4]
    assert marks[1].where == "Điều 1 Mục tiêu năm 2025"
    assert marks[2].before.endswith("báo cáo trước ngày") and marks[2].after.startswith("và")
    texts = " ".join(m.text for m in marks)
    # The law's own years and a citation's date are not the year of the work; 2026 is current.
    assert "2022" not in texts and "152/2025" not in texts and "15/01/2025" not in texts
    assert "2026" not in texts


def test_a_text_not_copied_has_no_marks(cast):
    document = services.create_document(actor=cast.head_rep, cycle=cast.cycle, kind="plan")
    version = services.save_version(
        actor=cast.head_rep, document=document, title="Kế hoạch", preamble="", articles=LAST_YEAR
    )
    assert stale_years.find_marks(version) == []
    assert services.freeze_version(actor=cast.head_rep, version=version).frozen_at is not None


def test_freezing_is_refused_while_a_mark_is_unreviewed(cast):
    _copy, version = _copied(cast)
    with pytest.raises(DomainError, match="still has 4 years or dates") as refused:
        services.freeze_version(actor=cast.head_rep, version=version)
    assert "31/12/2025" in refused.value.message
    version.refresh_from_db()
    assert version.frozen_at is None
    assert not AuditEvent.objects.filter(action="drafting.version.freeze").exists()


def test_reviewing_every_mark_lets_the_version_be_frozen(cast):
    copy, version = _copied(cast)
    marks = stale_years.find_marks(version)
    for mark in marks[:-1]:
        services.review_stale_year(actor=cast.head_rep, version=version, key=mark.key)
    assert [m.text for m in stale_years.stale_years_unreviewed(version)] == ["tháng 12/2025"]
    with pytest.raises(DomainError, match="still has 1 year or date"):
        services.freeze_version(actor=cast.head_rep, version=version)
    services.review_stale_year(actor=cast.head_rep, version=version, key=marks[-1].key)
    assert services.freeze_version(actor=cast.head_rep, version=version).frozen_at is not None
    assert AuditEvent.objects.filter(action="drafting.stale_year.review").count() == 4
    # Reviewing twice records nothing more; an unknown mark is refused.
    services.review_stale_year(actor=cast.head_rep, version=version, key=marks[0].key)
    assert StaleYearReview.objects.filter(document=copy).count() == 4
    with pytest.raises(DomainError, match="no longer in version"):
        services.review_stale_year(actor=cast.head_rep, version=version, key="a1:nothing")


def test_fixing_the_text_clears_its_marks_and_keeps_the_reviews_of_the_others(cast):
    copy, version = _copied(cast)
    marks = stale_years.find_marks(version)
    services.review_stale_year(actor=cast.head_rep, version=version, key=marks[2].key)
    articles = [dict(a) for a in version.content]
    articles[0]["heading"] = "Mục tiêu năm 2026"
    fixed = services.save_version(
        actor=cast.head_rep,
        document=copy,
        title="Quy chế hoạt động năm 2026",
        preamble=PREAMBLE.replace("2025", "2026"),
        articles=articles,
    )
    left = stale_years.find_marks(fixed)
    assert [(m.text, m.reviewed) for m in left] == [("31/12/2025", True), ("tháng 12/2025", False)]


def test_only_a_writer_reviews_a_mark(cast):
    _copy, version = _copied(cast)
    mark = stale_years.find_marks(version)[0]
    with pytest.raises(DomainError):
        services.review_stale_year(actor=cast.member_rep, version=version, key=mark.key)
    assert not StaleYearReview.objects.exists()


def test_the_head_sees_the_marks_in_the_text_and_listed_and_reviews_one(client, cast):
    copy, version = _copied(cast)
    url = reverse("drafting:document_detail", args=[copy.pk])
    signin(client, cast.head_rep)
    page = client.get(url).content.decode()
    # Marked in the text, said in words, and listed with links to each mark.
    assert '<mark class="stale-year" id="stale-3" tabindex="-1">31/12/2025' in page
    assert "năm cần kiểm tra số 3" in page
    assert 'href="#stale-3"' in page
    assert "4 năm hoặc ngày tháng cần kiểm tra" in page
    # The law citation is not marked.
    assert "Nghị định 152/2025/NĐ-CP" in page
    mark = stale_years.find_marks(version)[2]
    response = client.post(
        reverse("drafting:stale_year_review", args=[copy.pk]),
        {"v": version.number, "key": mark.key},
    )
    assert response.status_code == 302 and response.url.endswith("#stale-h")
    page = client.get(url).content.decode()
    assert 'id="stale-3"' not in page and "3 năm hoặc ngày tháng cần kiểm tra" in page
    assert "Đã kiểm tra:" in page


def test_members_see_the_text_without_marks(client, cast):
    copy, _version = _copied(cast)
    signin(client, cast.member_rep)
    page = client.get(reverse("drafting:document_detail", args=[copy.pk])).content.decode()
    assert "stale-year" not in page and "31/12/2025" in page


def test_the_refusal_reads_in_vietnamese(cast):
    _copy, version = _copied(cast)
    with translation.override("vi"), pytest.raises(DomainError, match="chưa ai kiểm tra"):
        services.freeze_version(actor=cast.head_rep, version=version)


def test_the_document_page_keeps_its_queries_bounded(client, cast, django_assert_max_num_queries):
    copy, _version = _copied(cast)
    signin(client, cast.head_rep)
    url = reverse("drafting:document_detail", args=[copy.pk])
    client.get(url)
    with django_assert_max_num_queries(30):
        client.get(url)
