import pytest
from django.test import override_settings
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.testing import signin


@pytest.mark.django_db
def test_healthz_answers_ok_with_the_database_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_board_reads_the_audit_log_newest_first(client, cast):
    signin(client, cast.board)
    response = client.get(reverse("core:audit"))
    assert response.status_code == 200
    page = response.context["page"]
    seqs = [e.seq for e in page]
    assert seqs == sorted(seqs, reverse=True)
    assert "cycle.create" in response.content.decode()


def test_audit_log_filters_by_action_and_answers_htmx_with_the_results_only(client, cast):
    signin(client, cast.board)
    response = client.get(
        reverse("core:audit"), {"action": "block.create"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    actions = {e.action for e in response.context["page"]}
    assert actions == {"block.create"}
    assert AuditEvent.objects.filter(action="block.create").count() == len(
        response.context["page"].object_list
    )


def test_members_cannot_read_the_audit_log(client, cast):
    for user in (cast.head_rep, cast.member_rep, cast.member_leader, cast.outsider):
        signin(client, user)
        assert client.get(reverse("core:audit")).status_code == 403


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


@pytest.mark.django_db
def test_the_benchmark_floor_answers_without_touching_the_database(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/floor")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_the_benchmark_header_counts_the_queries_of_a_request(rf):
    from django.http import HttpResponse

    from thidua.accounts.models import User
    from thidua.core.middleware import QueryCountHeaderMiddleware

    def view(request):
        User.objects.count()
        User.objects.exists()
        return HttpResponse("ok")

    response = QueryCountHeaderMiddleware(view)(rf.get("/"))
    assert response["X-Queries"] == "2"
