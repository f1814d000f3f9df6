"""Pages of the proposal workflow: access → form → service → page or redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thidua.accounts.http import AuthenticatedRequest
from thidua.awards import access, checks, documents, forms, package, selectors, services
from thidua.awards.models import Nominee, Proposal
from thidua.core.checklist import AcknowledgeForm, ChecklistRefused, refused_form
from thidua.core.downloads import download, download_file
from thidua.core.errors import DomainError
from thidua.core.forms import add_domain_error, parse_whole, posted
from thidua.core.page_cache import cached_for_person, every_block
from thidua.cycles.models import AwardType
from thidua.legal import selectors as legal
from thidua.legal import signers
from thidua.legal.models import FormKind
from thidua.lib.files import DOCX, PDF
from thidua.orgs.models import Block, Organisation
from thidua.reports import issuing


def _slug(proposal: Proposal) -> str:
    return f"{proposal.award_type.code}-{proposal.cycle.year}"


# --- the head's side: the dossiers of a cycle ------------------------------------------------


@login_required
def cycle_dossiers(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cycle = access.get_cycle_for_dossiers(request.user, pk)
    context = {
        "cycle": cycle,
        "titles": selectors.cycle_titles(cycle),
        "can_build": access.can_build(request.user, cycle)
        and cycle.phase in services.DOSSIER_PHASES,
    }
    return render(request, "awards/cycle_dossiers.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: AuthenticatedRequest, pk: int, award: int) -> HttpResponse:
    cycle = access.get_cycle_for_dossiers(request.user, pk, build=True)
    award_type = get_object_or_404(AwardType, pk=award, province_id=cycle.block.province_id)
    eligible = selectors.passed_candidates(cycle, award_type)
    form = forms.BuildForm(posted(request), eligible=eligible)
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["organisations"])
        orgs = list(Organisation.objects.filter(pk__in=chosen))
        try:
            proposal = services.build_proposal(
                actor=request.user, cycle=cycle, award_type=award_type, organisations=orgs
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The dossier is created."))
            return redirect("awards:proposal_detail", proposal.pk)
    context = {
        "cycle": cycle,
        "award_type": award_type,
        "form": form,
        "quota": selectors.quota_for(cycle, award_type),
        "eligible": eligible,
    }
    return render(request, "awards/proposal_create.html", context)


@login_required
def proposal_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = access.get_proposal_for(request.user, pk)
    nominees = selectors.nominees_of(proposal)
    context = {
        "proposal": proposal,
        "cycle": proposal.cycle,
        "nominees": [(n, selectors.has_report(n)) for n in nominees],
        "events": selectors.events_of(proposal),
        "votes": selectors.vote_lines(proposal),
        "minutes": selectors.minutes_available(),
        "decision": getattr(proposal, "decision", None),
        "flags": access.flags_for(request.user, proposal, nominees),
        "is_board": bool(getattr(request.user, "is_board", False)),
        "basis": documents.to_trinh_basis(proposal),
    }
    return render(request, "awards/proposal_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = access.get_proposal_for(request.user, pk, need="edit")
    initial = {f: getattr(proposal, f) for f in forms.ProposalForm.base_fields}
    form = forms.ProposalForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_proposal(
                actor=request.user, proposal=proposal, values=form.cleaned_data
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The tờ trình is saved."))
            return redirect("awards:proposal_detail", proposal.pk)
    return render(
        request,
        "awards/proposal_edit.html",
        {"proposal": proposal, "cycle": proposal.cycle, "form": form},
    )


@login_required
@require_POST
def nominee_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    nominee = access.get_nominee_for(request.user, pk)
    if not access.can_build(request.user, nominee.proposal.cycle):
        raise Http404
    try:
        services.remove_nominee(actor=request.user, nominee=nominee)
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("%(unit)s is taken off the dossier.") % {"unit": nominee.name})
    return redirect("awards:proposal_detail", nominee.proposal_id)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A confirmation page with the dossier's checklist, then the POST that sends it."""
    proposal = access.get_proposal_for(request.user, pk, need="edit")
    checklist = checks.submit_checklist(proposal)
    form = AcknowledgeForm(posted(request), checklist=checklist)
    refused = request.method == "POST" and checklist.blocked
    if request.method == "POST" and not refused and form.is_valid():
        try:
            services.submit_proposal(
                actor=request.user, proposal=proposal, **form.acknowledgement()
            )
        except ChecklistRefused as err:
            checklist, refused = err.checklist, err.checklist.blocked
            form = refused_form(request.POST, err)
        except DomainError as err:
            messages.error(request, err.message)
            return redirect("awards:proposal_detail", proposal.pk)
        else:
            messages.success(request, _("The dossier is submitted to the Board."))
            return redirect("awards:proposal_detail", proposal.pk)
    context = {
        "proposal": proposal,
        "cycle": proposal.cycle,
        "checklist": checklist,
        "refused": refused,
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "awards/proposal_submit.html", context, status=status)


