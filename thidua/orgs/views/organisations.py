"""Organisation pages and succession actions (Board only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts.http import AuthenticatedRequest
from thidua.core.errors import DomainError
from thidua.core.forms import add_domain_error, posted
from thidua.core.http import HtmxHttpRequest
from thidua.orgs import access, forms, selectors, services
from thidua.orgs.models import Organisation, Province
from thidua.orgs.sections import links_for
from thidua.orgs.views._common import ORG_COLUMNS, _list_page, _render_list, _with

# --- organisations ---------------------------------------------------------------------------


@login_required
def organisation_list(request: AuthenticatedRequest) -> HttpResponse:
    access.require_board(request.user)
    query = selectors.ListQuery.from_query(request.GET, filters=["province", "status"])
    sort, columns = selectors.sort_columns(query.sort, ORG_COLUMNS, "name")
    page = _list_page(request, selectors.organisations(query, sort))
    return _render_list(
        request,
        "orgs/organisation_list.html",
        {
            "page": page,
            "query": query,
            "columns": columns,
            "rows": _with(page, selectors.latest_blocks(o.pk for o in page)),
            "provinces": Province.objects.order_by("name"),
            "statuses": [("current", _("Current")), ("ended", _("Ended")), ("all", _("All"))],
        },
    )


@login_required
def organisation_create(request: AuthenticatedRequest) -> HttpResponse:
    access.require_board(request.user)
    form = forms.OrganisationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            org = services.create_organisation(actor=request.user, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("Organisation “%(name)s” created.") % {"name": org})
            return redirect("orgs:organisation_detail", pk=org.pk)
    return render(
        request,
        "orgs/form.html",
        {
            "form": form,
            "title": _("New organisation"),
            "parents": [(_("Organisations"), reverse("orgs:organisation_list"))],
            "submit": _("Create organisation"),
            "cancel": reverse("orgs:organisation_list"),
        },
    )


@login_required
def organisation_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    access.require_board(request.user)
    org = get_object_or_404(Organisation.objects.select_related("province"), pk=pk)
    return render(
        request,
        "orgs/organisation_detail.html",
        {"data": selectors.organisation_page(org), "org": org, "links": links_for(org)},
    )


def _org_form_page(
    request: HtmxHttpRequest, org: Organisation, form: Any, title: str, submit: str, intro: str = ""
) -> HttpResponse:
    return render(
        request,
        "orgs/form.html",
        {
            "form": form,
            "title": title,
            "intro": intro,
            "submit": submit,
            "parents": [
                (_("Organisations"), reverse("orgs:organisation_list")),
                (org.name, reverse("orgs:organisation_detail", args=[org.pk])),
            ],
            "cancel": reverse("orgs:organisation_detail", args=[org.pk]),
        },
    )


@login_required
def organisation_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    access.require_board(request.user)
    org = get_object_or_404(Organisation, pk=pk)
    initial = {"short_name": org.short_name, "email": org.email, "address": org.address}
    form = forms.ContactForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(actor=request.user, org=org, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("Contact details saved."))
            return redirect("orgs:organisation_detail", pk=org.pk)
    return _org_form_page(
        request,
        org,
        form,
        _("Edit contact details"),
        _("Save"),
        _("A change of name is a rename, recorded with its decision."),
    )


@login_required
def organisation_rename(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    access.require_board(request.user)
    org = get_object_or_404(Organisation, pk=pk)
    form = forms.RenameForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.rename_organisation(actor=request.user, org=org, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("Rename recorded."))
            return redirect("orgs:organisation_detail", pk=org.pk)
    return _org_form_page(
        request,
        org,
        form,
        _("Rename “%(name)s”") % {"name": org.name},
        _("Record the rename"),
        _(
            "The organisation stays the same; its old name remains on records issued before "
            "the effective date."
        ),
    )


@login_required
def organisation_split(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    access.require_board(request.user)
    org = get_object_or_404(Organisation, pk=pk)
    form = forms.SplitForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.split_organisation(
                actor=request.user,
                org=org,
                new_names=form.names(),
                date=data["date"],
                decision_ref=data["decision_ref"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request, _("Split recorded: %(n)s new organisations.") % {"n": len(new)}
            )
            return redirect("orgs:organisation_detail", pk=org.pk)
    return _org_form_page(
        request,
        org,
        form,
        _("Split “%(name)s”") % {"name": org.name},
        _("Record the split"),
        _("The organisation ends the day before; the new ones begin."),
    )


@login_required
def organisation_merge(request: AuthenticatedRequest) -> HttpResponse:
    access.require_board(request.user)
    initial = {"organisations": request.GET.getlist("organisations")}
    form = forms.MergeForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            successor = services.merge_organisations(
                actor=request.user,
                predecessors=list(data["organisations"]),
                into=data["into"],
                new_name=data["new_name"],
                new_short_name=data["new_short_name"],
                province=data["province"],
                date=data["date"],
                decision_ref=data["decision_ref"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("Merger recorded."))
            return redirect("orgs:organisation_detail", pk=successor.pk)
    return render(
        request,
        "orgs/form.html",
        {
            "form": form,
            "title": _("Record a merger of organisations"),
            "parents": [(_("Organisations"), reverse("orgs:organisation_list"))],
            "intro": _(
                "Choose the organisations that merge, then either the one they merge into "
                "or the name of the new organisation."
            ),
            "submit": _("Record the merger"),
            "cancel": reverse("orgs:organisation_list"),
        },
    )
