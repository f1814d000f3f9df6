"""Whole-product page behaviour: error pages, languages, security headers, the home page."""

from django.test import override_settings
from django.urls import reverse

from thidua.testing import signin


@override_settings(DEBUG=False)
def test_unknown_pages_answer_a_styled_404_in_vietnamese(client, cast):
    signin(client, cast.member_rep)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<html lang="vi"' in body
    assert "Không tìm thấy trang" in body


def test_the_language_switch_changes_the_interface_to_english(client, cast):
    signin(client, cast.member_rep)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert '<html lang="en"' in body
    assert "Dashboard" in body or "Welcome" in body


def test_pages_send_security_headers(client, cast):
    signin(client, cast.member_rep)
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_english_browser_still_gets_vietnamese_until_the_person_switches(client, cast):
    signin(client, cast.member_rep)
    response = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="vi"' in response.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get("/", headers={"Accept-Language": "vi"})
    assert '<html lang="en"' in response.content.decode()


def test_the_dashboard_tells_a_member_their_units_role_in_each_cycle(client, cast):
    signin(client, cast.head_rep)
    rows = client.get("/").context["cycles"]
    assert [(r.cycle, r.my_role) for r in rows] == [(cast.cycle, "Đơn vị trưởng khối")]
    signin(client, cast.member_rep)
    assert [r.my_role for r in client.get("/").context["cycles"]] == ["Đơn vị thành viên"]
