"""Pages for cycles, their policy and the province's award types: access → form → service."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thidua.accounts.http import AuthenticatedRequest
from thidua.core.checklist import AcknowledgeForm, ChecklistRefused, refused_form
from thidua.core.errors import DomainError
from thidua.core.forms import add_domain_error, posted
from thidua.core.page_cache import cached_for_person, in_block
from thidua.cycles import access, selectors, services
from thidua.cycles.checks import phase_checklist
from thidua.cycles.forms import (
    AwardTypeForm,
    CycleCreateForm,
    CycleUnitsForm,
    PolicyForm,
)
from thidua.cycles.models import AwardType, Cycle, Phase, Policy
from thidua.cycles.sections import cycle_sections, shown, work_links
from thidua.orgs.models import Province

PAGE_SIZE = 20


@login_required
def cycle_list(request: AuthenticatedRequest) -> HttpResponse:
    filters = selectors.CycleFilters.from_query(request.GET)
    page = Paginator(selectors.cycle_list(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    years, blocks = selectors.filter_choices(request.user)
    context = {
        "page": page,
        "filters": filters,
        "years": years,
        "blocks": blocks,
        "can_create": access.can_create_cycles(request.user),
    }
    template = "cycles/cycle_list.html#results" if request.htmx else "cycles/cycle_list.html"
    return render(request, template, context)


def _create_initial(request: AuthenticatedRequest, blocks: list) -> dict[str, object]:
    """Block and year from the query (the htmx refresh and "prepare next year" links), else a
    sensible start: the person's last headed block and the year after it."""
    headed = access.headed_blocks(request.user)
    default_block = headed[0][0].pk if headed else (blocks[0].pk if len(blocks) == 1 else "")
    default_year = headed[0][1] + 1 if headed else timezone.localdate().year
    initial: dict[str, object] = {
        "block": request.GET.get("block", default_block),
        "year": request.GET.get("year", default_year),
        "copy_members": True,
    }
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def cycle_create(request: AuthenticatedRequest) -> HttpResponse:
    access.require_cycle_creator(request.user)
    blocks = access.creatable_blocks(request.user)
    refresh = request.method == "POST" and "refresh" in request.POST
    if request.method == "POST" and not refresh:
        form = CycleCreateForm(request.POST, blocks=blocks)
        cycle = _create(request, form) if form.is_valid() else None
        if cycle is not None:
            return redirect("cycles:cycle_detail", pk=cycle.pk)
    else:
        initial: dict[str, object] = (
            _create_initial(request, blocks) if not refresh else dict(request.POST.dict())
        )
        initial["copy_members"] = not refresh or "copy_members" in request.POST
        form = CycleCreateForm(initial=initial, blocks=blocks)
    head = None
    if form.chosen_block is not None and form.year_value is not None:
        head = services.default_head_for(form.chosen_block, form.year_value)
        if head is not None and not form.is_bound:
            form.initial["head_unit"] = head.pk
    context = {"form": form, "default_head": head}
    template = "cycles/cycle_create.html#units" if request.htmx else "cycles/cycle_create.html"
    return render(request, template, context)


def _create(request: AuthenticatedRequest, form: CycleCreateForm) -> Cycle | None:
    data = form.cleaned_data
    if not access.can_create_cycle_for(request.user, data["block"], data["year"]):
        form.add_error(
            "year",
            _(
                "Only the Board or the head unit of %(block)s in %(previous)s "
                "may prepare its %(year)s cycle."
            )
            % {"block": data["block"].name, "previous": data["year"] - 1, "year": data["year"]},
        )
        return None
    try:
        cycle = services.create_cycle(
            actor=request.user,
            block=data["block"],
            year=data["year"],
            head_unit=data["head_unit"],
            deputy_unit=data["deputy_unit"],
            copy_members_from_last_year=data["copy_members"],
        )
    except DomainError as err:
        add_domain_error(form, err)
        return None
    messages.success(
        request,
        _("The %(year)s cycle of %(block)s is open, in phase “Preparing”.")
        % {"year": data["year"], "block": data["block"].name},
    )
    return cycle


