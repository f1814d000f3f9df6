"""Navigation per role: the base template only loops over what this returns."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool
    #: A group's entries (its own `url` is then empty): shown as a menu that opens.
    children: tuple[NavItem, ...] = ()


#: An entry is (label, URL name) or (label, [entries]) for a group. The Board's daily work comes
#: first; what is set up once in a while is grouped, so the bar stays on one line.
BOARD_NAV: list[tuple[object, object]] = [
    (_("Dashboard"), "board:home"),
    (_("Blocks"), "orgs:block_list"),
    (_("Cycles"), "cycles:cycle_list"),
    (_("Proposals"), "awards:queue"),
    (_("Organisations"), "orgs:organisation_list"),
    (_("People"), "orgs:person_list"),
    (_("News"), "news:manage"),
    (
        _("Administration"),
        [
            (_("Provinces"), "orgs:province_list"),
            (_("Import"), "orgs:import_upload"),
            (_("Awards and rules"), "cycles:award_type_list"),
            (_("Legal bases"), "legal:instrument_list"),
            (_("API access"), "api:token_list"),
            (_("Audit log"), "core:audit"),
        ],
    ),
]
MEMBER_NAV = [
    (_("Dashboard"), "board:home"),
    (_("My block"), "orgs:my_block"),
    (_("Cycles"), "cycles:cycle_list"),
    (_("News"), "news:manage"),
]


#: A menu's entries with their URLs reversed: (label, URL) or (label, [entries]).
Resolved = list[tuple[object, "str | Resolved"]]

#: The menus resolved, per URL configuration and script prefix: URLs never change while the
#: process runs, and reversing a dozen of them cost more than the rest of the menu.
_resolved: dict[tuple[int, str, object, str], Resolved] = {}


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    # Until a required second factor is entered, the menu would only lead back to that page.
    if user is None or not user.is_authenticated or getattr(request, "two_factor_pending", False):
        return {"nav_items": []}
    return {"nav_items": _items(_menu(BOARD_NAV if user.is_board else MEMBER_NAV), request.path)}


def _menu(spec: list[tuple[object, object]]) -> Resolved:
    # Tests may swap the URL configuration (override_settings(ROOT_URLCONF=...)).
    key = (id(spec), str(get_urlconf()), get_script_prefix(), str(settings.ROOT_URLCONF))
    found = _resolved.get(key)
    if found is None:
        found = _resolved[key] = _resolve(spec)
    return found


def _resolve(spec: list[tuple[object, object]]) -> Resolved:
    resolved: Resolved = []
    for label, target in spec:
        if isinstance(target, list):
            resolved.append((label, _resolve(target)))
            continue
        try:
            resolved.append((label, reverse(str(target))))
        except NoReverseMatch:
            continue
    return resolved


def _items(menu: Resolved, path: str) -> list[NavItem]:
    items = []
    for label, target in menu:
        if isinstance(target, list):
            children = tuple(_items(target, path))
            if children:
                active = any(child.active for child in children)
                items.append(NavItem(str(label), "", active, children))
            continue
        url = str(target)
        active = path == url if url == "/" else path.startswith(url)
        items.append(NavItem(str(label), url, active))
    return items
