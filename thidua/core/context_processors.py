"""Navigation per role: the base template only loops over what this returns."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest
from django.templatetags.static import static
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
MEMBER_NAV: list[tuple[object, object]] = [
    (_("Dashboard"), "board:home"),
    (_("My block"), "orgs:my_block"),
    (_("Cycles"), "cycles:cycle_list"),
    (_("News"), "news:manage"),
]


#: A menu's entries with their URLs reversed: (label, URL) or (label, [entries]).
Resolved = list[tuple[object, "str | Resolved"]]

#: The menus resolved, per URL configuration and script prefix: URLs never change while the
#: process runs, and reversing a dozen of them cost more than the rest of the menu.
_resolved: dict[tuple[object, ...], Resolved] = {}


#: The links and files every page's frame (base.html) points to: URL names and static paths.
SITE_URLS = {
    "home": "board:home",
    "notifications": "notifications:list",
    "profile": "accounts:profile",
    "password_change": "accounts:password_change",
    "two_factor": "accounts:two_factor",
    "logout": "accounts:logout",
    "set_language": "set_language",
}
SITE_FILES = {
    "favicon": "thidua/favicon.svg",
    "bootstrap_css": "vendor/bootstrap-5.3.9.min.css",
    "thidua_css": "thidua/thidua.css",
    "htmx_js": "vendor/htmx-2.0.10.min.js",
    "bootstrap_js": "vendor/bootstrap-5.3.9.bundle.min.js",
    "thidua_js": "thidua/thidua.js",
}
_site: dict[tuple[object, ...], dict[str, str]] = {}


def navigation(request: HttpRequest) -> dict[str, object]:
    """The menu for the person's role, and the frame's links and files (`site`)."""
    user = getattr(request, "user", None)
    site = _site_urls()
    # Until a required second factor is entered, the menu would only lead back to that page.
    if user is None or not user.is_authenticated or getattr(request, "two_factor_pending", False):
        return {"nav_items": [], "site": site}
    menu = _menu(BOARD_NAV if user.is_board else MEMBER_NAV)
    return {"nav_items": _items(menu, request.path), "site": site}


def _process_key() -> tuple[object, ...]:
    """What reversed URLs and static files' URLs depend on (tests may change any of it)."""
    return (
        str(get_urlconf()),
        get_script_prefix(),
        str(settings.ROOT_URLCONF),
        settings.STATIC_URL,
        id(getattr(staticfiles_storage, "_wrapped", None)),
    )


def _site_urls() -> dict[str, str]:
    key = _process_key()
    found = _site.get(key)
    if found is None:
        found = {name: reverse(target) for name, target in SITE_URLS.items()}
        found |= {name: static(path) for name, path in SITE_FILES.items()}
        _site[_process_key()] = found  # static() may have set the storage up
    return found


def _menu(spec: list[tuple[object, object]]) -> Resolved:
    key = (id(spec), *_process_key())
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
