"""Block pages, yearly memberships and "my block"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.http import AuthenticatedRequest
from thidua.core.errors import DomainError
from thidua.core.forms import add_domain_error, parse_whole, posted
from thidua.core.page_cache import cached_for_person, in_block
from thidua.orgs import access, forms, selectors, services
from thidua.orgs.models import Block, Membership, Province
from thidua.orgs.views._common import BLOCK_COLUMNS, _list_page, _render_list, _with

# --- blocks ----------------------------------------------------------------------------------


@login_required
def block_list(request: AuthenticatedRequest) -> HttpResponse:
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
def block_create(request: AuthenticatedRequest) -> HttpResponse:
    access.require_board(request.user)
    form = forms.BlockForm(posted(request))
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
def block_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    block = access.get_block_for(request.user, pk)
    access.require_board(request.user)
    initial = {"name": block.name, "description": block.description, "is_active": block.is_active}
    form = forms.BlockEditForm(posted(request), initial=initial)
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
    return parse_whole(value, low=2000, high=2100)


@login_required
@cached_for_person(shows=in_block(Block, "pk"))
def block_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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
def block_add_members(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    block = access.get_block_for(request.user, pk)
    access.require_board(request.user)
    year = (
        _year(request.POST.get("year") or request.GET.get("year"))
        or selectors.block_page(block, None).year
    )
    candidates = selectors.candidate_members(year)
    form = forms.AddMembersForm(posted(request), initial={"year": year}, candidates=candidates)
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
def block_copy_members(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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
def membership_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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
def my_block(request: AuthenticatedRequest) -> HttpResponse:
    if access.is_board(request.user):
        return redirect("orgs:block_list")
    block = access.latest_block_for(request.user)
    if block is not None:
        return redirect("orgs:block_detail", pk=block.pk)
    return render(request, "orgs/no_block.html")
