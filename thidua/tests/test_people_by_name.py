"""People are shown by their full name, never by their username, except on the pages where the
account itself is the subject (one's profile and two-factor set-up, the Board's people pages)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from lxml import html

from thidua.testing import as_role
from thidua.tests.access_matrix import all_routes

ACCOUNT_PAGES = {
    "accounts:profile",
    "accounts:two_factor_setup",
    "accounts:password_reset_confirm",
    "orgs:person_list",
    "orgs:person_edit",
}
PAGES = [
    r
    for r in all_routes()
    if r.method == "get" and r.ok_status == 200 and r.name not in ACCOUNT_PAGES
]


@pytest.fixture
def cast(cast_of_the_module):
    """One cast for the whole sweep, copied for each test (thidua/conftest.py)."""
    return cast_of_the_module


def visible_text(body: str) -> str:
    page = html.fromstring(body)
    for hidden in page.xpath("//script | //style | //template | //head"):
        hidden.drop_tree()
    return " ".join(page.text_content().split())


@pytest.mark.parametrize("route", PAGES, ids=lambda r: r.name)
def test_no_page_shows_a_username_where_the_persons_name_belongs(client, cast, route):
    people = cast.users()
    # The cast's usernames (board_officer, head_rep…) differ from their names (Board Officer…).
    # Not inside an e-mail address (member_rep@example.org).
    names = "|".join(u.username for u in people.values())
    usernames = re.compile(rf"(?<![\w.@-])({names})(?![\w@-])")
    roles = sorted(route.allowed) or (["anonymous"] if route.public else [])
    for role in roles or pytest.skip("nobody may open this page"):
        as_role(client, cast, role)
        response = client.get(reverse(route.name, kwargs=route.url_kwargs(cast)) + route.query)
        if not response.get("Content-Type", "").startswith("text/html"):
            return  # a download
        text = visible_text(response.content.decode())
        # An account's own data in the audit log (person.create: "username: head_rep").
        text = re.sub(r"username: \S+", "", text)
        shown = usernames.findall(text)
        assert not shown, f"{route.name} as {role} shows the username(s) {sorted(set(shown))}"
