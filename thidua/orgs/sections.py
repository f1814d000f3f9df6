"""Links other apps add to an organisation's page (thidua/core/contributions.py), e.g. its
award history. Each app registers a function from its `contributions.py` that returns a
`Link` for the organisation, or None to add nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from thidua.core.contributions import Hub
from thidua.orgs.models import Organisation


@dataclass(frozen=True)
class Link:
    label: str
    url: str


organisation_links: Hub[Callable[[Organisation], Link | None]] = Hub("organisation page links")


def links_for(org: Organisation) -> list[Link]:
    return [link for make in organisation_links if (link := make(org)) is not None]
