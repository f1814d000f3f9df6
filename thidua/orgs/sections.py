"""Links other apps add to an organisation's page (thidua/core/contributions.py), e.g. its
award history. Each app registers a function from its `contributions.py` that returns a
`Link` for the organisation, or None to add nothing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from thidua.core.contributions import Hub
from thidua.orgs.models import Organisation


@dataclass(frozen=True)
class Link:
    label: str
    url: str


organisation_links: Hub[Callable[[Organisation], Link | None]] = Hub("organisation page links")


def links_for(org: Organisation) -> list[Link]:
    return [link for make in organisation_links if (link := make(org)) is not None]


@dataclass(frozen=True)
class PersonSection:
    """A section another app adds to a person's page (Board only), e.g. their signing
    certificates: `template` is included with `section` = what `context(person)` returned."""

    template: str
    context: Callable[[Any], Mapping[str, Any]]


person_sections: Hub[PersonSection] = Hub("person page sections")


def person_parts(person: Any) -> list[tuple[str, Mapping[str, Any]]]:
    return [(part.template, part.context(person)) for part in person_sections]
