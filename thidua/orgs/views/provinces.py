"""Province pages (Board only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts.http import AuthenticatedRequest
from thidua.core.errors import DomainError
from thidua.core.forms import add_domain_error, posted
from thidua.orgs import access, forms, selectors, services
from thidua.orgs.models import Province

# --- provinces -------------------------------------------------------------------------------


@login_required
def province_list(request: AuthenticatedRequest) -> HttpResponse:
    access.require_board(request.user)
    return render(request, "orgs/province_list.html", {"provinces": selectors.provinces()})


@login_required
def province_create(request: AuthenticatedRequest) -> HttpResponse:
    access.require_board(request.user)
    form = forms.ProvinceForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            province = services.create_province(actor=request.user, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("Province “%(name)s” created.") % {"name": province})
            return redirect("orgs:province_list")
    return render(
        request,
        "orgs/form.html",
        {
            "form": form,
            "title": _("New province"),
            "parents": [(_("Provinces"), reverse("orgs:province_list"))],
            "submit": _("Create province"),
            "cancel": reverse("orgs:province_list"),
        },
    )


@login_required
def province_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    access.require_board(request.user)
    province = get_object_or_404(Province, pk=pk)
    initial = {f: getattr(province, f) for f in ("name", *services.DOCUMENT_FIELDS)}
    form = forms.ProvinceEditForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_province(actor=request.user, province=province, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("Province saved."))
            return redirect("orgs:province_list")
    return render(
        request,
        "orgs/form.html",
        {
            "form": form,
            "title": _("Edit province “%(name)s”") % {"name": province.name},
            "parents": [(_("Provinces"), reverse("orgs:province_list"))],
            "submit": _("Save"),
            "cancel": reverse("orgs:province_list"),
        },
    )


@login_required
def province_merge(request: AuthenticatedRequest) -> HttpResponse:
    access.require_board(request.user)
    form = forms.ProvinceMergeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            into = services.merge_provinces(
                actor=request.user,
                predecessors=list(data["predecessors"]),
                into=data["into"],
                date=data["date"],
                decision_ref=data["decision_ref"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("Merger into %(name)s recorded.") % {"name": into})
            return redirect("orgs:province_list")
    return render(
        request,
        "orgs/form.html",
        {
            "form": form,
            "title": _("Record a province merger"),
            "parents": [(_("Provinces"), reverse("orgs:province_list"))],
            "intro": _(
                "The provinces that merge end the day before the effective date and keep "
                "their history; records issued before keep their names."
            ),
            "submit": _("Record the merger"),
            "cancel": reverse("orgs:province_list"),
        },
    )
