"""Every URL, every role: anonymous visitors are sent to sign-in, outsiders refused, pages render
in Vietnamese and in English for every role that may see them."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from thidua.testing import as_role
from thidua.tests.access_matrix import ROLES, Route, all_routes

# Routes outside the product's own apps (Django's language switch).
EXTERNAL = {"set_language"}


@pytest.fixture
def cast(cast_of_the_module):
    """One cast for the whole sweep, copied for each test (thidua/conftest.py)."""
    return cast_of_the_module


def _named_patterns(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _named_patterns(pattern, ns)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL pattern {pattern.pattern} has no name"
            names.add(prefix + pattern.name)
    return names


ROUTES = all_routes()


def test_every_url_has_an_entry_in_the_matrix():
    listed = {r.name for r in ROUTES}
    missing = _named_patterns() - listed - EXTERNAL
    assert not missing, f"URLs without an access-matrix entry: {sorted(missing)}"
    unknown = listed - _named_patterns()
    assert not unknown, f"Matrix entries for URLs that do not exist: {sorted(unknown)}"


def _request(client, route: Route, cast, lang: str = "vi"):
    url = reverse(route.name, kwargs=route.url_kwargs(cast)) + route.query
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    if route.method == "post":
        return client.post(url, route.data(cast) if route.data else {})
    return client.get(url)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_anonymous_visitors_are_sent_to_sign_in(client, cast, route):
    response = _request(client, route, cast)
    if route.public:
        assert response.status_code == route.anonymous_status
    else:
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_each_role_gets_what_the_matrix_says(client, cast, route, role):
    as_role(client, cast, role)
    response = _request(client, route, cast)
    if role in route.allowed or (route.public and not route.allowed):
        assert response.status_code not in (403, 404), f"{role} refused {route.name}"
        if route.method == "get":
            assert response.status_code == route.ok_status, (role, response.status_code)
    else:
        assert response.status_code in (403, 404), f"{role} was let into {route.name}"


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(
    "route", [r for r in ROUTES if r.method == "get" and r.ok_status == 200], ids=lambda r: r.name
)
def test_every_page_renders_in_both_languages_for_every_role_allowed(client, cast, route, lang):
    roles = route.allowed or (frozenset(ROLES) if route.public else frozenset())
    for role in sorted(roles) or ["anonymous"]:
        as_role(client, cast, role)
        response = _request(client, route, cast, lang)
        assert response.status_code == 200, (role, response.status_code)
        if response.get("Content-Type", "").startswith("text/html"):
            assert f'<html lang="{lang}"' in response.content.decode(), (role, lang)
