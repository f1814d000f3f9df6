"""The parts of the cycle page that other apps contribute (thidua/core/contributions.py).

The page itself shows what cycles knows (facts, actions, phases, roster, rules); the year's work
belongs to the apps that do it. Each app registers a `Section` from its `contributions.py`:

- `work_links`: items of the list "The year's work": a `WorkLink` (a link to one of the app's
  pages of the cycle, which the page renders itself) or, for an item that says more (e.g. the
  covenant's signatures), a `Section` whose template renders its `<li>`;
- `cycle_sections`: sections of their own, below that list.

A section's template is included by the cycle page; it sees the page's `cycle` and what its
`context` function returned, as `section`. A function that returns None leaves the part out
(e.g. for a person who may not open it). The functions only read: the page is cached per
person and per version of the cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise

from thidua.core.contributions import Hub
from thidua.cycles.models import Cycle

ContextFn = Callable[[Cycle, Any], Mapping[str, Any] | None]


def _no_context(cycle: Cycle, user: Any) -> Mapping[str, Any]:
    return {}


@dataclass(frozen=True)
class Section:
    template: str
    context: ContextFn = _no_context


@dataclass(frozen=True)
class WorkLink:
    """A plain item of "The year's work": `text` linking to the page `url_name` of the cycle
    (reversed with its pk), for the people `shown_to` accepts (everyone when None)."""

    text: str | Promise
    url_name: str
    shown_to: Callable[[Cycle, Any], bool] | None = None


@dataclass(frozen=True)
class ShownSection:
    """A section as the page renders it, with the data its template reads."""

    template: str
    data: Mapping[str, Any]


@dataclass(frozen=True)
class ShownLink:
    """A work link as the page renders it (in its own loop: no template to include)."""

    text: str | Promise
    url: str


work_links: Hub[WorkLink | Section] = Hub("cycle work links")
cycle_sections: Hub[Section] = Hub("cycle sections")


def shown(
    hub: Hub[WorkLink | Section] | Hub[Section], *, cycle: Cycle, user: Any
) -> list[ShownLink | ShownSection]:
    """The hub's parts in order, without those that have nothing for this person."""
    parts: list[ShownLink | ShownSection] = []
    for part in hub:
        if isinstance(part, WorkLink):
            if part.shown_to is None or part.shown_to(cycle, user):
                parts.append(ShownLink(part.text, reverse(part.url_name, args=[cycle.pk])))
            continue
        data = part.context(cycle, user)
        if data is not None:
            parts.append(ShownSection(template=part.template, data=data))
    return parts
