"""How apps contribute to the pages and jobs that gather every app's part, without the page
importing them.

A hub (the cycle page, the cycle archive, the reminders, the background job kinds, the
dashboard's to-do list…) declares a `Hub` in its own app. An app that takes part has a module
`contributions.py`; Django imports every installed app's `contributions` module once at start-up
(`CoreConfig.ready`), and that module registers the app's parts with the hubs it serves:

    # thidua/drafting/contributions.py
    from thidua.cycles.sections import cycle_sections

    cycle_sections.add(Section(...), order=10)

The hub only iterates over what was registered. A contributor imports the hub's app (downwards);
the hub never imports a contributor, so the layers hold. There is no other way in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.utils.module_loading import autodiscover_modules

T = TypeVar("T")

#: The module name every app may define.
MODULE = "contributions"


@dataclass(frozen=True)
class _Entry(Generic[T]):
    key: str
    order: int
    item: T


class Hub(Generic[T]):
    """Parts contributed by the apps, kept in `order` (then by key), each under a unique key."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[str, _Entry[T]] = {}

    def add(self, item: T, *, key: str, order: int = 100) -> T:
        """Register `item` under `key`. Registering a key again replaces it (a reload)."""
        self._entries[key] = _Entry(key, order, item)
        return item

    def register(self, *, key: str | None = None, order: int = 100) -> Callable[[T], T]:
        """Decorator form for hubs of functions; the key defaults to the function's path."""

        def decorate(fn: T) -> T:
            path = f"{getattr(fn, '__module__', '')}.{getattr(fn, '__qualname__', repr(fn))}"
            return self.add(fn, key=key or path, order=order)

        return decorate

    def items(self) -> list[tuple[str, T]]:
        entries = sorted(self._entries.values(), key=lambda e: (e.order, e.key))
        return [(e.key, e.item) for e in entries]

    def get(self, key: str) -> T | None:
        entry = self._entries.get(key)
        return entry.item if entry is not None else None

    def __iter__(self) -> Iterator[T]:
        return iter([item for _key, item in self.items()])

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<Hub {self.name}: {', '.join(self._entries)}>"


def discover() -> None:
    """Import `<app>.contributions` of every installed app (Django's admin does the same)."""
    autodiscover_modules(MODULE)
