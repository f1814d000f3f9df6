"""Helpers shared by the registry list pages."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from thidua.core.http import HtmxHttpRequest
from thidua.orgs import selectors

# --- list pages ------------------------------------------------------------------------------


def _list_page(request: HtmxHttpRequest, rows: QuerySet[Any]) -> Page:
    return Paginator(rows, selectors.PAGE_SIZE).get_page(request.GET.get("page"))


def _render_list(request: HtmxHttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The whole page, or only its results region for htmx (live search, paging, sorting)."""
    if request.htmx and not request.htmx.boosted:
        return render(request, f"{template}#results", context)
    return render(request, template, context)


def _with(page: Page, extras: dict[int, Any]) -> list[tuple[Any, Any]]:
    """Pair each row of the page with what was fetched for it in one query."""
    return [(row, extras.get(row.pk)) for row in page]


ORG_COLUMNS = [
    ("name", gettext_lazy("Name")),
    ("province", gettext_lazy("Province")),
    ("valid_from", gettext_lazy("Valid from")),
]
BLOCK_COLUMNS = [("name", gettext_lazy("Name")), ("province", gettext_lazy("Province"))]
PERSON_COLUMNS = [
    ("full_name", gettext_lazy("Full name")),
    ("username", gettext_lazy("Username")),
    ("role", gettext_lazy("Role")),
    ("organisation", gettext_lazy("Organisation")),
]
