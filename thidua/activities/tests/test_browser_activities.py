"""In a real browser: the head unit records a joint activity and adds a photo with its caption;
a member reads it on a phone; the Board builds the cycle's archive and watches its progress."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from thidua.activities.models import Activity, Photo
from thidua.activities.tests.builders import jpeg_bytes
from thidua.jobs.models import Job, JobStatus
from thidua.jobs.tests.worker import DATABASE_TASKS, start_worker_thread
from thidua.scoring.tests.test_browser_scoring import sign_in
from thidua.testing.browser import DESKTOP, PHONE, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_head_records_an_activity_with_a_photo_that_a_member_reads_on_a_phone(
    page, cast, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    sign_in(page, cast.head_rep)
    page.goto(f"/cycles/{cast.cycle.pk}/")
    page.get_by_role("link", name="Hoạt động chung").click()
    page.get_by_role("link", name="Ghi nhận hoạt động").click()
    page.select_option("#id_kind", "seminar")
    page.fill("#id_title", "Vì người nghèo – Không để ai bỏ lại phía sau")
    page.select_option("#id_host_unit", str(cast.head_org.pk))
    page.fill("#id_date", f"{cast.cycle.year}-05-16")
    page.fill("#id_place", "Hội trường Hội Người cao tuổi tỉnh")
    page.fill("#id_report", "Tọa đàm về an sinh xã hội.")
    page.get_by_label("Hội Luật gia tỉnh").uncheck()
    assert_accessible(page, "activity form")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    activity = Activity.objects.get()
    assert activity.participations.filter(present=True).count() == 3
    page.set_input_files(
        "#id_image",
        files=[
            {"name": "toa-dam.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes((1200, 800))}
        ],
    )
    page.fill("#id_caption", "Đại biểu các hội dự tọa đàm")
    page.get_by_role("button", name="Thêm ảnh").click()
    page.wait_for_load_state()
    assert Photo.objects.filter(activity=activity).count() == 1
    image = page.get_by_role("img", name="Đại biểu các hội dự tọa đàm")
    image.scroll_into_view_if_needed()
    photo = page.locator(".activities-photo img")
    expect(photo).to_have_js_property("complete", True)
    assert photo.evaluate("i => i.naturalWidth") > 0
    assert_accessible(page, "activity detail")
    screenshot(page, "activities-detail-desktop")

    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    sign_in(page, cast.member_rep)
    page.goto(f"/activities/{activity.pk}/")
    assert page.get_by_role("img", name="Đại biểu các hội dự tọa đàm").is_visible()
    assert_accessible(page, "activity detail on a phone")
    screenshot(page, "activities-detail-phone")
    page.goto(f"/activities/cycle/{cast.cycle.pk}/participation/")
    assert_accessible(page, "participation on a phone")
    screenshot(page, "activities-participation-phone")


def test_the_board_builds_the_archive_and_sees_its_progress_then_downloads_it(
    page, cast, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = DATABASE_TASKS  # a real worker, and the page polls its status
    worker = start_worker_thread()
    page.set_viewport_size(DESKTOP)
    sign_in(page, cast.board)
    page.goto(f"/cycles/{cast.cycle.pk}/archive/")
    assert_accessible(page, "archive page")
    page.get_by_role("button", name="Tạo hồ sơ lưu trữ").click()
    page.wait_for_load_state()
    assert "/jobs/" in page.url
    status = page.get_by_role("status")
    download = status.get_by_role("link", name="Tải về")
    download.wait_for(timeout=15000)
    assert "Công việc đã hoàn thành" in status.inner_text()
    assert Job.objects.get().status == JobStatus.DONE
    worker.join(timeout=15)
    assert page.locator("progress").get_attribute("value") == "100"
    assert_accessible(page, "job progress")
    screenshot(page, "jobs-archive-done")
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename.endswith(".zip")
