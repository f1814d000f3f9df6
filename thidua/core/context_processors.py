"""Navigation per role: the base template only loops over what this returns."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


BOARD_NAV = [
    (_("Dashboard"), "board:home"),
    (_("Blocks"), "orgs:block_list"),
    (_("Cycles"), "cycles:cycle_list"),
    (_("Organisations"), "orgs:organisation_list"),
    (_("People"), "orgs:person_list"),
    (_("Provinces"), "orgs:province_list"),
    (_("Import"), "orgs:import_upload"),
    (_("Proposals"), "awards:queue"),
    (_("News"), "news:manage"),
    (_("Awards and rules"), "cycles:award_type_list"),
    (_("Legal bases"), "legal:instrument_list"),
    (_("API access"), "api:token_list"),
    (_("Audit log"), "core:audit"),
]
MEMBER_NAV = [
    (_("Dashboard"), "board:home"),
    (_("My block"), "orgs:my_block"),
    (_("Cycles"), "cycles:cycle_list"),
    (_("News"), "news:manage"),
]


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    # Until a required second factor is entered, the menu would only lead back to that page.
    if user is None or not user.is_authenticated or getattr(request, "two_factor_pending", False):
        return {"nav_items": []}
    spec = BOARD_NAV if user.is_board else MEMBER_NAV
    items = []
    for label, name in spec:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append(NavItem(str(label), url, active))
    return {"nav_items": items}
