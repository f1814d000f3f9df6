"""The Board's registry pages: provinces, organisations, blocks with their members, people.

Each view: access first, then the form, the service and a redirect or a render. List pages answer
htmx requests with their results fragment only, and work as plain GET forms without script.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thidua.accounts import services as people_services
from thidua.accounts.models import Role, User
from thidua.core.errors import DomainError
from thidua.core.forms import add_domain_error
from thidua.core.http import HtmxHttpRequest
from thidua.orgs import access, forms, selectors, services
from thidua.orgs.models import Membership, Organisation, Province

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


# --- provinces -------------------------------------------------------------------------------


@login_required
def province_list(request: HtmxHttpRequest) -> HttpResponse:
    access.require_board(request.user)
    return render(request, "orgs/province_list.html", {"provinces": selectors.provinces()})


@login_required
def province_create(request: HtmxHttpRequest) -> HttpResponse:
    access.require_board(request.user)
    form = forms.ProvinceForm(request.POST or None)
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
def province_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access.require_board(request.user)
    province = get_object_or_404(Province, pk=pk)
    form = forms.ProvinceEditForm(request.POST or None, initial={"name": province.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_province(
                actor=request.user, province=province, name=form.cleaned_data["name"]
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("Province renamed."))
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
def province_merge(request: HtmxHttpRequest) -> HttpResponse:
    access.require_board(request.user)
    form = forms.ProvinceMergeForm(request.POST or None)
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


# --- organisations ---------------------------------------------------------------------------


@login_required
def organisation_list(request: HtmxHttpRequest) -> HttpResponse:
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
def organisation_create(request: HtmxHttpRequest) -> HttpResponse:
    access.require_board(request.user)
    form = forms.OrganisationForm(request.POST or None)
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
def organisation_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access.require_board(request.user)
    org = get_object_or_404(Organisation.objects.select_related("province"), pk=pk)
    return render(
        request,
        "orgs/organisation_detail.html",
        {"data": selectors.organisation_page(org), "org": org},
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
def organisation_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access.require_board(request.user)
    org = get_object_or_404(Organisation, pk=pk)
    initial = {"short_name": org.short_name, "email": org.email, "address": org.address}
    form = forms.ContactForm(request.POST or None, initial=initial)
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
def organisation_rename(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access.require_board(request.user)
    org = get_object_or_404(Organisation, pk=pk)
    form = forms.RenameForm(request.POST or None)
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
def organisation_split(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access.require_board(request.user)
    org = get_object_or_404(Organisation, pk=pk)
    form = forms.SplitForm(request.POST or None)
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
def organisation_merge(request: HtmxHttpRequest) -> HttpResponse:
    access.require_board(request.user)
    initial = {"organisations": request.GET.getlist("organisations")}
    form = forms.MergeForm(request.POST or None, initial=initial)
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


# --- blocks ----------------------------------------------------------------------------------


@login_required
def block_list(request: HtmxHttpRequest) -> HttpResponse:
    access.require_board(request.user)
    query = selectors.ListQuery.from_query(request.GET, filters=["province", "status"])
    sort, columns = selectors.sort_columns(query.sort, BLOCK_COLUMNS, "name")
    page = _list_page(request, selectors.blocks(query, sort))
    return _render_list(
        request,
        "orgs/block_list.html",
        {
            "page": page,
            "query": query,
            "columns": columns,
            "rows": _with(page, selectors.latest_member_counts(b.pk for b in page)),
            "provinces": Province.objects.order_by("name"),
            "statuses": [("active", _("Active")), ("inactive", _("Inactive")), ("all", _("All"))],
        },
    )


@login_required
def block_create(request: HtmxHttpRequest) -> HttpResponse:
    access.require_board(request.user)
    form = forms.BlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            block = services.create_block(actor=request.user, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("Block “%(name)s” created.") % {"name": block})
            return redirect("orgs:block_detail", pk=block.pk)
    return render(
        request,
        "orgs/form.html",
        {
            "form": form,
            "title": _("New block"),
            "parents": [(_("Blocks"), reverse("orgs:block_list"))],
            "submit": _("Create block"),
            "cancel": reverse("orgs:block_list"),
        },
    )


@login_required
def block_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    block = access.get_block_for(request.user, pk)
    access.require_board(request.user)
    initial = {"name": block.name, "description": block.description, "is_active": block.is_active}
    form = forms.BlockEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_block(actor=request.user, block=block, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("Block saved."))
            return redirect("orgs:block_detail", pk=block.pk)
    return render(
        request,
        "orgs/form.html",
        {
            "form": form,
            "title": _("Edit “%(name)s”") % {"name": block.name},
            "parents": [
                (_("Blocks"), reverse("orgs:block_list")),
                (block.name, reverse("orgs:block_detail", args=[block.pk])),
            ],
            "submit": _("Save"),
            "cancel": reverse("orgs:block_detail", args=[block.pk]),
        },
    )


def _year(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and 2000 <= int(value) <= 2100 else None


@login_required
def block_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    block = access.get_block_for(request.user, pk)
    data = selectors.block_page(block, _year(request.GET.get("year")))
    can_manage = access.is_board(request.user)
    copy_form = forms.CopyMembersForm(initial={"from_year": data.year, "to_year": data.year + 1})
    return render(
        request,
        "orgs/block_detail.html",
        {
            "blk": block,
            "data": data,
            "can_manage": can_manage,
            "copy_form": copy_form,
        },
    )


@login_required
def block_add_members(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    block = access.get_block_for(request.user, pk)
    access.require_board(request.user)
    year = (
        _year(request.POST.get("year") or request.GET.get("year"))
        or selectors.block_page(block, None).year
    )
    candidates = selectors.candidate_members(year)
    form = forms.AddMembersForm(request.POST or None, initial={"year": year}, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.add_memberships(
                actor=request.user,
                block=block,
                year=year,
                organisations=list(form.cleaned_data["organisations"]),
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request, _("%(n)s members added for %(year)s.") % {"n": len(added), "year": year}
            )
            return redirect(f"{reverse('orgs:block_detail', args=[block.pk])}?year={year}")
    return render(
        request,
        "orgs/block_add_members.html",
        {
            "blk": block,
            "year": year,
            "form": form,
            "year_form": forms.YearForm(initial={"year": year}),
            "has_candidates": candidates.exists(),
        },
    )


@login_required
@require_POST
def block_copy_members(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    block = access.get_block_for(request.user, pk)
    access.require_board(request.user)
    form = forms.CopyMembersForm(request.POST)
    url = reverse("orgs:block_detail", args=[block.pk])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(url)
    data = form.cleaned_data
    try:
        added = services.copy_memberships(
            actor=request.user, block=block, from_year=data["from_year"], to_year=data["to_year"]
        )
    except DomainError as err:
        messages.error(request, err.message)
        return redirect(f"{url}?year={data['from_year']}")
    if added:
        messages.success(
            request,
            _("%(n)s members of %(from)s copied into %(to)s.")
            % {"n": added, "from": data["from_year"], "to": data["to_year"]},
        )
    else:
        messages.warning(
            request,
            _(
                "Nobody was copied: the members of %(from)s have ended or "
                "are already in a block in %(to)s."
            )
            % {"from": data["from_year"], "to": data["to_year"]},
        )
    return redirect(f"{url}?year={data['to_year']}")


@login_required
def membership_remove(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access.require_board(request.user)
    membership = get_object_or_404(
        Membership.objects.select_related("block", "organisation"), pk=pk
    )
    url = f"{reverse('orgs:block_detail', args=[membership.block_id])}?year={membership.year}"
    if request.method == "POST":
        try:
            services.remove_membership(actor=request.user, membership=membership)
        except DomainError as err:
            messages.error(request, err.message)
        else:
            messages.success(
                request,
                _("“%(name)s” removed from the members of %(year)s.")
                % {"name": membership.organisation, "year": membership.year},
            )
        return redirect(url)
    return render(request, "orgs/membership_remove.html", {"membership": membership, "cancel": url})


@login_required
def my_block(request: HtmxHttpRequest) -> HttpResponse:
    if access.is_board(request.user):
        return redirect("orgs:block_list")
    block = access.latest_block_for(request.user)
    if block is not None:
        return redirect("orgs:block_detail", pk=block.pk)
    return render(request, "orgs/no_block.html")


# --- people ----------------------------------------------------------------------------------


@login_required
def person_list(request: HtmxHttpRequest) -> HttpResponse:
    access.require_board(request.user)
    query = selectors.ListQuery.from_query(request.GET, filters=["role", "organisation", "status"])
    sort, columns = selectors.sort_columns(query.sort, PERSON_COLUMNS, "full_name")
    page = _list_page(request, selectors.people(query, sort))
    return _render_list(
        request,
        "orgs/person_list.html",
        {
            "page": page,
            "query": query,
            "columns": columns,
            "roles": Role.choices,
            "organisations": selectors.current_organisations(),
            "statuses": [("all", _("All")), ("active", _("Active")), ("inactive", _("Inactive"))],
        },
    )


def _send_set_password(request: HtmxHttpRequest, person: User) -> None:
    send = getattr(people_services, "send_set_password_email", None)
    if not person.email:
        messages.warning(
            request,
            _("%(name)s has no e-mail address, so no link to set a password was sent.")
            % {"name": person},
        )
    elif send is not None:
        try:
            send(user=person, request=request)
        except DomainError as err:
            messages.warning(request, err.message)
        else:
            messages.info(
                request,
                _("A link to set a password was sent to %(email)s.") % {"email": person.email},
            )


@login_required
def person_create(request: HtmxHttpRequest) -> HttpResponse:
    access.require_board(request.user)
    form = forms.PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = people_services.create_person(actor=request.user, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("“%(name)s” added.") % {"name": person})
            _send_set_password(request, person)
            return redirect("orgs:person_list")
    return render(
        request,
        "orgs/form.html",
        {
            "form": form,
            "title": _("New person"),
            "parents": [(_("People"), reverse("orgs:person_list"))],
            "submit": _("Create"),
            "cancel": reverse("orgs:person_list"),
        },
    )


@login_required
def person_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access.require_board(request.user)
    person = get_object_or_404(User.objects.select_related("organisation"), pk=pk)
    initial = {
        "full_name": person.full_name,
        "email": person.email,
        "role": person.role,
        "organisation": person.organisation,
        "position": person.position,
        "phone": person.phone,
        "is_active": person.is_active,
    }
    form = forms.PersonEditForm(request.POST or None, initial=initial, current=person.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            people_services.update_person(actor=request.user, user=person, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": person})
            return redirect("orgs:person_list")
    return render(
        request,
        "orgs/form.html",
        {
            "form": form,
            "title": _("Edit %(name)s (%(username)s)")
            % {"name": person, "username": person.username},
            "parents": [(_("People"), reverse("orgs:person_list"))],
            "submit": _("Save"),
            "cancel": reverse("orgs:person_list"),
        },
    )
