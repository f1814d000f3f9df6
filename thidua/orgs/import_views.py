"""Import from XLSX, for the Board: template, upload, preview, confirm.

The uploaded file waits on the server between the preview and the confirmation; the browser only
sends back its token, and a token works only for the person who uploaded the file.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from thidua.accounts.http import AuthenticatedRequest
from thidua.core.downloads import download
from thidua.core.errors import DomainError
from thidua.core.forms import StyledForm
from thidua.orgs import access, import_jobs, importer
from thidua.orgs.models import Province


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


class SizeLimit(FileUploadHandler):
    """Counts an uploaded file's bytes and drops the rest of it past the limit, so that an
    oversized upload is neither held in memory nor kept on disk."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.too_big = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_big = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


class UploadForm(StyledForm):
    file = forms.FileField(
        label=gettext_lazy("Workbook (.xlsx)"),
        help_text=gettext_lazy(
            "An Excel file made from the template. Nothing is saved before you confirm the preview."
        ),
        widget=forms.FileInput(attrs={"accept": f".xlsx,{importer.XLSX_TYPE}"}),
    )

    def __init__(self, *args: Any, too_big: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.too_big = too_big
        if too_big:  # the size limit dropped the file: say so rather than "required"
            self.fields["file"].required = False

    def clean_file(self) -> UploadedFile:
        limit = settings.IMPORT_MAX_BYTES
        upload: UploadedFile = self.cleaned_data["file"]
        if self.too_big or (upload.size or 0) > limit:
            raise forms.ValidationError(
                _(
                    "The file is larger than %(max)s MB. Keep only the three sheets of the "
                    "template, or split the file."
                )
                % {"max": _megabytes(limit)}
            )
        if not (upload.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _(
                    "Choose an Excel workbook whose name ends in .xlsx (“%(name)s” does not). An "
                    "old .xls file must first be saved as .xlsx."
                )
                % {"name": upload.name}
            )
        try:
            importer.read_workbook(upload)
        except importer.ImportFileError as err:
            raise forms.ValidationError(err.messages) from err
        return upload


@login_required
def import_template(request: AuthenticatedRequest) -> HttpResponse:
    access.require_board(request.user)
    provinces = list(Province.objects.filter(valid_to__isnull=True).values_list("code", "name"))
    return download(importer.build_template(provinces), "thidua-mau-nhap.xlsx")


# The size limit must be in place before anything reads the upload, and the CSRF check reads
# it: so CSRF is exempted here and checked by the inner view, as Django's documentation advises.
@csrf_exempt
@login_required
def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    access.require_board(request.user)
    limit = SizeLimit(request, settings.IMPORT_MAX_BYTES)
    request.upload_handlers = [limit, *request.upload_handlers]
    return _upload(request, limit)


@csrf_protect
def _upload(request: AuthenticatedRequest, limit: SizeLimit) -> HttpResponse:
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, too_big=limit.too_big)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            stored = importer.store_upload(user=request.user, file_name=upload.name, fileobj=upload)
            return redirect("orgs:import_preview", token=stored.token)
    return render(
        request,
        "orgs/import_upload.html",
        {
            "form": form,
            "sheets": importer.SHEETS,
            "max_mb": _megabytes(settings.IMPORT_MAX_BYTES),
            "max_rows": importer.MAX_ROWS,
        },
    )


def _stored_upload_for(request: AuthenticatedRequest, token: str) -> importer.StoredUpload:
    """The Board officer's own pending upload; anyone else's token does not exist for them."""
    access.require_board(request.user)
    upload = importer.find_upload(token)
    if upload is None or upload.user_id != request.user.pk:
        raise Http404
    return upload


def _already_applied(request: HttpRequest, upload: importer.StoredUpload) -> HttpResponse:
    messages.info(request, _("“%(name)s” has already been imported.") % {"name": upload.file_name})
    return redirect("orgs:import_upload")


def _gone(request: HttpRequest, upload: importer.StoredUpload) -> HttpResponse:
    messages.warning(
        request,
        _("“%(name)s” is being imported or is no longer available: upload it again if needed.")
        % {"name": upload.file_name},
    )
    return redirect("orgs:import_upload")


def _render_preview(
    request: HttpRequest,
    upload: importer.StoredUpload,
    report: importer.ImportReport,
    error: str = "",
) -> HttpResponse:
    return render(
        request,
        "orgs/import_preview.html",
        {
            "upload": upload,
            "report": report,
            "error": error,
            "can_confirm": report.is_valid,
        },
    )


@login_required
def import_preview(request: AuthenticatedRequest, token: str) -> HttpResponse:
    upload = _stored_upload_for(request, token)
    if upload.applied is not None:
        return _already_applied(request, upload)
    data = importer.read_upload(upload)
    if data is None:
        return _gone(request, upload)
    try:
        report = importer.review_import(data)
    except importer.ImportFileError as err:
        importer.discard_upload(upload)
        messages.error(request, " ".join(err.messages))
        return redirect("orgs:import_upload")
    return _render_preview(request, upload, report)


@require_POST
@login_required
def import_confirm(request: AuthenticatedRequest, token: str) -> HttpResponse:
    upload = _stored_upload_for(request, token)
    if upload.applied is not None:
        return _already_applied(request, upload)
    data = importer.claim_upload(upload)
    if data is None:
        return _gone(request, upload)
    try:
        rows = import_jobs.row_count(data)
    except importer.ImportFileError:
        rows = 0  # apply_import reports the problem below
    if import_jobs.runs_in_background(rows):
        # A large workbook: applied in the background, with a page that shows its progress.
        job = import_jobs.start_import(actor=request.user, upload=upload, rows=rows)
        return redirect("jobs:job_detail", pk=job.pk)
    try:
        summary = importer.apply_import(actor=request.user, data=data, file_name=upload.file_name)
    except importer.ImportInvalid as err:
        importer.release_upload(upload)
        reason = (
            _("Nothing was imported: the file has problems, listed below.")
            if err.report.invalid_count
            else _("The file has no rows besides the examples.")
        )
        return _render_preview(request, upload, err.report, reason)
    except importer.ImportFileError as err:
        importer.discard_upload(upload)
        messages.error(request, " ".join(err.messages))
        return redirect("orgs:import_upload")
    except DomainError as err:
        importer.release_upload(upload)
        return _render_preview(
            request,
            upload,
            importer.review_import(data),
            _("Nothing was imported: %(reason)s") % {"reason": err.message},
        )
    except BaseException:
        importer.release_upload(upload)
        raise
    importer.finish_upload(upload, summary)
    messages.success(request, import_jobs.summary_message(upload.file_name, summary))
    if summary.blocks or summary.memberships:
        return redirect("orgs:block_list")
    return redirect("orgs:organisation_list")
