"""Documents and versions: hashes, frozen versions, starting from last year, DOCX import."""

from __future__ import annotations

import pytest

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.cycles import services as cycles
from thidua.drafting import services
from thidua.drafting.hashing import hash_of, version_hash
from thidua.drafting.models import DocumentVersion
from thidua.drafting.sanitize import clean_html
from thidua.drafting.tests.helpers import ARTICLES, make_regulation, word_file


def test_each_save_is_a_new_version_with_the_hash_of_its_canonical_text(cast):
    document = make_regulation(cast)
    versions = list(document.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    v2 = versions[1]
    assert v2.sha256 == version_hash(title=v2.title, preamble=v2.preamble, content=v2.content)
    assert v2.sha256 == hash_of(v2) and len(v2.sha256) == 64
    assert [a["key"] for a in v2.content] == ["a1", "a2"]
    assert AuditEvent.objects.filter(action="drafting.version.create").count() == 2


def test_the_hash_changes_with_any_character_of_the_text(cast):
    base = {"title": "Quy chế", "preamble": "", "content": [{"key": "a1", "body": "x"}]}
    other = {**base, "content": [{"key": "a1", "body": "y"}]}
    assert version_hash(**base) != version_hash(**other)
    assert version_hash(**base) == version_hash(**dict(base))


def test_saving_the_same_text_again_is_refused(cast):
    document = make_regulation(cast)
    latest = services.latest_version(document)
    with pytest.raises(DomainError):
        services.save_version(
            actor=cast.head_rep,
            document=document,
            title=latest.title,
            preamble="",
            articles=latest.content,
        )


def test_a_frozen_version_cannot_be_replaced(cast):
    document = make_regulation(cast)
    version = services.latest_version(document)
    services.freeze_version(actor=cast.head_rep, version=version)
    with pytest.raises(DomainError, match="frozen"):
        services.save_version(
            actor=cast.head_rep,
            document=document,
            title="Khác",
            preamble="",
            articles=ARTICLES,
        )
    assert document.versions.count() == 2
    services.unfreeze_version(actor=cast.head_rep, version=version)
    services.save_version(
        actor=cast.head_rep, document=document, title="Khác", preamble="", articles=ARTICLES
    )
    assert document.versions.count() == 3


def test_only_the_latest_version_can_be_frozen(cast):
    document = make_regulation(cast)
    first = document.versions.get(number=1)
    with pytest.raises(DomainError):
        services.freeze_version(actor=cast.head_rep, version=first)


def test_members_and_outsiders_cannot_draft(cast):
    for person in (cast.member_rep, cast.member_leader, cast.outsider):
        with pytest.raises(DomainError):
            services.create_document(actor=person, cycle=cast.cycle, kind="plan")
    services.create_document(actor=cast.board, cycle=cast.cycle, kind="plan")


def test_bodies_keep_only_what_word_keeps():
    dirty = (
        '<p onclick="x()">Một <b>hai</b> <i>ba</i><script>alert(1)</script>'
        '<a href="javascript:1">bốn</a></p><table><tr><th scope="col" style="c">A</th></tr>'
        '<tr><td colspan="2x">B</td></tr></table><ul><li>năm'
    )
    assert clean_html(dirty) == (
        '<p>Một <strong>hai</strong> <em>ba</em>bốn</p><table><tr><th scope="col">A</th></tr>'
        "<tr><td>B</td></tr></table><ul><li>năm</li></ul>"
    )
    assert clean_html("Dòng một\nHai < ba & bốn") == "<p>Dòng một</p><p>Hai &lt; ba &amp; bốn</p>"


def test_links_images_and_event_handlers_leave_only_their_text():
    assert clean_html('<p><a href="javascript:alert(1)">một</a></p>') == "<p>một</p>"
    assert clean_html('<a href="jav&#x09;ascript:alert(1)">hai</a>') == "hai"
    assert clean_html('<p>ba<img src="x" onerror="alert(1)"></p>') == "<p>ba</p>"
    assert clean_html('<p onmouseover="alert(1)" style="x">bốn</p>') == "<p>bốn</p>"


def test_svg_and_mathml_cannot_smuggle_a_script():
    for dirty in (
        "<svg><script>alert(1)</script></svg><p>ok</p>",
        '<svg><a xlink:href="javascript:alert(1)">x</a></svg><p>ok</p>',
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></table><p>ok</p>",
    ):
        cleaned = clean_html(dirty)
        assert "<script" not in cleaned and "onerror" not in cleaned
        assert "javascript" not in cleaned and "<svg" not in cleaned and "<math" not in cleaned


def test_comments_and_what_they_hide_are_dropped():
    dirty = "<p>một<!-- ghi chú --></p><!--[if IE]><script>alert(1)</script><![endif]-->"
    assert clean_html(dirty) == "<p>một</p>"
    assert clean_html("<p>hai</p><!--><script>alert(1)</script>") == "<p>hai</p>"


def test_encoded_tags_stay_text():
    dirty = "<p>&#x3c;script&#x3e;alert(1)&#x3c;/script&#x3e; &lt;b&gt;</p>"
    assert clean_html(dirty) == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;</p>"
    assert clean_html("<p>một&nbsp;hai</p>") == "<p>một\xa0hai</p>"


def test_tables_keep_the_tbody_their_author_wrote_and_no_other():
    assert clean_html("<TABLE><TR><TD COLSPAN=2>x</TD></TR></TABLE>") == (
        '<table><tr><td colspan="2">x</td></tr></table>'
    )
    written = '<table><tbody><tr><td rowspan="3">x</td></tr></tbody></table>'
    assert clean_html(written) == written


def test_word_pages_lose_their_head_and_styles():
    dirty = (
        "<html><head><title>T</title><style>p{}</style></head><body>"
        '<p class="MsoNormal"><span lang="vi">Một</span></p><ol><li>a<li>b</ol></body></html>'
    )
    assert clean_html(dirty) == "<p>Một</p><ol><li>a</li><li>b</li></ol>"


def test_a_new_cycle_starts_from_last_years_latest_version(cast):
    document = make_regulation(cast)
    next_cycle = cycles.create_cycle(
        actor=None,
        block=cast.block,
        year=2026,
        head_unit=cast.head_org,
        deputy_unit=cast.deputy_org,
    )
    copy = services.create_document(
        actor=cast.board, cycle=next_cycle, kind="regulation", start="previous"
    )
    v1 = copy.versions.get()
    assert v1.content == services.latest_version(document).content
    with pytest.raises(DomainError):
        services.create_document(actor=cast.board, cycle=next_cycle, kind="plan", start="previous")


def test_a_word_file_becomes_articles_from_its_headings(cast):
    data = word_file(
        [
            ("Title", "QUY CHẾ HOẠT ĐỘNG"),
            ("Normal", "Ban hành kèm theo biên bản hội nghị."),
            ("Normal", "Điều 1. Phạm vi điều chỉnh"),
            ("Normal", "Quy chế này quy định việc tổ chức thi đua."),
            ("List Bullet", "Các hội thành viên"),
            ("List Bullet", "Trưởng khối"),
            ("Heading 2", "II. Tổ chức thực hiện"),
            ("table", "Hoàn thành nhiệm vụ"),
        ]
    )
    document = services.create_document(
        actor=cast.head_rep, cycle=cast.cycle, kind="regulation", start="docx", upload=data
    )
    v1 = document.versions.get()
    assert "Ban hành kèm theo" in v1.preamble
    assert [(a["number"], a["heading"]) for a in v1.content] == [
        ("Điều 1", "Phạm vi điều chỉnh"),
        ("II.", "Tổ chức thực hiện"),
    ]
    assert "<ul><li>Các hội thành viên</li><li>Trưởng khối</li></ul>" in v1.content[0]["body"]
    assert "<td>Hoàn thành nhiệm vụ</td>" in v1.content[1]["body"]


@pytest.mark.parametrize(
    "data",
    [b"not a word file", b"PK\x03\x04 broken zip", word_file([("Normal", "Không có đề mục")])],
    ids=["text", "broken-zip", "no-headings"],
)
def test_a_bad_upload_is_refused_with_nothing_changed(cast, data):
    with pytest.raises(DomainError):
        services.create_document(
            actor=cast.head_rep, cycle=cast.cycle, kind="regulation", start="docx", upload=data
        )
    assert not DocumentVersion.objects.exists()


def test_an_upload_over_five_megabytes_is_refused(cast):
    with pytest.raises(DomainError, match="5 MB"):
        services.create_document(
            actor=cast.head_rep,
            cycle=cast.cycle,
            kind="regulation",
            start="docx",
            upload=b"PK" + b"0" * (5 * 1024 * 1024),
        )
