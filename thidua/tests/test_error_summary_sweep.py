"""Every page of the product that holds a form, posted with nothing useful by a role that may use
it: when it answers with the form refused, the page starts with an error summary that takes the
focus, and every field marked invalid is described by a message that exists on the page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from lxml import html

from thidua.testing import as_role
from thidua.tests.access_matrix import ROLES, Route, all_routes

PAGES = [r for r in all_routes() if r.method == "get" and r.ok_status == 200]
refused: set[str] = set()


def _role(route: Route) -> str | None:
    role = next((r for r in ROLES if r in route.allowed), None)
    return role or ("anonymous" if route.public else None)


@pytest.mark.parametrize("route", PAGES, ids=lambda r: r.name)
def test_a_refused_form_is_summarised_at_its_top_and_each_field_names_its_message(
    client, cast, route
):
    role = _role(route)
    if role is None:
        pytest.skip("nobody may open this page")
    as_role(client, cast, role)
    url = reverse(route.name, kwargs=route.url_kwargs(cast)) + route.query
    page = client.get(url)
    if not page.get("Content-Type", "").startswith("text/html"):
        return  # a download
    if 'method="post"' not in page.content.decode(errors="replace"):
        return
    # One key that no form knows: the form is bound, so its required fields are refused.
    response = client.post(url, {"probe": "1"})
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    body = response.content.decode()
    if not any(
        mark in body for mark in ('aria-invalid="true"', "invalid-feedback", "error-summary")
    ):
        return
    refused.add(route.name)
    tree = html.fromstring(body)
    summaries = tree.xpath("//*[@data-error-summary]")
    assert summaries, f"{route.name}: fields refused without an error summary"
    first = summaries[0]
    assert first.get("tabindex") == "-1", route.name
    invalid = tree.xpath('//*[@aria-invalid="true"]')
    ids = {e.get("id") for e in tree.iter() if isinstance(e.tag, str) and e.get("id")}
    for field in invalid:
        described = (field.get("aria-describedby") or "").split()
        if not described:  # a radio in a group: the group's fieldset carries the description
            group = field.xpath("ancestor::fieldset[@aria-describedby][1]")
            described = group[0].get("aria-describedby").split() if group else []
        assert described, f"{route.name}: {field.get('name')} is invalid without a message"
        assert set(described) <= ids, f"{route.name}: {described} not on the page"
    for link in first.xpath(".//a[starts-with(@href, '#')]"):
        assert link.get("href")[1:] in ids, f"{route.name}: {link.get('href')} leads nowhere"


def test_the_sweep_saw_the_products_forms_refused():
    """Run after the sweep above (same module): guards against a sweep that checks nothing."""
    if len(refused) < 30:
        pytest.skip("run with the sweep above")
    assert {"accounts:login", "drafting:comment_answer", "scoring:cross_sheet"} <= refused
