"""The audit log page: sentences, filters by block, cycle, person and kind of action, links the
Board may follow, a bounded number of queries whatever the number of events."""

from __future__ import annotations

import re

from django.db import transaction
from django.urls import reverse

from thidua.core import audit, selectors
from thidua.core.models import AuditEvent
from thidua.drafting import services as drafting
from thidua.orgs import services as orgs
from thidua.testing import signin

URL = reverse("core:audit")


def _documents(cast, count: int) -> None:
    """The cycle's plan (its creation and version 1 recorded), and `count - 1` more events about
    it (a cycle has one plan: the volume is what matters)."""
    document = drafting.create_document(actor=cast.head_rep, cycle=cast.cycle, kind="plan")
    with transaction.atomic():
        for _ in range(count - 1):
            audit.record(actor=cast.head_rep, action="drafting.document.create", obj=document)


def _other_block_event(cast) -> None:
    orgs.update_block(
        actor=cast.board,
        block=cast.other_block,
        name="Khối thi đua 7",
        description="Khối khác",
        is_active=True,
    )


def _text(response) -> str:
    return re.sub(r"<[^>]+>", "", response.content.decode())


def _shown(response) -> list[AuditEvent]:
    return [line.event for line in response.context["lines"]]


def test_each_event_reads_as_a_sentence_in_vietnamese_and_english(client, cast):
    _documents(cast, 1)
    signin(client, cast.board)
    page = _text(client.get(URL))
    assert "Head Rep tạo dự thảo" in page
    assert f"Hệ thống mở năm thi đua {cast.cycle}" in page
    client.cookies["django_language"] = "en"
    page = _text(client.get(URL))
    assert "Head Rep started the draft" in page
    assert f"The system opened the cycle {cast.cycle}" in page
    assert "(accounts.user" not in page


def test_the_block_filter_keeps_the_events_of_the_block_and_of_its_cycles(client, cast):
    _documents(cast, 1)
    _other_block_event(cast)
    signin(client, cast.board)
    events = _shown(client.get(URL, {"block": cast.block.pk}))
    actions = {e.action for e in events}
    assert {"block.create", "membership.add", "cycle.create", "drafting.document.create"} <= (
        actions
    )
    assert all(
        e.object_id != str(cast.other_block.pk) or e.object_type != "orgs.block" for e in events
    )
    assert "block.update" not in actions  # the other block's
    other = _shown(client.get(URL, {"block": cast.other_block.pk}))
    assert {e.action for e in other} == {"block.create", "membership.add", "block.update"}


def test_the_cycle_filter_keeps_the_events_of_the_cycle_and_its_documents(client, cast):
    _documents(cast, 2)
    _other_block_event(cast)
    signin(client, cast.board)
    response = client.get(URL, {"cycle": cast.cycle.pk})
    actions = [e.action for e in _shown(response)]
    assert actions.count("drafting.document.create") == 2
    assert "cycle.create" in actions
    assert "block.create" not in actions and "block.update" not in actions
    # The cycle's choices follow the chosen block.
    choices = {scope.key: scope.chosen for scope in response.context["scopes"]}
    assert choices == {"block": "", "cycle": str(cast.cycle.pk)}
    only_other = client.get(URL, {"block": cast.other_block.pk})
    (cycle_scope,) = [s for s in only_other.context["scopes"] if s.key == "cycle"]
    assert cycle_scope.choices == []  # the other block has no cycle


def test_choosing_a_block_narrows_the_cycle_list_at_once(client, cast):
    signin(client, cast.board)
    headers = {"HX-Request": "true"}
    mine = client.get(URL, {"block": cast.block.pk, "field": "cycle"}, headers=headers)
    body = mine.content.decode()
    assert body.startswith('<select class="form-select" id="f-cycle" name="cycle"')
    assert f'<option value="{cast.cycle.pk}">' in body
    other = client.get(URL, {"block": cast.other_block.pk, "field": "cycle"}, headers=headers)
    assert f'value="{cast.cycle.pk}"' not in other.content.decode()
    assert client.get(URL, {"field": "nonsense"}, headers=headers).status_code == 404


def test_an_unknown_block_or_cycle_shows_no_event_and_says_so(client, cast):
    signin(client, cast.board)
    for query in ({"block": "999999"}, {"cycle": "abc"}):
        response = client.get(URL, query)
        assert _shown(response) == []
        assert "Không có sự kiện nào khớp với bộ lọc" in response.content.decode()


def test_the_kind_and_person_filters(client, cast):
    _documents(cast, 1)
    _other_block_event(cast)
    signin(client, cast.board)
    drafting_only = _shown(client.get(URL, {"kind": "drafting"}))
    assert drafting_only and {e.action.split(".")[0] for e in drafting_only} == {"drafting"}
    registry = _shown(client.get(URL, {"kind": "registry", "actor": "Board"}))
    assert [e.action for e in registry] == ["block.update"]
    # A kind that does not exist filters nothing out (the choice list offers only real kinds).
    assert len(_shown(client.get(URL, {"kind": "nonsense"}))) == AuditEvent.objects.count()


def test_the_filters_combine_in_the_htmx_answer_and_the_export_links(client, cast):
    _documents(cast, 1)
    signin(client, cast.board)
    response = client.get(
        URL, {"cycle": cast.cycle.pk, "kind": "drafting"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "<html" not in body
    assert {e.action for e in _shown(response)} == {
        "drafting.document.create",
        "drafting.version.create",
    }
    export = reverse("board:audit_export", args=["xlsx"])
    assert f'href="{export}?kind=drafting&amp;cycle={cast.cycle.pk}"' in body


def test_every_link_in_the_log_opens_for_the_board(client, cast):
    _documents(cast, 1)
    _other_block_event(cast)
    signin(client, cast.board)
    body = client.get(URL).content.decode()
    table = body[body.index("<tbody>") : body.index("</tbody>")]
    links = set(re.findall(r'<a href="([^"]+)"', table))
    assert len(links) >= 4  # cycle, block, organisations, documents
    for link in links:
        assert client.get(link).status_code == 200, link


def test_the_page_makes_as_many_queries_with_many_events_as_with_few(
    client, cast, django_assert_max_num_queries
):
    signin(client, cast.board)
    document = drafting.create_document(actor=cast.head_rep, cycle=cast.cycle, kind="plan")
    with django_assert_max_num_queries(40) as few:
        client.get(URL)
        client.get(URL, {"block": cast.block.pk, "cycle": cast.cycle.pk})
    with transaction.atomic():
        for _ in range(40):
            audit.record(actor=cast.head_rep, action="drafting.document.create", obj=document)
        for n in range(60):
            audit.record(
                actor=cast.board, action="block.update", obj=cast.other_block, after={"n": n}
            )
    assert AuditEvent.objects.count() > 120
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)
        client.get(URL, {"block": cast.block.pk, "cycle": cast.cycle.pk})
    # Paginated: the second page shows the next fifty.
    second = client.get(URL, {"page": 2})
    assert len(second.context["lines"]) == 50


def test_the_page_says_when_a_download_would_hold_only_the_newest_events(client, cast, monkeypatch):
    signin(client, cast.board)
    url = reverse("core:audit")
    assert "sự kiện mới nhất" not in client.get(url).content.decode()
    total = AuditEvent.objects.count()
    monkeypatch.setattr(selectors, "AUDIT_EXPORT_LIMIT", total - 1)
    page = client.get(url).content.decode()
    assert f"Tệp tải về chứa {total - 1} sự kiện mới nhất" in page
