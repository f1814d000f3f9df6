"""Every page, for every role that may open it: one `main`, a skip link to it, and no two
landmarks of the same kind with the same name, so that a screen reader's list of landmarks
tells them apart (WCAG 1.3.1, 2.4.1; axe's landmark-unique)."""

from __future__ import annotations

from collections import Counter

import pytest
from django.urls import reverse
from lxml import html

from thidua.testing import as_role
from thidua.tests.access_matrix import all_routes

PAGES = [r for r in all_routes() if r.method == "get" and r.ok_status == 200]
SECTIONING = {"article", "aside", "main", "nav", "section"}
IMPLICIT = {"main": "main", "nav": "navigation", "aside": "complementary"}


@pytest.fixture
def cast(cast_of_the_module):
    """One cast for the whole sweep, copied for each test (thidua/conftest.py)."""
    return cast_of_the_module


def _name(element: html.HtmlElement, page: html.HtmlElement) -> str:
    if label := element.get("aria-label"):
        return " ".join(label.split())
    if ids := element.get("aria-labelledby"):
        parts = [page.xpath(f'//*[@id="{i}"]') for i in ids.split()]
        return " ".join(" ".join(p[0].text_content().split()) for p in parts if p)
    return " ".join((element.get("title") or "").split())


def _role(element: html.HtmlElement, page: html.HtmlElement) -> str | None:
    if explicit := element.get("role"):
        named = bool(_name(element, page))
        if explicit in {"region", "form"}:
            return explicit if named else None
        return (
            explicit
            if explicit in {*IMPLICIT.values(), "banner", "contentinfo", "search"}
            else None
        )
    tag = element.tag
    if tag in IMPLICIT:
        return IMPLICIT[tag]
    inside_sectioning = any(a.tag in SECTIONING for a in element.iterancestors())
    if tag == "header" and not inside_sectioning:
        return "banner"
    if tag == "footer" and not inside_sectioning:
        return "contentinfo"
    if tag in {"section", "form"} and _name(element, page):
        return "region" if tag == "section" else "form"
    return None


def landmarks(body: str) -> list[tuple[str, str]]:
    page = html.fromstring(body)
    found = []
    for element in page.iter():
        if isinstance(element.tag, str) and (role := _role(element, page)):
            found.append((role, _name(element, page)))
    return found


def test_the_landmark_reader_sees_what_axe_would():
    body = """<html><body><header></header><main><nav aria-label="A"></nav>
    <section aria-labelledby="h"><h2 id="h">Hồ sơ</h2><header></header>
    <div role="region" aria-labelledby="h"></div></section><section></section></main>
    <footer></footer></body></html>"""
    assert Counter(landmarks(body)) == Counter(
        {
            ("banner", ""): 1,
            ("main", ""): 1,
            ("navigation", "A"): 1,
            ("region", "Hồ sơ"): 2,
            ("contentinfo", ""): 1,
        }
    )


@pytest.mark.parametrize("route", PAGES, ids=lambda r: r.name)
def test_each_page_has_one_main_and_landmarks_with_distinct_names(client, cast, route):
    roles = sorted(route.allowed) or (["anonymous"] if route.public else [])
    for role in roles or pytest.skip("nobody may open this page"):
        as_role(client, cast, role)
        url = reverse(route.name, kwargs=route.url_kwargs(cast)) + route.query
        response = client.get(url)
        if not response.get("Content-Type", "").startswith("text/html"):
            return  # a download
        body = response.content.decode()
        found = landmarks(body)
        assert [r for r, _ in found].count("main") == 1, (route.name, role)
        twice = [lm for lm, n in Counter(found).items() if n > 1]
        assert not twice, f"{route.name} as {role}: landmarks named alike {twice}"
        assert 'class="skip-link" href="#main"' in body, (route.name, role)
        assert 'id="main"' in body and 'tabindex="-1"' in body
