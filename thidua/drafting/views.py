"""Pages for drafting: access → form → service → redirect/render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thidua.accounts.http import AuthenticatedRequest
from thidua.core.checklist import AcknowledgeForm, ChecklistRefused, refused_form
from thidua.core.downloads import download
from thidua.core.errors import DomainError
from thidua.core.forms import add_domain_error, parse_whole, posted, posted_files
from thidua.core.page_cache import cached_for_person, in_block
from thidua.drafting import access, checks, selectors, services, stale_years
from thidua.drafting.forms import (
    AnswerForm,
    ArticleFormSet,
    CommentForm,
    DocumentCreateForm,
    ReopenForm,
    VersionForm,
    WindowForm,
)
from thidua.drafting.models import Document, DocumentVersion
from thidua.reports import docx as word
from thidua.reports import issuing


@login_required
def cycle_documents(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle = access.get_cycle_for(request.user, cycle_pk)
    context = {
        "cycle": cycle,
        "rows": selectors.documents_for_cycle(cycle),
        "can_write": access.can_write(request.user, cycle),
        "missing": selectors.missing_kinds(cycle),
    }
    return render(request, "drafting/cycle_documents.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle = access.get_cycle_for(request.user, cycle_pk, need="write")
    kinds = selectors.missing_kinds(cycle)
    form = DocumentCreateForm(posted(request), posted_files(request), kinds=kinds)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            document = services.create_document(
                actor=request.user,
                cycle=cycle,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                start=form.cleaned_data["start"],
                upload=upload.read() if upload else None,
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The document was created as version 1."))
            return redirect("drafting:document_detail", document.pk)
    return render(request, "drafting/document_create.html", {"cycle": cycle, "form": form})


def _version(document: Document, number: str | None) -> DocumentVersion | None:
    versions = document.versions.select_related("created_by")
    wanted = parse_whole(number)
    if wanted is not None:
        found = versions.filter(number=wanted).first()
        if found:
            return found
    return versions.order_by("-number").first()


@login_required
@cached_for_person(shows=in_block(Document, "cycle__block_id"))
def document_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = access.get_document_for(request.user, pk)
    version = _version(document, request.GET.get("v"))
    latest = services.latest_version(document)
    can_write = access.can_write(request.user, document.cycle)
    context: dict[str, Any] = {
        "document": document,
        "cycle": document.cycle,
        "version": version,
        "is_latest": version == latest,
        "versions": selectors.versions_of(document),
        "windows": selectors.windows_of(document),
        "can_write": can_write,
        # A frozen version is replaced only by an amendment, once every member unit signed it.
        "can_edit": access.can_write_document(request.user, document)
        and latest is not None
        and (latest.frozen_at is None or services.fully_signed(latest)),
    }
    # Years and dates copied from last year's text, for whoever may fix or review them.
    if version is not None and access.can_write_document(request.user, document):
        marks = stale_years.find_marks(version)
        context["marks"] = marks
        context["marks_todo"] = [m for m in marks if not m.reviewed]
        context["marked"] = stale_years.highlighted(version, marks) if marks else None
    return render(request, "drafting/document_detail.html", context)


@login_required
@require_POST
def stale_year_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Mark one year or date that looked stale as checked (kept as it is)."""
    document = access.get_document_for(request.user, pk, need="write")
    version = _version(document, request.POST.get("v"))
    url = reverse("drafting:document_detail", args=[document.pk])
    if version is None:
        return redirect(url)
    try:
        review = services.review_stale_year(
            actor=request.user, version=version, key=request.POST.get("key", "")
        )
    except DomainError as err:
        messages.error(request, err.message)
    else:
        left = len(stale_years.stale_years_unreviewed(version))
        messages.success(
            request,
            _("“%(text)s” is marked as reviewed; %(left)s left to check.")
            % {"text": review.text, "left": left},
        )
    return redirect(f"{url}?v={version.number}#stale-h")


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = access.get_document_for(request.user, pk, need="write")
    latest = services.latest_version(document)
    initial = {
        "title": latest.title if latest else document.title,
        "preamble": latest.preamble if latest else "",
    }
    form = VersionForm(posted(request), initial=initial)
    articles = ArticleFormSet(
        posted(request), prefix="art", initial=list(latest.content) if latest else []
    )
    if request.method == "POST" and form.is_valid() and articles.is_valid():
        kept = [a for a in articles.cleaned_data if a and not a.get("DELETE")]
        try:
            version = services.save_version(
                actor=request.user, document=document, articles=kept, **form.cleaned_data
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("Saved as version %(n)s.") % {"n": version.number})
            return redirect("drafting:document_detail", document.pk)
    context = {
        "document": document,
        "cycle": document.cycle,
        "form": form,
        "articles": articles,
        "latest": latest,
    }
    return render(request, "drafting/document_edit.html", context)


