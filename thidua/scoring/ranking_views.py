"""Ranking, analysis, publication, correction and the scoring documents: access → service → page.

Who sees what: the Board and the head unit see the live ranking and its analysis at any time;
the other member units see them once the ranking is published. Only the head (or the Board)
publishes; only the Board corrects a published ranking.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from thidua.accounts.http import AuthenticatedRequest
from thidua.core.downloads import download
from thidua.core.errors import DomainError
from thidua.core.forms import StyledForm, add_domain_error, posted
from thidua.core.page_cache import cached_for_person, in_block
from thidua.cycles.access import get_cycle_for, is_head
from thidua.cycles.models import Cycle
from thidua.reports import issuing
from thidua.scoring import documents, ranking_services, selectors
from thidua.scoring.models import PublishedRanking

# --- access ----------------------------------------------------------------------------------


def _published(cycle: Cycle) -> PublishedRanking | None:
    return PublishedRanking.objects.filter(cycle=cycle).select_related("published_by").first()


def _sees_live(user: Any, cycle: Cycle) -> bool:
    return bool(user.is_board or is_head(user, cycle))


def _cycle_for_results(user: Any, pk: int) -> tuple[Cycle, PublishedRanking | None]:
    """The cycle if the person may see its results (Board and head always, members once
    published)."""
    cycle = get_cycle_for(user, pk)
    published = _published(cycle)
    if published is None and not _sees_live(user, cycle):
        raise PermissionDenied
    return cycle, published


# --- pages -----------------------------------------------------------------------------------


@login_required
@cached_for_person(shows=in_block(Cycle))
def ranking(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for(request.user, pk)
    published = _published(cycle)
    live = _sees_live(request.user, cycle)
    scores = selectors.cycle_scores(cycle) if live and published is None else None
    context = {
        "cycle": cycle,
        "published": published,
        "rows": selectors.ranking_rows(scores) if scores else [],
        "errors": scores.errors if scores else [],
        "can_see": live or published is not None,
        "can_publish": ranking_services.can_publish(request.user, cycle),
        "can_correct": published is not None and request.user.is_board,
        "corrections": selectors.ranking_corrections(published) if published else [],
        "method": cycle.policy.get_score_method_display(),
    }
    return render(request, "scoring/ranking.html", context)


@login_required
@cached_for_person(shows=in_block(Cycle))
def analysis(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for(request.user, pk)
    # Only when it was published: the page needs no more of the publication (its entries are
    # long), and the analysis is cached under that date.
    published = selectors.publication(cycle)
    if published is None and not _sees_live(request.user, cycle):
        raise PermissionDenied
    data = selectors.analysis(cycle, published=published)
    context = {
        "cycle": cycle,
        "published": published is not None,
        "analysis": data,
        "units": selectors.shown_units(data),
        "chart": data.chart_data(),
        "chart_labels": {"self": _("Self score"), "final": _("Final score")},
        "method": cycle.policy.get_score_method_display(),
    }
    return render(request, "scoring/analysis.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for(request.user, pk, need="advance")
    if request.method == "POST":
        try:
            ranking_services.publish_ranking(actor=request.user, cycle=cycle)
        except DomainError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, _("The ranking is published and now locked."))
        return redirect("scoring:ranking", pk=cycle.pk)
    return render(
        request,
        "scoring/ranking_publish.html",
        {"cycle": cycle, "can_publish": ranking_services.can_publish(request.user, cycle)},
    )


class CorrectionForm(StyledForm):
    unit = forms.TypedChoiceField(label=gettext_lazy("Member unit"), coerce=int)
    final = forms.DecimalField(
        label=gettext_lazy("Corrected final score"), min_value=0, decimal_places=2
    )
    rank = forms.IntegerField(label=gettext_lazy("Corrected rank"), min_value=1)
    reason = forms.CharField(
        label=gettext_lazy("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Recorded in the audit log and shown under the ranking."),
    )

    def __init__(self, *args: Any, entries: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("unit").choices = [(e["unit"], e["name"]) for e in entries]


@login_required
@require_http_methods(["GET", "POST"])
def correct(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for(request.user, pk, need="manage")
    published = _published(cycle)
    entries = published.entries if published else []
    form = CorrectionForm(posted(request), entries=entries)
    if published is not None and request.method == "POST" and form.is_valid():
        try:
            ranking_services.correct_ranking(
                actor=request.user,
                published=published,
                unit_id=form.cleaned_data["unit"],
                final=form.cleaned_data["final"],
                rank=form.cleaned_data["rank"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The correction is recorded."))
            return redirect("scoring:ranking", pk=cycle.pk)
    return render(
        request,
        "scoring/ranking_correct.html",
        {"cycle": cycle, "form": form, "published": published},
    )


# --- documents -------------------------------------------------------------------------------


def _document_data(user: Any, pk: int) -> documents.RankingDocument:
    cycle, published = _cycle_for_results(user, pk)
    return documents.ranking_document(cycle, published=published)


@login_required
def ranking_xlsx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    data = _document_data(request.user, pk)
    return download(documents.ranking_xlsx(data), f"ranking-{data.cycle.year}.xlsx")


@login_required
def ranking_docx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    data = _document_data(request.user, pk)
    try:
        return download(documents.ranking_docx(data), f"ranking-{data.cycle.year}.docx")
    except issuing.UndatedDocument as error:
        return issuing.undated_response(request, error)


@login_required
def ranking_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    data = _document_data(request.user, pk)
    try:
        return download(documents.ranking_pdf(data), f"ranking-{data.cycle.year}.pdf")
    except issuing.UndatedDocument as error:
        return issuing.undated_response(request, error)


def _unit_sheet(user: Any, pk: int, unit: int) -> documents.UnitSheetDocument:
    cycle, published = _cycle_for_results(user, pk)
    sheet = documents.unit_sheet(
        cycle, unit_id=unit, published_at=published.published_at if published else None
    )
    if sheet is None:
        raise Http404
    return sheet


@login_required
def unit_sheet_xlsx(request: AuthenticatedRequest, pk: int, unit: int) -> HttpResponse:
    sheet = _unit_sheet(request.user, pk, unit)
    return download(documents.unit_sheet_xlsx(sheet), f"score-sheet-{unit}.xlsx")


@login_required
def unit_sheet_docx(request: AuthenticatedRequest, pk: int, unit: int) -> HttpResponse:
    sheet = _unit_sheet(request.user, pk, unit)
    try:
        return download(documents.unit_sheet_docx(sheet), f"score-sheet-{unit}.docx")
    except issuing.UndatedDocument as error:
        return issuing.undated_response(request, error)
