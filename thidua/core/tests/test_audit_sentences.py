"""Every action code the product records reads as a sentence, in Vietnamese and in English.

The codes are collected from the code itself: every call of `audit.record(...)` and
`audit.record_many(...)` anywhere in thidua (tests aside). A new code without a sentence, a
sentence without its Vietnamese translation, or a call whose code is not written out (so this
test cannot see it) fails here. How an app adds its sentences: README, "Code layout", and
thidua/core/audit_log.py."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import translation

from thidua.core import audit, audit_log
from thidua.core.models import AuditEvent

ROOT = Path(__file__).resolve().parents[3]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _codes(node: ast.expr) -> list[str] | None:
    """The codes an `action=` argument can take: a literal, or either branch of `a if c else b`
    (None when the code is computed: this test could not know it)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _codes(node.body), _codes(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def _recorded_codes() -> tuple[dict[str, list[str]], list[str]]:
    """{code: [where]} for every audit-recording call, and the calls whose code is not literal."""
    found: dict[str, list[str]] = {}
    opaque: list[str] = []
    for path in sorted(ROOT.joinpath("thidua").rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts or parts == ("thidua", "core", "audit.py"):
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("record", "record_many")
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "audit"
            ):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            action = next((k.value for k in node.keywords if k.arg == "action"), None)
            codes = _codes(action) if action is not None else None
            if codes is None:
                opaque.append(where)
                continue
            for code in codes:
                found.setdefault(code, []).append(where)
    return found, opaque


CODES, OPAQUE = _recorded_codes()


def test_the_collector_finds_the_codes_the_services_record():
    # A sanity floor: the scan sees the product's services (about a hundred codes today).
    assert len(CODES) > 90
    for code in ("scoring.cross.submit", "person.totp_device.add", "drafting.window.close"):
        assert code in CODES
    # Both branches of a conditional code are seen.
    assert {"news.comment.approve", "news.comment.reject"} <= set(CODES)


def test_every_recorded_action_code_is_written_out_where_it_is_recorded():
    assert not OPAQUE, (
        "audit.record() calls whose action is not a literal string (write the code out, or "
        f"`'a' if c else 'b'`, so this test can check its sentence): {OPAQUE}"
    )


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_action_code_has_a_sentence_in_both_languages(code):
    sentence = audit_log.audit_sentences.get(code)
    assert sentence is not None, (
        f"{code} (recorded at {CODES[code]}) has no sentence: add it to the describe() call "
        "in the app's contributions.py, with its Vietnamese translation"
    )
    with translation.override("en"):
        english = str(sentence.text)
    with translation.override("vi"):
        vietnamese = str(sentence.text)
    assert "%(actor)s" in english or "%(object)s" in english or "%(unit)s" in english, english
    assert vietnamese != english, f"{code}: “{english}” has no Vietnamese translation"
    assert set(PLACEHOLDER.findall(vietnamese)) == set(PLACEHOLDER.findall(english)), code
    assert audit_log.kind_of(code), f"{code} belongs to no kind of action"


def test_every_kind_of_action_is_named_in_both_languages():
    for key, kind in audit_log.audit_kinds.items():
        with translation.override("en"):
            english = str(kind.label)
        with translation.override("vi"):
            assert str(kind.label) != english, key


def test_no_sentence_is_registered_for_a_code_nothing_records():
    # A sentence left behind by a renamed code is dead weight that hides the new code's gap.
    stale = {key for key, _sentence in audit_log.audit_sentences.items()} - set(CODES)
    assert not stale, f"sentences for codes no service records: {sorted(stale)}"


def _event(**fields) -> AuditEvent:
    with transaction.atomic():
        return audit.record(**fields)


@pytest.mark.django_db
def test_an_unknown_code_still_reads_as_a_sentence(cast):
    event = _event(
        actor=cast.head_rep,
        action="checklists.acknowledge",
        object_type="test.thing",
        object_id="7",
        object_label="Chuyển giai đoạn",
    )
    with translation.override("vi"):
        line = audit_log.read([event], cast.board)[0]
    assert (
        line.text == "Head Rep thực hiện thao tác “checklists.acknowledge” đối với Chuyển giai đoạn"
    )
    with translation.override("en"):
        line = audit_log.read([event], cast.board)[0]
    assert line.text == "Head Rep recorded the action “checklists.acknowledge” on Chuyển giai đoạn"
    assert line.kind == "" and line.url == ""


@pytest.mark.django_db
def test_a_sentence_names_the_object_as_it_reads_today_links_it_and_escapes_it(cast):
    cycle = cast.cycle
    event = AuditEvent.objects.filter(action="cycle.create", object_id=str(cycle.pk)).get()
    block = cast.block
    from thidua.orgs import services as orgs

    with transaction.atomic():
        orgs.update_block(
            actor=cast.board, block=block, name="Khối <b>mới</b>", description="", is_active=True
        )
    with translation.override("vi"):
        line = audit_log.read([event], cast.board)[0]
    assert line.text.startswith(f"Hệ thống mở năm thi đua Khối <b>mới</b> — {cycle.year}")
    assert f'<a href="/cycles/{cycle.pk}/">Khối &lt;b&gt;mới&lt;/b&gt; — {cycle.year}</a>' in (
        line.html
    )
    assert "<b>" not in line.html
    # A reader outside the Board gets the sentence without links.
    assert "<a " not in audit_log.read([event], cast.head_rep)[0].html


@pytest.mark.django_db
def test_a_translation_with_a_placeholder_the_event_lacks_reads_an_ellipsis(cast):
    event = _event(actor=cast.board, action="membership.add", obj=cast.block)  # no `after`
    with translation.override("en"):
        line = audit_log.read([event], cast.board)[0]
    assert line.text == "Board Officer added … to the block … for …"
