"""In a real browser, with the keyboard and axe: anyone checks a PDF at the public verification
page, the original and a copy changed by one byte."""

from __future__ import annotations

import pytest

from thidua.signing import digital
from thidua.signing.tests.helpers import seal_the_block, signing_ready
from thidua.testing.browser import assert_accessible, screenshot
from thidua.testing.pki import make_pki

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _submit(page, name: str, data: bytes) -> str:
    page.goto("/verify/")
    page.locator("#id_document").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": data}
    )
    page.locator("#id_document").focus()
    page.keyboard.press("Tab")  # the "check the file" button comes next
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    return page.locator("main").inner_text()


def test_a_visitor_checks_the_original_and_a_changed_copy_by_keyboard(
    page, cast, live_server, settings, tmp_path
):
    pki = make_pki()
    seal_the_block(cast, pki, settings, tmp_path)
    version = signing_ready(cast)
    original = bytes(digital.file_to_sign(cycle=cast.cycle, version=version).content)

    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    text = _submit(page, "giao-uoc.pdf", original)
    assert "Issued by the product, unchanged." in text
    assert cast.block.name in text
    assert_accessible(page, "verification of an issued file")
    screenshot(page, "verify-file-issued")

    changed = bytearray(original)
    at = original.index(b"/MediaBox") + 12
    changed[at] = ord("7") if changed[at] != ord("7") else ord("6")
    text = _submit(page, "giao-uoc-sua.pdf", bytes(changed))
    assert "Changed after signing." in text
    assert_accessible(page, "verification of a changed file")
