"""Criteria table, self-assessment, cross-scoring and evidence pages: access → form → service."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.http import AuthenticatedRequest
from thidua.core.downloads import download, download_file
from thidua.core.errors import DomainError
from thidua.core.forms import add_domain_error, parse_id, parse_whole, posted, posted_files
from thidua.core.page_cache import cached_for_person, in_block
from thidua.cycles.models import Cycle, ScorerMode
from thidua.orgs.models import Organisation
from thidua.scoring import access, criteria_xlsx, selectors, services
from thidua.scoring.forms import (
    ImportForm,
    NodeForm,
    ReasonForm,
    entries_from_post,
    uploads_from_files,
)
from thidua.scoring.models import CriteriaNode, CriteriaTable, NodeKind, ScoreSheet, SheetKind
from thidua.scoring.sheets import Row, sheet_rows


@login_required
def overview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cycle = access.cycle_for(request.user, pk)
    user = request.user
    units = Organisation.objects.in_bulk(selectors.member_ids(cycle))
    sheets = {s.unit_id: s for s in ScoreSheet.objects.filter(cycle=cycle, kind=SheetKind.SELF)}
    rows = [
        {
            "unit": units[uid],
            "sheet": sheets.get(uid),
            "can_open": access.may_see_self(user, cycle, uid),
        }
        for uid in selectors.member_ids(cycle)
    ]
    my_unit = getattr(user, "organisation_id", None)
    to_score = []
    if my_unit and my_unit in units and getattr(user, "role", "") in ("representative", "leader"):
        done = {
            s.unit_id: s
            for s in ScoreSheet.objects.filter(cycle=cycle, kind=SheetKind.CROSS, scorer_id=my_unit)
        }
        to_score = [
            {"unit": units[u], "sheet": done.get(u)}
            for u in selectors.units_scored_by(cycle, my_unit)
        ]
    context = {
        "cycle": cycle,
        "rows": rows,
        "my_unit": units.get(my_unit) if my_unit else None,
        "to_score": to_score,
        "to_consolidate": [
            units[u]
            for u in units
            if my_unit and access.is_head(user, cycle) and access.may_consolidate(cycle, my_unit, u)
        ],
        "can_assign": access.can_edit_table(user, cycle)
        and cycle.policy.scorer_mode == ScorerMode.ASSIGNED,
    }
    return render(request, "scoring/overview.html", context)


@login_required
def criteria_table(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cycle = access.cycle_for(request.user, pk)
    table = selectors.table_for(cycle)
    can_edit = access.can_edit_table(request.user, cycle) and access.table_is_editable(table, cycle)
    context = {
        "cycle": cycle,
        "table": table,
        "rows": selectors.tree_rows(table) if table else [],
        "total": selectors.table_total(table) if table else 0,
        "can_edit": can_edit,
        "can_copy": can_edit and selectors.previous_cycle(cycle) is not None,
    }
    return render(request, "scoring/criteria_table.html", context)


def _node_form_page(
    request: HttpRequest,
    cycle: Cycle,
    form: NodeForm,
    node: CriteriaNode | None,
    parent: CriteriaNode | None,
) -> HttpResponse:
    return render(
        request,
        "scoring/node_form.html",
        {"cycle": cycle, "form": form, "node": node, "parent": parent},
    )


@login_required
def node_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cycle = access.table_editor_cycle(request.user, pk)
    parent_pk = request.GET.get("parent") or request.POST.get("parent")
    parent_id = parse_id(parent_pk)
    parent = (
        CriteriaNode.objects.filter(pk=parent_id, table__cycle=cycle, kind=NodeKind.GROUP).first()
        if parent_id is not None
        else None
    )
    form = NodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            node = services.add_node(
                actor=request.user, cycle=cycle, parent=parent, data=form.node_input()
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("%(code)s added.") % {"code": node.code})
            return redirect("scoring:criteria_table", cycle.pk)
    return _node_form_page(request, cycle, form, None, parent)


@login_required
def node_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    node = access.node_for_editor(request.user, pk)
    cycle = node.table.cycle
    initial = services.node_input(node).__dict__
    form = NodeForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_node(actor=request.user, node=node, data=form.node_input())
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("%(code)s saved.") % {"code": node.code})
            return redirect("scoring:criteria_table", cycle.pk)
    return _node_form_page(request, cycle, form, node, node.parent)


@login_required
@require_POST
def node_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    node = access.node_for_editor(request.user, pk)
    try:
        services.move_node(
            actor=request.user, node=node, direction=request.POST.get("direction", "up")
        )
    except DomainError as err:
        messages.error(request, err.message)
    return redirect("scoring:criteria_table", node.table.cycle_id)


@login_required
def node_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    node = access.node_for_editor(request.user, pk)
    cycle = node.table.cycle
    if request.method == "POST":
        try:
            services.delete_node(actor=request.user, node=node)
        except DomainError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, _("%(code)s deleted.") % {"code": node.code})
        return redirect("scoring:criteria_table", cycle.pk)
    return render(
        request,
        "scoring/node_delete.html",
        {"cycle": cycle, "node": node, "children": node.children.count()},
    )


@login_required
@require_POST
def table_copy(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cycle = access.table_editor_cycle(request.user, pk)
    try:
        services.copy_previous_table(actor=request.user, cycle=cycle)
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("Last year's criteria table is copied."))
    return redirect("scoring:criteria_table", cycle.pk)


def _leaf_nodes(cycle: Cycle) -> list[CriteriaNode]:
    table = selectors.table_for(cycle)
    return selectors.leaves(table) if table else []


@login_required
@cached_for_person(shows=in_block(Cycle))
def self_sheet(request: AuthenticatedRequest, pk: int, unit_pk: int) -> HttpResponse:
    cycle, unit, sheet, flags = access.self_sheet_for(request.user, pk, unit_pk)
    error: DomainError | None = None
    if request.method == "POST":
        if not flags.can_edit:
            messages.error(request, _("This self-assessment cannot be changed now."))
            return redirect("scoring:self_sheet", cycle.pk, unit.pk)
        version = _version(request)
        nodes = _leaf_nodes(cycle)
        try:
            saved = services.save_self_assessment(
                actor=request.user,
                cycle=cycle,
                unit=unit,
                version=version,
                entries=entries_from_post(request.POST, nodes, with_target=True),
                uploads=uploads_from_files(request.FILES, nodes),
            )
            if "submit" in request.POST:
                services.submit_self_assessment(
                    actor=request.user, cycle=cycle, unit=unit, version=saved.version
                )
                messages.success(request, _("The self-assessment is submitted."))
            else:
                messages.success(request, _("Draft saved."))
            return redirect("scoring:self_sheet", cycle.pk, unit.pk)
        except DomainError as err:
            error = err
            # The save may have gone through before the submission was refused.
            sheet = selectors.self_sheet(cycle, unit.pk)
    rows = sheet_rows(cycle, sheet, posted=_kept_input(request, error))
    return _sheet_page(request, "scoring/self_sheet.html", cycle, unit, sheet, rows, error, flags)


def _kept_input(request: HttpRequest, error: DomainError | None) -> Any:
    """After a refused save the person's input is shown again, except after a conflict: then
    the page shows what the other person saved."""
    if error is None or isinstance(error, services.StaleSheet):
        return None
    return request.POST


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return parse_whole(raw)


def _sheet_page(
    request: HttpRequest,
    template: str,
    cycle: Cycle,
    unit: Organisation,
    sheet: ScoreSheet | None,
    rows: list[Row],
    error: DomainError | None,
    flags: object,
) -> HttpResponse:
    if error is not None:
        for row in rows:
            if error.field in (row.value_name, row.target_name, row.evidence_name):
                row.error, row.error_field = error.message, error.field
    return render(
        request,
        template,
        {
            "cycle": cycle,
            "unit": unit,
            "sheet": sheet,
            "rows": rows,
            "error": error,
            "flags": flags,
            "version": request.POST.get("version")
            if error and "reload" not in error.message
            else (sheet.version if sheet else ""),
        },
        status=400 if error else 200,
    )


@login_required
def self_reopen(request: AuthenticatedRequest, pk: int, unit_pk: int) -> HttpResponse:
    cycle, unit = access.reopener_for(request.user, pk, unit_pk)
    form = ReasonForm(posted(request))
    sheet = selectors.self_sheet(cycle, unit.pk)
    if request.method == "POST" and form.is_valid() and sheet is not None:
        try:
            services.reopen_self_assessment(
                actor=request.user, sheet=sheet, reason=form.cleaned_data["reason"]
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The self-assessment is reopened."))
            return redirect("scoring:self_sheet", cycle.pk, unit.pk)
    return render(request, "scoring/self_reopen.html", {"cycle": cycle, "unit": unit, "form": form})


@login_required
def cross_sheet(request: AuthenticatedRequest, pk: int, unit_pk: int) -> HttpResponse:
    cycle, unit, can_edit = access.cross_sheet_for(request.user, pk, unit_pk)
    return _scoring_sheet(request, cycle, unit, can_edit, SheetKind.CROSS)


@login_required
def head_sheet(request: AuthenticatedRequest, pk: int, unit_pk: int) -> HttpResponse:
    cycle, unit, can_edit = access.head_sheet_for(request.user, pk, unit_pk)
    return _scoring_sheet(request, cycle, unit, can_edit, SheetKind.HEAD)


def _scoring_sheet(
    request: AuthenticatedRequest, cycle: Cycle, unit: Organisation, can_edit: bool, kind: str
) -> HttpResponse:
    # cross_sheet_for and head_sheet_for let only a person of a unit this far.
    scorer_id = cast(int, request.user.organisation_id)
    here = "scoring:cross_sheet" if kind == SheetKind.CROSS else "scoring:head_sheet"
    error: DomainError | None = None
    if request.method == "POST":
        nodes = _leaf_nodes(cycle)
        try:
            saved = services.save_cross_scores(
                actor=request.user,
                cycle=cycle,
                unit=unit,
                version=_version(request),
                entries=entries_from_post(request.POST, nodes, with_target=False),
                reason=request.POST.get("reason", "").replace("\x00", ""),
                kind=kind,
            )
            if "submit" in request.POST:
                services.submit_cross_scores(
                    actor=request.user, cycle=cycle, unit=unit, version=saved.version, kind=kind
                )
                messages.success(request, _("Your scores are submitted."))
            else:
                messages.success(request, _("Scores saved."))
            return redirect(here, cycle.pk, unit.pk)
        except DomainError as err:
            error = err
    sheet, self_assessment = selectors.scoring_sheets(cycle, scorer_id, unit.pk, kind)
    rows = sheet_rows(cycle, sheet, self_sheet=self_assessment, posted=_kept_input(request, error))
    return _sheet_page(
        request, "scoring/cross_sheet.html", cycle, unit, sheet, rows, error, {"can_edit": can_edit}
    )


@login_required
def evidence_file(request: AuthenticatedRequest, pk: int) -> FileResponse:
    evidence = access.evidence_for(request.user, pk)
    return download_file(
        evidence.file.open("rb"), evidence.original_name, content_type=evidence.content_type
    )


@login_required
@require_POST
def evidence_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    evidence = access.evidence_deleter(request.user, pk)
    sheet = evidence.line.sheet
    try:
        services.delete_evidence(actor=request.user, evidence=evidence)
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The file is removed."))
    return redirect("scoring:self_sheet", sheet.cycle_id, sheet.unit_id)


@login_required
@require_POST
def assign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cycle = access.table_editor_cycle(request.user, pk)
    try:
        services.assign_scorers(actor=request.user, cycle=cycle)
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("Scorers are assigned."))
    return redirect("scoring:overview", cycle.pk)


@login_required
def table_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cycle = access.cycle_for(request.user, pk)
    table = selectors.table_for(cycle) or CriteriaTable(cycle=cycle)
    content = criteria_xlsx.export(table)
    return download(content, f"criteria-{cycle.year}.xlsx")


IMPORT_KEY = "scoring_import_{}"


@login_required
def table_import(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Upload → preview (errors listed, nothing saved) → confirm → the table is replaced."""
    cycle = access.table_editor_cycle(request.user, pk)
    key = IMPORT_KEY.format(cycle.pk)
    form = ImportForm(posted(request), posted_files(request))
    rows: list[criteria_xlsx.ImportRow] = []
    if request.method == "POST" and "confirm" in request.POST and key in request.session:
        try:
            services.replace_table(
                actor=request.user,
                cycle=cycle,
                rows=criteria_xlsx.from_session(request.session.pop(key)),
                source="xlsx",
            )
        except DomainError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, _("The criteria table is imported."))
        return redirect("scoring:criteria_table", cycle.pk)
    if request.method == "POST" and form.is_valid():
        try:
            rows = criteria_xlsx.parse(form.cleaned_data["file"])
        except DomainError as err:
            add_domain_error(form, err)
        else:
            if all(not r.error for r in rows):
                request.session[key] = criteria_xlsx.to_session(rows)
            else:
                request.session.pop(key, None)
    context = {
        "cycle": cycle,
        "form": form,
        "rows": rows,
        "has_errors": any(r.error for r in rows),
    }
    return render(request, "scoring/table_import.html", context)