@login_required
def to_trinh_docx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = access.get_proposal_for(request.user, pk)
    try:
        return download(documents.to_trinh_docx(proposal), f"to-trinh-{_slug(proposal)}.docx")
    except issuing.UndatedDocument as error:
        return issuing.undated_response(request, error)


@login_required
def to_trinh_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = access.get_proposal_for(request.user, pk)
    try:
        return download(documents.to_trinh_pdf(proposal), f"to-trinh-{_slug(proposal)}.pdf")
    except issuing.UndatedDocument as error:
        return issuing.undated_response(request, error)


@login_required
def dossier_zip(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The whole dossier in one file: tờ trình, minutes (when available) and reports, with the
    manifest of their SHA-256 (the same package as the API's)."""
    proposal = access.get_proposal_for(request.user, pk)
    try:
        data = package.build(proposal)
    except issuing.UndatedDocument as error:
        return issuing.undated_response(request, error)
    return download(data, f"ho-so-{_slug(proposal)}.zip")


# --- achievement reports ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    nominee = access.get_nominee_for(request.user, pk, write=True)
    initial = {key: nominee.report.get(key, "") for key in services.REPORT_FIELDS}
    if not initial["signer_name"]:
        leader = signers.unit_leader(nominee.organisation, timezone.localdate())
        if leader is not None:
            initial["signer_name"], initial["signer_position"] = leader.name, leader.position
    form = forms.ReportForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.write_report(actor=request.user, nominee=nominee, sections=form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The achievement report is saved."))
            return redirect("awards:proposal_detail", nominee.proposal_id)
    return _report_page(request, nominee, form, forms.UploadForm())


def _report_page(request: HttpRequest, nominee: Nominee, form: Any, upload: Any) -> HttpResponse:
    context = {
        "nominee": nominee,
        "proposal": nominee.proposal,
        "cycle": nominee.proposal.cycle,
        "form": form,
        "upload_form": upload,
        "editable": nominee.proposal.status in access.EDITABLE,
        "recorded_awards": documents.earlier_awards(
            nominee.organisation, nominee.proposal.cycle.year
        ),
        "form_reference": legal.form_of(
            FormKind.ACHIEVEMENT_REPORT,
            nominee.proposal.date or timezone.localdate(),
        ).reference,
    }
    return render(request, "awards/report_edit.html", context)


@login_required
@require_POST
def report_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    nominee = access.get_nominee_for(request.user, pk, write=True)
    upload = forms.UploadForm(request.POST, request.FILES)
    if upload.is_valid():
        try:
            services.upload_report(
                actor=request.user, nominee=nominee, upload=upload.cleaned_data["file"]
            )
        except DomainError as err:
            add_domain_error(upload, err)
        else:
            messages.success(request, _("The achievement report file is uploaded."))
            return redirect("awards:proposal_detail", nominee.proposal_id)
    initial = {key: nominee.report.get(key, "") for key in services.REPORT_FIELDS}
    return _report_page(request, nominee, forms.ReportForm(initial=initial), upload)


@login_required
def report_docx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    nominee = access.get_nominee_for(request.user, pk)
    try:
        content = documents.report_docx(nominee)
    except issuing.UndatedDocument as error:
        return issuing.undated_response(request, error)
    return download(content, f"bao-cao-thanh-tich-{nominee.pk}.docx")


@login_required
def report_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    nominee = access.get_nominee_for(request.user, pk)
    try:
        content = documents.report_pdf(nominee)
    except issuing.UndatedDocument as error:
        return issuing.undated_response(request, error)
    return download(content, f"bao-cao-thanh-tich-{nominee.pk}.pdf")


@login_required
def report_file(request: AuthenticatedRequest, pk: int) -> FileResponse:
    nominee = access.get_nominee_for(request.user, pk)
    if not nominee.report_file:
        raise Http404
    ext = nominee.report_file.name.rsplit(".", 1)[-1].lower()
    return download_file(
        nominee.report_file.open("rb"),
        f"bao-cao-thanh-tich-{nominee.pk}.{ext}",
        content_type=PDF if ext == "pdf" else DOCX,
    )


# --- the Board -------------------------------------------------------------------------------


QUEUE_PAGE_SIZE = 25


@login_required
@cached_for_person(shows=every_block)
def queue(request: AuthenticatedRequest) -> HttpResponse:
    access.require_board(request.user)
    blocks = list(Block.objects.order_by("name").values_list("pk", "name"))
    form = forms.QueueFilterForm(request.GET or None, years=selectors.queue_years(), blocks=blocks)
    filters = selectors.QueueFilters()
    if form.is_valid():
        filters = selectors.QueueFilters(
            year=form.cleaned_data["year"],
            status=form.cleaned_data["status"],
            block=form.cleaned_data["block"],
        )
    page = Paginator(selectors.queue(filters), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "rows": selectors.queue_rows(filters, page=page), "page": page}
    if request.headers.get("HX-Request"):
        return render(request, "awards/_queue_table.html", context)
    return render(request, "awards/queue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_return(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = access.get_proposal_for(request.user, pk, need="board")
    form = forms.ReturnForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.return_proposal(
                actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"]
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The dossier is returned to the head unit."))
            return redirect("awards:proposal_detail", proposal.pk)
    return render(
        request,
        "awards/proposal_return.html",
        {"proposal": proposal, "cycle": proposal.cycle, "form": form},
    )


@login_required
@require_POST
def proposal_accept(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = access.get_proposal_for(request.user, pk, need="board")
    try:
        services.accept_proposal(actor=request.user, proposal=proposal)
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The dossier is accepted."))
    return redirect("awards:proposal_detail", proposal.pk)


@login_required
@require_http_methods(["GET", "POST"])
def decision(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = access.get_proposal_for(request.user, pk, need="board")
    nominees = selectors.nominees_of(proposal)
    form = forms.DecisionForm(posted(request), nominees=nominees)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_decision(
                actor=request.user,
                proposal=proposal,
                number=data["number"],
                date=data["date"],
                signer_name=data["signer_name"],
                signer_position=data["signer_position"],
                outcomes={k: services.Outcome(*v) for k, v in form.outcomes().items()},
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("awards:proposal_detail", proposal.pk)
    context = {"proposal": proposal, "cycle": proposal.cycle, "form": form}
    return render(request, "awards/decision.html", context)


@login_required
def summary(request: AuthenticatedRequest) -> HttpResponse:
    access.require_board(request.user)
    year = _year(request)
    context = {"data": selectors.year_summary(year), "years": _summary_years(year)}
    return render(request, "awards/summary.html", context)


@login_required
def summary_xlsx(request: AuthenticatedRequest) -> HttpResponse:
    access.require_board(request.user)
    year = _year(request)
    data = selectors.year_summary(year)
    return download(documents.summary_xlsx(data), f"tong-hop-khen-thuong-{year}.xlsx")


def _year(request: HttpRequest) -> int:
    value = request.GET.get("year", "")
    year = parse_whole(value, low=2000, high=2100)
    if year is not None:
        return year
    years = selectors.queue_years()
    return years[0] if years else timezone.localdate().year


def _summary_years(year: int) -> list[int]:
    return sorted(set(selectors.queue_years()) | {year}, reverse=True)


# --- award history ---------------------------------------------------------------------------


@login_required
@cached_for_person(shows=every_block)
def history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    org = access.get_history_org(request.user, pk)
    context = {
        "org": org,
        "rows": selectors.award_history(org),
        "is_board": bool(getattr(request.user, "is_board", False)),
    }
    return render(request, "awards/history.html", context)


@login_required
def history_docx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    org = access.get_history_org(request.user, pk)
    try:
        content = documents.history_docx(org)
    except issuing.UndatedDocument as error:
        return issuing.undated_response(request, error)
    return download(content, f"qua-trinh-khen-thuong-{org.pk}.docx")


@login_required
def history_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    org = access.get_history_org(request.user, pk)
    try:
        content = documents.history_pdf(org)
    except issuing.UndatedDocument as error:
        return issuing.undated_response(request, error)
    return download(content, f"qua-trinh-khen-thuong-{org.pk}.pdf")


@login_required
def history_xlsx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    org = access.get_history_org(request.user, pk)
    return download(documents.history_xlsx(org), f"qua-trinh-khen-thuong-{org.pk}.xlsx")
