"""In a real browser, with the keyboard alone (as Hội Người mù's delegate works): each kind of form
is sent with a mistake; focus lands on the error summary at the top of the form, its link takes
the focus to the field, which is marked invalid and described by its message; axe finds nothing
at all on the refused page, at desktop and phone widths."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from thidua.accounts import reauth
from thidua.cycles import services as cycles
from thidua.cycles.models import Phase
from thidua.drafting import services as drafting
from thidua.drafting.tests.helpers import make_regulation, open_window
from thidua.scoring.tests.builders import build_table, set_phase
from thidua.signing.tests.helpers import signing_ready
from thidua.testing import PASSWORD, signin
from thidua.testing.browser import PHONE, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, user, live_server, *, confirmed: bool = False) -> None:
    client = signin(Client(), user)
    if confirmed:  # identity confirmed a moment ago, as signing and voting ask
        session = client.session
        session[reauth.SESSION_KEY] = reauth._now()
        session.save()
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _send_by_keyboard(page, button: str) -> None:
    """Tab to the form's button (from wherever focus is) and press Enter."""
    target = page.get_by_role("button", name=button)
    for _ in range(60):
        if target.evaluate("b => b === document.activeElement"):
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError(f"the button {button!r} cannot be reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


def _refusal_is_reachable(page, label: str, field_id: str | None, message: str) -> None:
    summary = page.locator("[data-error-summary]").first
    expect(summary).to_be_focused()
    assert summary.get_attribute("role") == "alert"
    assert message in summary.inner_text()
    if field_id is not None:
        page.keyboard.press("Tab")  # the summary's first link
        assert page.evaluate("document.activeElement.getAttribute('href')") == f"#{field_id}"
        page.keyboard.press("Enter")
        field = page.locator(f"#{field_id}")
        expect(field).to_be_focused()
        assert field.get_attribute("aria-invalid") == "true"
        described = field.get_attribute("aria-describedby") or page.locator(
            f"fieldset:has(#{field_id})"
        ).get_attribute("aria-describedby")
        texts = [page.locator(f"#{i}").inner_text() for i in described.split()]
        assert any(message in t for t in texts), texts
    assert_accessible(page, label, every_impact=True)
    screenshot(page, f"form-error-{label}-desktop")
    page.set_viewport_size(PHONE)
    assert_accessible(page, f"{label} (phone)", every_impact=True)
    screenshot(page, f"form-error-{label}-phone")


def test_sign_in_with_a_wrong_password(page, cast):
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").focus()
    page.keyboard.type(cast.member_rep.username)
    page.keyboard.press("Tab")
    page.keyboard.type("not-the-password")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _refusal_is_reachable(page, "sign-in", None, "không khớp")
    assert PASSWORD not in page.content()


def test_a_comment_on_a_draft_without_text(page, cast, live_server):
    window = open_window(cast, make_regulation(cast))
    _as(page, cast.member_rep, live_server)
    page.goto(f"/drafting/windows/{window.pk}/")
    page.locator("#id_article_key").focus()
    _send_by_keyboard(page, "Gửi góp ý")
    _refusal_is_reachable(page, "comment", "id_text", "bắt buộc")


def test_an_answer_without_its_verdict(page, cast, live_server):
    window = open_window(cast, make_regulation(cast))
    comment = drafting.add_comment(actor=cast.member_rep, window=window, text="Đề nghị bổ sung.")
    _as(page, cast.head_rep, live_server)
    page.goto(f"/drafting/comments/{comment.pk}/answer/")
    page.locator("#id_status").focus()
    _send_by_keyboard(page, "Lưu ý kiến trả lời")
    _refusal_is_reachable(page, "answer", "id_status", "bắt buộc")


def test_signing_without_ticking_the_confirmation(page, cast, live_server):
    signing_ready(cast)
    _as(page, cast.member_leader, live_server, confirmed=True)
    page.goto(f"/signing/cycle/{cast.cycle.pk}/sign/")
    page.locator("#id_position").focus()
    _send_by_keyboard(page, "Ký phiên bản này")
    _refusal_is_reachable(page, "sign", "id_confirm", "bắt buộc")


def test_a_score_sheet_with_a_word_for_a_number(page, cast, live_server):
    nodes = build_table(cast)
    set_phase(cast.cycle, Phase.CROSS_SCORING)
    _as(page, cast.head_rep, live_server)
    page.goto(f"/scoring/{cast.cycle.pk}/cross/{cast.member_org.pk}/")
    field_id = f"id_value_{nodes['1.1'].pk}"
    page.locator(f"#{field_id}").focus()
    page.keyboard.type("tám")
    _send_by_keyboard(page, "Lưu nháp")
    _refusal_is_reachable(page, "score-sheet", field_id, "một số")


def test_a_registration_with_nothing_in_it(page, cast, live_server):
    for phase in (Phase.DRAFTING, Phase.SIGNING):
        cycles.advance_phase(
            actor=cast.head_rep,
            cycle=cast.cycle,
            to_phase=phase,
            acknowledge=True,
            reason="Kiểm thử",
        )
    _as(page, cast.member_rep, live_server)
    page.goto(reverse("meetings:registration_edit", args=[cast.cycle.pk]))
    page.locator("#id_commitments").focus()
    _send_by_keyboard(page, "Lưu đăng ký")
    _refusal_is_reachable(page, "registration", None, "ít nhất một danh hiệu")


def test_a_board_editor_without_the_organisations_name(page, cast, live_server):
    _as(page, cast.board, live_server)
    page.goto(reverse("orgs:organisation_create"))
    page.locator("#id_name").focus()
    _send_by_keyboard(page, "Thêm tổ chức")
    _refusal_is_reachable(page, "board-editor", "id_province", "bắt buộc")


def test_a_form_swapped_in_by_htmx_also_moves_the_focus_to_its_summary(page, cast, live_server):
    """The same comment form, sent through htmx (as a form of the product may be): the refused
    form is swapped in place and focus still moves to its summary."""
    window = open_window(cast, make_regulation(cast))
    _as(page, cast.member_rep, live_server)
    page.goto(f"/drafting/windows/{window.pk}/")
    page.evaluate(
        """() => {
        const form = document.querySelector('#comment-form form');
        form.setAttribute('hx-post', form.getAttribute('action'));
        form.setAttribute('hx-select', '#comment-form form');
        form.setAttribute('hx-target', 'this');
        form.setAttribute('hx-swap', 'outerHTML');
        htmx.process(form);
    }"""
    )
    page.locator("#id_article_key").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    with page.expect_response(lambda r: "/comment/" in r.url):
        page.keyboard.press("Enter")
    expect(page.locator("#comment-form [data-error-summary]")).to_be_focused()
    assert f"/drafting/windows/{window.pk}/" in page.url  # no navigation: swapped in place
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#id_text")).to_be_focused()
