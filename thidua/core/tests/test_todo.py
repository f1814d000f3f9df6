"""The to-do hub on its own: what every provider gives, in order (urgent, overdue, by deadline,
none last), providers sharing a read, nothing for a person signed out or deactivated."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from thidua.core import todo
from thidua.core.contributions import Hub

NOW = dt.datetime(2025, 6, 1, 9, tzinfo=dt.UTC)


@pytest.fixture
def hub(monkeypatch):
    fresh: Hub[todo.Provider] = Hub("todo-test")
    monkeypatch.setattr(todo, "todo_providers", fresh)
    return fresh


def _item(text: str, **values) -> todo.TodoItem:
    return todo.TodoItem(kind="test", text=text, url="/", cycle_label="K — 2025", **values)


PERSON = SimpleNamespace(is_authenticated=True, is_active=True)


def test_items_come_urgent_first_then_overdue_then_by_deadline_and_none_last(hub):
    later, sooner = NOW + dt.timedelta(days=5), NOW + dt.timedelta(days=1)
    hub.add(lambda c: [_item("no deadline"), _item("later", deadline=later)], key="a", order=1)
    hub.add(
        lambda c: [
            _item("sooner", deadline=sooner),
            _item("late", deadline=NOW - dt.timedelta(days=1), overdue=True),
            _item("vote", priority=todo.URGENT),
        ],
        key="b",
        order=2,
    )
    texts = [i.text for i in todo.todo_for(PERSON, NOW)]
    assert texts == ["vote", "late", "sooner", "later", "no deadline"]


def test_providers_share_a_read_through_the_context(hub):
    reads = []

    def cycles(context):
        return context.once("cycles", lambda: reads.append(1) or ["K"])

    hub.add(lambda c: [_item(x) for x in cycles(c)], key="a")
    hub.add(lambda c: [_item(x + "!") for x in cycles(c)], key="b")
    assert [i.text for i in todo.todo_for(PERSON, NOW)] == ["K", "K!"]
    assert reads == [1]


def test_nobody_signed_in_or_deactivated_has_nothing(hub):
    hub.add(lambda c: [_item("x")], key="a")
    assert todo.todo_for(SimpleNamespace(is_authenticated=False, is_active=True), NOW) == []
    assert todo.todo_for(SimpleNamespace(is_authenticated=True, is_active=False), NOW) == []
