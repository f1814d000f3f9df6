"""In a real browser: a unit self-assesses with an evidence file and submits; another unit then
cross-scores it, seeing the self-assessment and opening the evidence link."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts.models import Role
from thidua.cycles.models import Phase
from thidua.scoring import selectors
from thidua.scoring.models import Evidence, SheetStatus
from thidua.scoring.tests.builders import build_table, set_phase
from thidua.scoring.tests.test_self_assessment import PDF_BYTES
from thidua.testing import PASSWORD, make_person
from thidua.testing.browser import PHONE, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, user):
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    if "/two-factor/" in page.url:
        page.locator("main form input:visible").first.fill(f"{totp(device.bin_key):06d}")
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()


def test_a_unit_self_assesses_with_evidence_and_another_unit_scores_it(
    page, cast, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    nodes = build_table(cast)
    set_phase(cast.cycle, Phase.SELF_ASSESSMENT)
    sign_in(page, cast.member_rep)
    page.goto(f"/scoring/{cast.cycle.pk}/self/{cast.member_org.pk}/")
    values = {"1.1": "8", "1.3": "90", "2.1": "3", "III": "1", "IV": "0"}
    for code, value in values.items():
        page.fill(f"#id_value_{nodes[code].pk}", value)
    page.fill(f"#id_target_{nodes['1.3'].pk}", "100")
    page.select_option(f"#id_value_{nodes['1.2'].pk}", "1")
    page.set_input_files(
        f"#id_evidence_{nodes['1.1'].pk}",
        files=[{"name": "bao-cao.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}],
    )
    assert_accessible(page, "self-assessment")
    page.get_by_role("button", name="Lưu và nộp").click()
    page.wait_for_load_state()
    assert selectors.self_sheet(cast.cycle, cast.member_org.pk).status == SheetStatus.SUBMITTED
    assert Evidence.objects.get().original_name == "bao-cao.pdf"
    screenshot(page, "scoring-self-assessment-desktop")

    set_phase(cast.cycle, Phase.CROSS_SCORING)
    page.context.clear_cookies()
    scorer = make_person("deputy_rep", Role.REPRESENTATIVE, cast.deputy_org)
    sign_in(page, scorer)
    page.goto(f"/scoring/{cast.cycle.pk}/cross/{cast.member_org.pk}/")
    assert "bao-cao.pdf" in page.locator("main").inner_text()
    for code, value in {**values, "1.1": "7"}.items():
        page.fill(f"#id_value_{nodes[code].pk}", value)
    page.select_option(f"#id_value_{nodes['1.2'].pk}", "1")
    page.fill(f"#id_note_{nodes['1.1'].pk}", "Thiếu biên bản")
    assert_accessible(page, "cross-scoring")
    page.get_by_role("button", name="Lưu và nộp").click()
    page.wait_for_load_state()
    sheet = selectors.cross_sheet(cast.cycle, cast.deputy_org.pk, cast.member_org.pk)
    assert sheet is not None and sheet.status == SheetStatus.SUBMITTED
    screenshot(page, "scoring-cross-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "scoring-cross-phone")