@login_required
@cached_for_person(shows=in_block(Cycle))
def cycle_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cycle = access.get_cycle_for(request.user, pk, need="view")
    roster = selectors.cycle_roster(cycle)
    flags = access.flags_for(request.user, cycle)
    context = {
        "cycle": cycle,
        "steps": selectors.phase_steps(cycle),
        "roster": roster,
        "policy": selectors.policy_summary(
            cycle.policy, province_id=cycle.block.province_id, members=len(roster)
        ),
        "flags": flags,
        "next_phase": selectors.next_phase(cycle),
        # "What's next" for the head and the Board: the current phase's checklist.
        "checklist": phase_checklist(cycle) if flags.can_advance else None,
        # The year's work, contributed by the apps that do it (cycles/sections.py).
        "work_links": shown(work_links, cycle=cycle, user=request.user),
        "sections": shown(cycle_sections, cycle=cycle, user=request.user),
    }
    return render(request, "cycles/cycle_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cycle_advance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A confirmation page with the phase's checklist, then the POST that moves the cycle on by
    exactly one phase (refused on a blocker; warnings need an acknowledgement and a reason)."""
    cycle = access.get_cycle_for(request.user, pk, need="advance")
    target = selectors.next_phase(cycle)
    if target is None:
        messages.info(request, _("The cycle is closed: there is no next phase."))
        return redirect("cycles:cycle_detail", pk=cycle.pk)
    checklist = phase_checklist(cycle)
    form = AcknowledgeForm(posted(request), checklist=checklist)
    refused = request.method == "POST" and checklist.blocked
    if request.method == "POST" and not refused and form.is_valid():
        try:
            services.advance_phase(
                actor=request.user,
                cycle=cycle,
                to_phase=request.POST.get("to_phase", ""),
                **form.acknowledgement(),
            )
        except ChecklistRefused as err:
            checklist, refused = err.checklist, err.checklist.blocked
            form = refused_form(request.POST, err)
        except DomainError as err:
            messages.error(request, err.message)
            return redirect("cycles:cycle_detail", pk=cycle.pk)
        else:
            messages.success(
                request,
                _("The cycle is now in phase “%(phase)s”.") % {"phase": cycle.get_phase_display()},
            )
            return redirect("cycles:cycle_detail", pk=cycle.pk)
    context = {
        "cycle": cycle,
        "target": target,
        "target_label": Phase(target).label,
        "checklist": checklist,
        "refused": refused,
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "cycles/cycle_advance.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def cycle_units(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cycle = access.get_cycle_for(request.user, pk, need="manage")
    candidates, _last_year = selectors.unit_choices(cycle.block, cycle.year)
    initial = {"head_unit": cycle.head_unit_id, "deputy_unit": cycle.deputy_unit_id}
    form = CycleUnitsForm(posted(request), initial=initial, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_cycle_units(
                actor=request.user,
                cycle=cycle,
                head_unit=form.cleaned_data["head_unit"],
                deputy_unit=form.cleaned_data["deputy_unit"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The head and deputy units were changed."))
            return redirect("cycles:cycle_detail", pk=cycle.pk)
    context = {
        "cycle": cycle,
        "form": form,
        "can_change": access.can_change_units(request.user, cycle),
    }
    return render(request, "cycles/cycle_units.html", context)


def _policy_page(
    request: AuthenticatedRequest,
    *,
    policy: Policy,
    province_id: int,
    context: dict[str, object],
    editable: bool,
    done_url: str,
) -> HttpResponse:
    """Shared by a cycle's policy and the province's template: edit, preview, save."""
    quotas = [(q.award, q.quota) for q in selectors.policy_quotas(policy, province_id)]
    posted = request.POST if request.method == "POST" else None
    form = PolicyForm(posted, initial=PolicyForm.initial_for(policy), awards=quotas)
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    preview = "preview" in request.POST or bool(request.htmx)
    if posted is not None and form.is_valid() and not preview:
        try:
            _save_policy(request, policy=policy, province_id=province_id, form=form)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The rules were saved."))
            return redirect(done_url)
    source = form.cleaned_data if posted is not None and form.is_valid() else form.initial
    context |= {"form": form, "editable": editable, "preview": _preview(source)}
    page = "cycles/policy_edit.html#preview" if request.htmx else "cycles/policy_edit.html"
    return render(request, page, context)


def _save_policy(
    request: AuthenticatedRequest, *, policy: Policy, province_id: int, form: PolicyForm
) -> Policy:
    if policy.pk is None:
        province = get_object_or_404(Province, pk=province_id)
        policy = services.province_policy(province, actor=request.user)
    return services.update_policy(
        actor=request.user, policy=policy, values=form.values(), quotas=form.quotas()
    )


def _preview(data: Mapping[str, Any]) -> dict[str, str]:
    """The quorum and threshold in words, from what the form holds now."""
    try:
        qn, qd = int(data["quorum_numerator"]), int(data["quorum_denominator"])
        tn = int(data["vote_threshold_numerator"])
        td = int(data["vote_threshold_denominator"])
    except (KeyError, TypeError, ValueError):
        return {}
    if not (0 < qn <= qd and 0 < tn <= td):
        return {}
    return {
        "quorum": selectors.quorum_text(qn, qd),
        "threshold": selectors.threshold_text(
            tn,
            td,
            strict=bool(data.get("vote_threshold_strict")),
            base=str(data.get("vote_base", "")),
        ),
    }


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cycle = access.get_cycle_for(request.user, pk, need="manage")
    context: dict[str, object] = {"cycle": cycle}
    return _policy_page(
        request,
        policy=cycle.policy,
        province_id=cycle.block.province_id,
        context=context,
        editable=access.can_edit_policy(request.user, cycle),
        done_url=reverse("cycles:cycle_detail", args=[cycle.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def province_policy(request: AuthenticatedRequest, province_pk: int) -> HttpResponse:
    access.require_board(request.user)
    province = get_object_or_404(Province, pk=province_pk)
    context: dict[str, object] = {"province": province}
    return _policy_page(
        request,
        policy=selectors.template_policy(province.pk),
        province_id=province.pk,
        context=context,
        editable=True,
        done_url=request.path,
    )


@login_required
def award_type_list(request: AuthenticatedRequest) -> HttpResponse:
    access.require_board(request.user)
    provinces = Province.objects.prefetch_related("award_types").order_by("name")
    return render(request, "cycles/award_type_list.html", {"provinces": provinces})


@login_required
@require_http_methods(["GET", "POST"])
def award_type_create(request: AuthenticatedRequest) -> HttpResponse:
    access.require_board(request.user)
    form = AwardTypeForm(posted(request), initial={"province": request.GET.get("province")})
    if request.method == "POST" and form.is_valid():
        try:
            services.create_award_type(actor=request.user, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The award type was added."))
            return redirect("cycles:award_type_list")
    return render(request, "cycles/award_type_form.html", {"form": form, "award": None})


@login_required
@require_http_methods(["GET", "POST"])
def award_type_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    access.require_board(request.user)
    award = get_object_or_404(AwardType.objects.select_related("province"), pk=pk)
    initial = {f: getattr(award, f) for f in services.AWARD_FIELDS}
    form = AwardTypeForm(posted(request), initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_award_type(actor=request.user, award=award, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The award type was saved."))
            return redirect("cycles:award_type_list")
    return render(request, "cycles/award_type_form.html", {"form": form, "award": award})