@login_required
def compare(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = access.get_document_for(request.user, pk)
    versions = list(selectors.versions_of(document))
    by_number = {str(v.number): v for v in versions}
    new = by_number.get(request.GET.get("b", ""), versions[0] if versions else None)
    default_old = versions[1] if len(versions) > 1 else new
    old = by_number.get(request.GET.get("a", ""), default_old)
    diffs = selectors.compare_versions(old, new) if old and new else []
    context = {
        "document": document,
        "cycle": document.cycle,
        "versions": versions,
        "old": old,
        "new": new,
        "diffs": diffs,
    }
    return render(request, "drafting/compare.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def window_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = access.get_document_for(request.user, pk, need="write")
    version = services.latest_version(document)
    default = timezone.localtime() + dt.timedelta(days=7)
    form = WindowForm(
        posted(request),
        initial={"deadline": default.replace(hour=17, minute=0, second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid() and version is not None:
        try:
            window = services.open_comment_window(
                actor=request.user, version=version, deadline=form.cleaned_data["deadline"]
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request, _("The comment window is open; the member units were notified.")
            )
            return redirect("drafting:window_detail", window.pk)
    context = {"document": document, "cycle": document.cycle, "version": version, "form": form}
    return render(request, "drafting/window_open.html", context)


def _window_context(
    request: AuthenticatedRequest, window: Any, comment_form: CommentForm | None = None
) -> dict[str, Any]:
    cycle = window.version.document.cycle
    can_answer = access.can_write(request.user, cycle)
    can_comment = access.can_comment(request.user, window)
    articles = selectors.article_choices(window.version)
    if can_comment and comment_form is None:
        comment_form = CommentForm(
            articles=articles, initial={"article_key": request.GET.get("article", "")}
        )
    return {
        "window": window,
        "version": window.version,
        "document": window.version.document,
        "cycle": cycle,
        "groups": selectors.window_comments(window),
        "is_open": selectors.is_open(window),
        "can_answer": can_answer,
        "can_comment": can_comment,
        "comment_form": comment_form,
        "missing": selectors.units_without_comment(window) if can_answer else [],
        "can_reopen": access.can_reopen(request.user, window),
        "articles": window.version.content,
    }


@login_required
def window_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    window = access.get_window_for(request.user, pk)
    return render(request, "drafting/window_detail.html", _window_context(request, window))


@login_required
@require_POST
def comment_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    window = access.get_window_to_comment(request.user, pk)
    form = CommentForm(request.POST, articles=selectors.article_choices(window.version))
    if form.is_valid():
        try:
            comment = services.add_comment(actor=request.user, window=window, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request,
                _("Your comment was sent on behalf of %(unit)s.") % {"unit": comment.unit.name},
            )
            return redirect(
                reverse("drafting:window_detail", args=[window.pk]) + f"?sent={comment.pk}#sent"
            )
    context = _window_context(request, window, form)
    return render(request, "drafting/window_detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def window_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A confirmation page with what is unfinished (units that have not commented), then the
    POST that closes the window before its deadline."""
    window = access.get_window_for(request.user, pk, need="write")
    if not selectors.is_open(window):
        messages.info(request, _("The comment window is already closed."))
        return redirect("drafting:window_detail", window.pk)
    checklist = checks.close_checklist(window)
    form = AcknowledgeForm(posted(request), checklist=checklist)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_comment_window(
                actor=request.user, window=window, **form.acknowledgement()
            )
        except ChecklistRefused as err:
            checklist = err.checklist
            form = refused_form(request.POST, err)
        else:
            messages.success(request, _("The comment window is closed."))
            return redirect("drafting:window_detail", window.pk)
    context = {
        "window": window,
        "version": window.version,
        "document": window.version.document,
        "cycle": window.version.document.cycle,
        "checklist": checklist,
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "drafting/window_close.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def window_reopen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    window = access.get_window_for(request.user, pk, need="write")
    if not access.can_reopen(request.user, window):
        messages.error(request, _("This comment window cannot be reopened."))
        return redirect("drafting:window_detail", window.pk)
    default = timezone.localtime() + dt.timedelta(days=3)
    form = ReopenForm(
        posted(request),
        initial={"deadline": default.replace(hour=17, minute=0, second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen_comment_window(actor=request.user, window=window, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request, _("The comment window is open again; the member units were notified.")
            )
            return redirect("drafting:window_detail", window.pk)
    context = {
        "window": window,
        "version": window.version,
        "document": window.version.document,
        "cycle": window.version.document.cycle,
        "form": form,
    }
    return render(request, "drafting/window_reopen.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def comment_answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    comment = access.get_comment_for(request.user, pk, need="write")
    initial = {"status": comment.answer_status or None, "reason": comment.answer_reason}
    form = AnswerForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_comment(actor=request.user, comment=comment, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The answer was saved and the author notified."))
            return redirect(
                reverse("drafting:window_detail", args=[comment.window_id])
                + f"#comment-{comment.pk}"
            )
    labels = dict(selectors.article_choices(comment.window.version))
    context = {
        "comment": comment,
        "article": labels.get(comment.article_key, comment.article_key),
        "window": comment.window,
        "document": comment.window.version.document,
        "cycle": comment.window.version.document.cycle,
        "form": form,
    }
    return render(request, "drafting/comment_answer.html", context)


def _filename(document: Document, ext: str) -> str:
    return f"tong-hop-y-kien-{slugify(document.get_kind_display())}-{document.cycle.year}.{ext}"


@login_required
def summary_docx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = access.get_document_for(request.user, pk)
    try:
        summary = selectors.summary_document(document)
    except issuing.UndatedDocument as error:
        error.next_url = reverse("drafting:document_detail", args=[document.pk])
        error.next_label = _("Back to the document")
        return issuing.undated_response(request, error)
    return download(word.render(summary), _filename(document, "docx"))


@login_required
def summary_xlsx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = access.get_document_for(request.user, pk)
    return download(selectors.summary_workbook(document), _filename(document, "xlsx"))
