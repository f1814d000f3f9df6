"""The checklist before an irreversible step: blockers refuse, warnings need a tick and a
reason, and what the audit event keeps."""

from __future__ import annotations

import pytest

from thidua.core.checklist import AcknowledgeForm, Checklist, ChecklistRefused, refused_form


def _warned() -> Checklist:
    checklist = Checklist()
    checklist.warn("2 units have not commented.", url="/w/1/", action="See them")
    return checklist


def test_a_blocker_refuses_whatever_is_acknowledged():
    checklist = _warned()
    checklist.block("A window is open.")
    with pytest.raises(ChecklistRefused) as refused:
        checklist.enforce(acknowledge=True, reason="Vì sao")
    assert "A window is open." in refused.value.message
    assert refused.value.checklist is checklist


def test_warnings_need_the_tick_and_a_reason_and_are_returned_for_the_audit_event():
    checklist = _warned()
    with pytest.raises(ChecklistRefused) as no_tick:
        checklist.enforce(acknowledge=False, reason="Vì sao")
    assert no_tick.value.field == "acknowledge"
    with pytest.raises(ChecklistRefused) as no_reason:
        checklist.enforce(acknowledge=True, reason="   ")
    assert no_reason.value.field == "reason"
    assert checklist.enforce(acknowledge=True, reason=" Vì sao ") == {
        "warnings": ["2 units have not commented."],
        "reason": "Vì sao",
    }


def test_nothing_unfinished_needs_nothing_and_records_nothing():
    checklist = Checklist()
    checklist.say("The window closes now.")
    assert checklist.enforce(acknowledge=False, reason="") == {}
    assert AcknowledgeForm({}, checklist=checklist).fields == {}


def test_the_first_fix_is_a_blockers_link_before_a_warnings():
    checklist = _warned()
    checklist.block("No link here.")
    checklist.block("Close it.", url="/close/", action="Close")
    assert checklist.first_fix is not None and checklist.first_fix.url == "/close/"


def test_a_warning_that_appeared_after_the_page_was_shown_gets_its_fields_and_message():
    shown = Checklist()  # the page had nothing to acknowledge
    assert AcknowledgeForm({}, checklist=shown).fields == {}
    error = ChecklistRefused(_warned(), "Tick the box.", field="acknowledge")
    form = refused_form({}, error)
    assert set(form.fields) == {"acknowledge", "reason"}
    assert form.has_error("acknowledge") and form.has_error("reason")


def test_the_partial_says_each_kind_in_words_and_shows_no_template_comment():
    from django.template.loader import render_to_string
    from django.utils import translation

    checklist = _warned()
    checklist.block("A window is open.")
    with translation.override("vi"):
        html = render_to_string("includes/checklist.html", {"checklist": checklist})
    assert "Chặn:" in html and "Cảnh báo:" in html
    assert "{#" not in html and "checklist.py" not in html
