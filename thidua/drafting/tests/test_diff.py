"""Comparing two versions marks what was inserted and deleted, with words, not colour alone."""

from __future__ import annotations

from thidua.drafting import services
from thidua.drafting.selectors import compare_versions
from thidua.drafting.tests.helpers import make_regulation


def test_changed_added_and_removed_articles_are_marked(cast):
    document = make_regulation(cast)
    v2 = services.latest_version(document)
    articles = [
        {**v2.content[0], "body": "<p>Quy chế này quy định tổ chức hoạt động của khối.</p>"},
        {"number": "Điều 3", "heading": "Hiệu lực", "body": "<p>Có hiệu lực từ ngày ký.</p>"},
    ]
    v3 = services.save_version(
        actor=cast.head_rep, document=document, title=v2.title, preamble="", articles=articles
    )
    diffs = {d.label: d for d in compare_versions(v2, v3)}
    changed = diffs["Điều 1 Phạm vi điều chỉnh"]
    assert changed.status == "changed"
    assert "<ins>" in changed.new and "tổ chức" in changed.new
    assert "inserted" in changed.new or "chèn" in changed.new
    assert diffs["Điều 2 Đối tượng áp dụng"].status == "removed"
    assert "<del>" in diffs["Điều 2 Đối tượng áp dụng"].old
    assert diffs["Điều 3 Hiệu lực"].status == "added"
    assert [d.label for d in compare_versions(v2, v3)] == [
        "Điều 1 Phạm vi điều chỉnh",
        "Điều 2 Đối tượng áp dụng",
        "Điều 3 Hiệu lực",
    ]


def test_text_is_escaped_in_the_comparison(cast):
    document = make_regulation(cast)
    v2 = services.latest_version(document)
    v3 = services.save_version(
        actor=cast.head_rep,
        document=document,
        title=v2.title,
        preamble="",
        articles=[{**v2.content[0], "heading": "<script>x</script>"}],
    )
    assert "<script>" not in "".join(d.new for d in compare_versions(v2, v3))
