"""Every page of the product, opened in Chromium by a role that may see it, passes axe-core
without serious or critical problems, at desktop and phone widths."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from thidua.testing import make_cast, signin
from thidua.testing.browser import DESKTOP, PHONE, assert_accessible
from thidua.tests.access_matrix import all_routes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PREFERRED = ("board", "head_rep", "member_rep", "member_leader", "outsider")


def _role_for(route) -> str | None:
    return next((r for r in PREFERRED if r in route.allowed), None)


PAGES = [r for r in all_routes() if r.method == "get" and r.ok_status == 200 and _role_for(r)]


# One test per width: pytest-xdist runs them on different workers (thidua/testshared.py).
@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_page_passes_axe_for_a_role_that_sees_it(chromium, live_server, width):
    cast = make_cast()
    sessions: dict[str, str] = {}
    urls: dict[str, str] = {}  # built once: some routes make a fresh object per call
    html: dict[str, bool] = {}
    for role in PREFERRED:
        client = signin(Client(), cast.users()[role])
        sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        for route in (r for r in PAGES if _role_for(r) == role):
            url = reverse(route.name, kwargs=route.url_kwargs(cast)) + route.query
            urls[route.name] = url
            html[url] = client.get(url)["Content-Type"].startswith("text/html")
    failures = []
    for role in PREFERRED:
        routes = [r for r in PAGES if _role_for(r) == role]
        if not routes:
            continue
        context = chromium.new_context(viewport=width, base_url=live_server.url)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": sessions[role],
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        for route in routes:
            url = urls[route.name]
            if not html[url]:
                continue  # a download (e.g. the XLSX template), not a page
            response = page.goto(url)
            assert response is not None and response.status == 200, (url, role)
            try:
                assert_accessible(page, f"{url} as {role} at {width['width']}px")
            except AssertionError as err:
                failures.append(str(err))
        context.close()
    assert not failures, "\n".join(failures)
