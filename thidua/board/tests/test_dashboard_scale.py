"""The Board dashboard at the scale of a province: each block's progress row is cached under its
own block's version, so a write in one block recomputes that block's row only, at a cost that
does not depend on the number of blocks; "overdue" shows at the deadline without a write; the
progress table summarises, filters and pages server-side."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from thidua.board import dashboard as board
from thidua.board import selectors
from thidua.board.tests.test_dashboard import (
    _block_with_cycle,
    _phase,
    _sign,
    _version,
    _window,
)
from thidua.core import versions
from thidua.core.todo import TodoItem
from thidua.cycles import services as cycles
from thidua.cycles.models import Cycle, Phase
from thidua.drafting.models import CommentWindow, DocumentKind
from thidua.testing import signin

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(monkeypatch) -> list[list[int]]:
    """The cycles each call of the computation received, in order."""
    calls: list[list[int]] = []
    compute = board._progress

    def spy(now, current):
        current = list(current)
        calls.append(sorted(c.pk for c in current))
        return compute(now, current)

    monkeypatch.setattr(board, "_progress", spy)
    return calls


def _test_cycles() -> list[Cycle]:
    return list(Cycle.objects.filter(block__name__startswith="Khối thử").order_by("pk"))


def _block_write(cycle: Cycle) -> None:
    """What an audited write in the cycle's block moves (its block's version), and only that."""
    versions.bump(versions.block(cycle.block_id))


def test_a_write_in_one_block_recomputes_only_that_blocks_row(cast, computed):
    for n in range(5):
        _block_with_cycle(cast, n)
    board.progress()
    assert len(computed) == 1 and len(computed[0]) >= 5  # cold: every row, in one batch
    board.progress()
    assert len(computed) == 1  # nothing changed: nothing computed
    a = _test_cycles()[2]
    _block_write(a)
    rows = {r.cycle.pk: r for r in board.progress()}
    assert computed[1:] == [[a.pk]]
    assert set(rows) >= {c.pk for c in _test_cycles()}


def test_a_change_of_names_or_of_the_province_recomputes_every_row(cast, computed):
    for n in range(3):
        _block_with_cycle(cast, n)
    board.progress()
    versions.bump(versions.PROVINCE)
    board.progress()
    assert len(computed) == 2 and computed[1] == computed[0]


def _queries_after_one_block_write(django_assert_max_num_queries, budget: int | None) -> int:
    board.progress()
    _block_write(_test_cycles()[0])
    with django_assert_max_num_queries(budget or 1000) as counted:
        board.progress()
    return len(counted.captured_queries)


def test_recomputing_after_a_write_costs_the_same_queries_for_5_or_40_blocks(
    cast, django_assert_max_num_queries
):
    for n in range(5):
        _block_with_cycle(cast, n)
    few = _queries_after_one_block_write(django_assert_max_num_queries, None)
    for n in range(5, 40):
        _block_with_cycle(cast, n)
    many = _queries_after_one_block_write(django_assert_max_num_queries, few)
    assert many == few <= 12


def test_a_real_write_shows_at_once_on_the_page(client, cast):
    signin(client, cast.board)
    url = reverse("board:home")
    badge = '<span class="badge badge-phase">{}</span>'
    before = _progress_section(client.get(url, {"q": cast.block.name}).content.decode())
    assert badge.format("Chuẩn bị") in before
    cycles.advance_phase(actor=cast.board, cycle=cast.cycle, to_phase=Phase.DRAFTING)
    after = _progress_section(client.get(url, {"q": cast.block.name}).content.decode())
    assert badge.format("Chuẩn bị") not in after and badge.format("Soạn thảo văn bản") in after


def test_a_comment_window_turns_overdue_at_its_deadline_without_any_write(cast, computed):
    _phase(cast.cycle, Phase.DRAFTING)
    plan = _version(cast.cycle, DocumentKind.PLAN, frozen=False)
    window = _window(plan, cast.board, days=1)
    row = next(r for r in board.progress() if r.cycle.pk == cast.cycle.pk)
    assert row.commented.open and not row.overdue and row.changes_at == window.deadline
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1)):
        board.progress()
        assert len(computed) == 1  # before the deadline: served from the cache
    with time_machine.travel(window.deadline + dt.timedelta(seconds=1)):
        row = next(r for r in board.progress() if r.cycle.pk == cast.cycle.pk)
    assert computed[-1] == [cast.cycle.pk]  # only the row whose deadline passed
    assert not row.commented.open and len(row.overdue) == 1


# --- the table: summary, filters, pages -------------------------------------------------------


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(selectors, "PROGRESS_PAGE_SIZE", 3)


def _province(cast) -> None:
    """8 more blocks; blocks 0 and 4 drafting with a comment window past its deadline."""
    for n in range(8):
        _block_with_cycle(cast, n)
    for cycle in _test_cycles():
        if cycle.block.name in ("Khối thử 0", "Khối thử 4"):
            _phase(cycle, Phase.DRAFTING)


def _progress_section(page: str) -> str:
    return page.split('id="progress-h"')[1].split('id="scores-h"')[0]


@pytest.mark.usefixtures("small_pages")
def test_the_table_shows_one_page_behind_schedule_first_with_a_summary(client, cast):
    _province(cast)
    signin(client, cast.board)
    url = reverse("board:home")
    section = _progress_section(client.get(url).content.decode())
    assert section.count('<th scope="row">') == 3
    rows = section.split("<tbody>")[1].split("</tr>")
    assert "Khối thử 0 —" in rows[0] and "Khối thử 4 —" in rows[1]  # behind schedule first
    assert "2 năm thi đua chậm tiến độ" in section
    assert "?phase=drafting#progress" in section and 'aria-current="page"' in section
    assert "Trang 1 / 3" in section and "Trang sau" in section
    last = client.get(url, {"page": 99}).content.decode()
    assert _progress_section(last).count('<th scope="row">') == (9 - 1) % 3 + 1


@pytest.mark.usefixtures("small_pages")
def test_the_officer_filters_by_phase_behind_schedule_and_name(client, cast):
    _province(cast)
    signin(client, cast.board)
    url = reverse("board:home")
    section = _progress_section(client.get(url, {"phase": Phase.EVALUATION}).content.decode())
    assert "Khối thử 3 —" in section and "Khối thử 7 —" in section
    assert section.count('<th scope="row">') == 2 and "(đã lọc)" in section
    section = _progress_section(client.get(url, {"q": "thử 5"}).content.decode())
    assert section.count('<th scope="row">') == 1 and "Khối thử 5 —" in section
    section = _progress_section(client.get(url, {"behind": "on", "q": "thử"}).content.decode())
    shown = [n for n in range(8) if f"Khối thử {n} —" in section]
    assert shown == [0, 4]
    nothing = _progress_section(client.get(url, {"q": "không có khối này"}).content.decode())
    assert "Không có năm thi đua nào khớp với bộ lọc này." in nothing
    assert "Xem mọi năm thi đua" in nothing


def test_a_phase_that_does_not_exist_is_refused_with_a_message(client, cast):
    signin(client, cast.board)
    page = client.get(reverse("board:home"), {"phase": "bogus"}).content.decode()
    assert "Không có giai đoạn “bogus”" in page
    assert cast.block.name in _progress_section(page)  # the table stays, unfiltered


def test_a_deadline_passing_shows_on_the_page_without_any_write(client, cast):
    _phase(cast.cycle, Phase.DRAFTING)
    window = CommentWindow.objects.create(
        version=_version(cast.cycle, DocumentKind.PLAN, frozen=False),
        opened_by=cast.board,
        deadline=timezone.now() + dt.timedelta(minutes=5),
    )
    signin(client, cast.board)
    url = reverse("board:home")
    assert "quá hạn" not in _progress_section(client.get(url).content.decode())
    with time_machine.travel(window.deadline + dt.timedelta(seconds=1)):
        section = _progress_section(client.get(url).content.decode())
    assert '<span class="badge text-bg-warning">quá hạn</span>' in section
    assert "1 năm thi đua chậm tiến độ" in section


@pytest.mark.usefixtures("page_builds")
def test_a_write_in_a_block_shows_at_once_in_its_row(client, cast):
    """The rendered rows are cached too: a block's new version re-renders them (the whole-page
    cache, off here, has its own key)."""
    _phase(cast.cycle, Phase.SIGNING)
    version = _version(cast.cycle)
    signin(client, cast.board)
    url = reverse("board:home")

    def row() -> str:
        page = _progress_section(client.get(url).content.decode())
        return page.split(f"{cast.block.name} — {cast.cycle.year}")[1].split("</tr>")[0]

    assert cast.member_org.name in row()
    _sign(version, cast.member_org, cast.board)
    _block_write(cast.cycle)
    assert cast.member_org.name not in row()


def test_the_to_do_list_shows_the_most_urgent_and_links_to_all(client, cast, monkeypatch):
    items = [
        TodoItem(kind="x", text=f"Việc số {n}", url=f"/viec/{n}/", cycle_label="Khối")
        for n in range(5)
    ]
    monkeypatch.setattr(selectors, "todo_for", lambda user, now: items)
    monkeypatch.setattr(selectors, "TODO_SHOWN", 3)
    signin(client, cast.board)
    url = reverse("board:home")
    page = client.get(url).content.decode()
    assert "Việc số 2" in page and "Việc số 3" not in page
    assert 'href="?todo=all#todo-h">Xem cả 5 việc</a>' in page
    every = client.get(url, {"todo": "all"}).content.decode()
    assert "Việc số 4" in every and "Xem cả 5 việc" not in every
