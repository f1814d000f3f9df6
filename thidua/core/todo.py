"""The to-do list on every signed-in person's dashboard: every pending task of theirs or their
unit's, across cycles, each with its deadline and a direct link.

Each app that has tasks registers a provider in `todo_providers` from its `contributions.py`
(thidua/core/contributions.py): a function `(context) -> Iterable[TodoItem]` that reads, in one
or a few queries whatever the number of cycles, what the person still has to do. The hub never
imports a provider. `context.once(key, compute)` shares a read between providers (the person's
current cycles, read once for all of them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from thidua.core.contributions import Hub

T = TypeVar("T")

#: The order of the list: a ballot open now comes before everything else (the delegate is in the
#: meeting room), then the tasks of the year's work, then the Board's follow-up.
URGENT = 0
TASK = 50
FOLLOW_UP = 80


@dataclass(frozen=True)
class TodoItem:
    """One task: what to do (a sentence, also the link's name), where, by when."""

    kind: str
    text: str
    url: str
    cycle_label: str
    deadline: dt.datetime | None = None
    overdue: bool = False
    priority: int = TASK
    #: A second line: a detail that helps decide (how many comments, who returned it and why).
    detail: str = ""


@dataclass
class TodoContext:
    person: Any
    now: dt.datetime
    _shared: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()` the first time `key` is asked for, the same value afterwards."""
        if key not in self._shared:
            self._shared[key] = compute()
        value: T = self._shared[key]
        return value


Provider = Callable[[TodoContext], Iterable[TodoItem]]

todo_providers: Hub[Provider] = Hub("todo")

_FAR = dt.datetime.max.replace(tzinfo=dt.UTC)


def _order(item: TodoItem) -> tuple[Any, ...]:
    # Ties keep each provider's own order (the sort is stable).
    return (item.priority, not item.overdue, item.deadline or _FAR, item.cycle_label)


def todo_for(person: Any, now: dt.datetime) -> list[TodoItem]:
    """Every item every provider has for this person: first the urgent, then the overdue, then
    by deadline (tasks without one last), then by cycle."""
    if not getattr(person, "is_authenticated", False) or not person.is_active:
        return []
    context = TodoContext(person, now)
    items = [item for provider in todo_providers for item in provider(context)]
    return sorted(items, key=_order)
