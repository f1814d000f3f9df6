import pytest
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
    # Newest first across the chains (main and every block's): by time, then by id.
    order = [(e.created_at, e.pk) for e in page]
    assert order == sorted(order, reverse=True)
    assert {e.chain for e in page} > {"main"}
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
