"""Signing pages: access → form → service → redirect/render. The verification pages are public."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thidua.accounts import reauth
from thidua.accounts.http import AuthenticatedRequest
from thidua.core.checklist import AcknowledgeForm, ChecklistRefused, refused_form
from thidua.core.downloads import download, download_file
from thidua.core.errors import DomainError
from thidua.core.forms import add_domain_error, posted, posted_files
from thidua.core.http import client_ip
from thidua.cycles.models import Cycle
from thidua.drafting import checks as drafting_checks
from thidua.drafting.models import DocumentVersion
from thidua.orgs.models import Organisation
from thidua.reports import docx, issuing, layout, sealing
from thidua.reports import services as reports
from thidua.signing import (
    access,
    certificates,
    digital,
    documents,
    pdfcheck,
    remote_views,
    selectors,
    services,
    validation_report,
)
from thidua.signing import uploads as signed_uploads
from thidua.signing.forms import (
    PaperForm,
    SignedPdfForm,
    SignForm,
    TrustAnchorForm,
    VerifyFileForm,
    VerifyForm,
)
from thidua.signing.models import Signature, SignatureMethod, TrustAnchor


@login_required
def board(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle = access.get_cycle(request.user, cycle_pk)
    status = selectors.covenant_status(cycle)
    my_unit = access.signing_unit(request.user, cycle)
    signing = selectors.signing_version(cycle)
    signing_units = (
        set(signing.signatures.values_list("unit_id", flat=True)) if signing is not None else set()
    )
    context = {
        "cycle": cycle,
        "boards": selectors.signing_board(cycle),
        "status": status,
        "latest": selectors.latest_covenant_version(cycle),
        "can_manage": access.can_manage(request.user, cycle),
        "my_unit": my_unit,
        "signing": signing,
        "signing_signed": bool(signing_units),
        "signing_complete": signing is not None
        and {u.pk for u in selectors.member_units(cycle)} <= signing_units,
        "my_signed": my_unit is not None and my_unit.pk in signing_units,
        "signing_digital": signing is not None
        and signing.signatures.filter(method=SignatureMethod.DIGITAL).exists(),
    }
    return render(request, "signing/board.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def freeze(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    """A confirmation page with what is unfinished (an open comment window, comments without an
    answer), then the POST that freezes the covenant's latest version for signing."""
    cycle = access.get_cycle(request.user, cycle_pk, manage=True)
    version = selectors.latest_covenant_version(cycle)
    if version is None or version.frozen_at is not None:
        messages.info(request, _("There is no new covenant version to freeze."))
        return redirect("signing:board", cycle.pk)
    checklist = drafting_checks.freeze_checklist(version)
    form = AcknowledgeForm(posted(request), checklist=checklist)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.freeze_for_signing(
                actor=request.user, cycle=cycle, **form.acknowledgement()
            )
        except ChecklistRefused as err:
            checklist = err.checklist
            form = refused_form(request.POST, err)
        except DomainError as err:
            messages.error(request, err.message)
            return redirect("signing:board", cycle.pk)
        else:
            messages.success(
                request,
                _("Version %(number)s is frozen; the member units' leaders were asked to sign.")
                % {"number": version.number},
            )
            return redirect("signing:board", cycle.pk)
    context = {"cycle": cycle, "version": version, "checklist": checklist, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "signing/freeze.html", context, status=status)


@require_POST
@login_required
def unfreeze(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle = access.get_cycle(request.user, cycle_pk, manage=True)
    version = selectors.signing_version(cycle)
    if version is None:
        messages.error(request, _("No version is frozen for signing."))
        return redirect("signing:board", cycle.pk)
    try:
        services.unfreeze_for_signing(actor=request.user, version=version)
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The freeze was lifted; the head may issue a new version."))
    return redirect("signing:board", cycle.pk)


@login_required
def sign(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle, unit = access.get_cycle_to_sign(request.user, cycle_pk)
    version = selectors.signing_version(cycle)
    if version is None:
        raise Http404
    existing = version.signatures.filter(unit=unit).first()
    user = request.user
    form = SignForm(
        posted(request),
        initial={"position": user.position, "sha256": version.sha256},
    )
    if request.method == "POST":
        if not reauth.is_recently_authenticated(request):
            return reauth.redirect_to_reauth(request)
        if existing is not None:
            messages.info(request, _("Your unit has already signed this version."))
            return redirect("signing:board", cycle.pk)
        if form.is_valid():
            if form.cleaned_data["sha256"] != version.sha256:
                messages.error(
                    request, _("The text changed while you were reading it; read it again.")
                )
                return redirect("signing:sign", cycle.pk)
            try:
                services.sign_online(
                    actor=user,
                    cycle=cycle,
                    version=version,
                    position=form.cleaned_data["position"],
                    ip_address=client_ip(request),
                )
            except services.AlreadySigned:
                messages.info(request, _("Your unit has already signed this version."))
                return redirect("signing:board", cycle.pk)
            except DomainError as err:
                add_domain_error(form, err)
            else:
                messages.success(
                    request,
                    _("You confirmed the covenant in the product for %(unit)s.")
                    % {"unit": unit.name},
                )
                return redirect("signing:board", cycle.pk)
    return _sign_page(request, cycle, unit, version, existing, form, SignedPdfForm())


def _sign_page(
    request: AuthenticatedRequest,
    cycle: Cycle,
    unit: Organisation,
    version: DocumentVersion,
    existing: Signature | None,
    form: SignForm,
    upload_form: SignedPdfForm,
    status: int = 200,
) -> HttpResponse:
    context = {
        "cycle": cycle,
        "unit": unit,
        "version": version,
        "existing": existing,
        "form": form,
        "upload_form": upload_form,
        "digital_count": version.signatures.filter(method=SignatureMethod.DIGITAL).count(),
        "recently_authenticated": reauth.is_recently_authenticated(request),
        "reauth_url": reauth.reauth_url(request),
        **remote_views.sign_page_context(request.user, version, unit),
    }
    return render(request, "signing/sign.html", context, status=status)


@login_required
def to_sign_pdf(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    """The exact file a leader signs now with their own tool."""
    cycle = access.get_cycle(request.user, cycle_pk)
    version = selectors.signing_version(cycle)
    if version is None:
        raise Http404
    try:
        issued = digital.file_to_sign(cycle=cycle, version=version, actor=request.user)
    except issuing.UndatedDocument as error:
        return issuing.undated_response(request, error)
    name = f"giao-uoc-{cycle.year}-phien-ban-{version.number}-de-ky-so.pdf"
    return download(bytes(issued.content), name)


@require_POST
@login_required
def upload_signed(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle, unit = access.get_cycle_to_sign(request.user, cycle_pk)
    version = selectors.signing_version(cycle)
    if version is None:
        raise Http404
    existing = version.signatures.filter(unit=unit).first()
    if existing is not None:
        messages.info(request, _("Your unit has already signed this version."))
        return redirect("signing:board", cycle.pk)
    upload_form = SignedPdfForm(request.POST, request.FILES)
    if upload_form.is_valid():
        try:
            digital.sign_with_upload(
                actor=request.user,
                cycle=cycle,
                version=version,
                upload=upload_form.cleaned_data["signed_pdf"],
            )
        except services.AlreadySigned:
            messages.info(request, _("Your unit has already signed this version."))
            return redirect("signing:board", cycle.pk)
        except DomainError as err:
            add_domain_error(upload_form, err)
        else:
            messages.success(
                request,
                _("Your digital signature for %(unit)s was checked and recorded.")
                % {"unit": unit.name},
            )
            return redirect("signing:board", cycle.pk)
    user = request.user
    form = SignForm(initial={"position": user.position, "sha256": version.sha256})
    return _sign_page(request, cycle, unit, version, None, form, upload_form, status=422)


@login_required
def anchors(request: AuthenticatedRequest) -> HttpResponse:
    """The certificate authorities the Board trusts for leaders' digital signatures."""
    if not request.user.is_board:
        raise PermissionDenied
    form = TrustAnchorForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["certificate"]
        try:
            if upload.size is None or upload.size > 100 * 1024:
                raise DomainError(_("The certificate must be at most 100 KB."), field="certificate")
            anchor = digital.add_trust_anchor(
                actor=request.user, data=upload.read(), name=form.cleaned_data["name"]
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request,
                _("%(name)s is now trusted for digital signatures.") % {"name": anchor.name},
            )
            return redirect("signing:anchors")
    context = {
        "form": form,
        "anchors": TrustAnchor.objects.all(),
        "unconfirmed": certificates.awaiting_confirmation(),
    }
    return render(request, "signing/anchors.html", context)


@login_required
def paper(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle = access.get_cycle(request.user, cycle_pk, manage=True)
    version = selectors.signing_version(cycle)
    if version is None:
        raise Http404
    signed = set(version.signatures.values_list("unit_id", flat=True))
    units = [u for u in selectors.member_units(cycle) if u.pk not in signed]
    form = PaperForm(posted(request), posted_files(request), units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_paper_signing(
                actor=request.user,
                cycle=cycle,
                version=version,
                unit=data["unit"],
                signer_name=data["signer_name"],
                signer_position=data["signer_position"],
                signed_on=data["signed_on"],
                scan=data["scan"],
            )
        except services.AlreadySigned:
            messages.info(request, _("This unit has already signed this version."))
            return redirect("signing:board", cycle.pk)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request,
                _("The paper signing of %(unit)s was recorded.") % {"unit": data["unit"].name},
            )
            return redirect("signing:board", cycle.pk)
    return render(request, "signing/paper.html", {"cycle": cycle, "version": version, "form": form})


def _covenant(request: AuthenticatedRequest, cycle_pk: int) -> tuple[Cycle, layout.Document]:
    cycle = access.get_cycle(request.user, cycle_pk)
    version = selectors.covenant_status(cycle).version  # in force, else being signed
    if version is None:
        raise Http404
    return cycle, documents.covenant_document(cycle, version)


@login_required
def covenant_docx(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    try:
        cycle, doc = _covenant(request, cycle_pk)
    except issuing.UndatedDocument as error:
        return issuing.undated_response(request, error)
    return download(docx.render(doc), f"giao-uoc-{cycle.year}-{cycle.pk}.docx")


@login_required
def covenant_pdf(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    try:
        cycle, doc = _covenant(request, cycle_pk)
    except issuing.UndatedDocument as error:
        return issuing.undated_response(request, error)
    content = reports.issue_pdf(
        doc,
        seal=sealing.block_key(cycle.block),
        reference=f"covenant:{cycle.pk}",
        actor=request.user,
        block=cycle.block_id,
    )
    return download(content, f"giao-uoc-{cycle.year}-{cycle.pk}.pdf")


@login_required
def scan(request: AuthenticatedRequest, pk: int) -> FileResponse:
    signature = access.get_signature(request.user, pk)
    if not signature.evidence:
        raise Http404
    return download_file(signature.evidence.open("rb"), None, inline=True)


def verify_lookup(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("verify:detail", form.cleaned_data["sha256"].strip().lower())
    context = {"form": form, "file_form": VerifyFileForm(), "searched": False}
    return render(request, "signing/verify.html", context)


@require_POST
def verify_file(request: HttpRequest) -> HttpResponse:
    """Anyone uploads a PDF: was this exact file issued by the product, who signed it, when,
    and was it changed after signing. Nothing is stored."""
    file_form = VerifyFileForm(request.POST, request.FILES)
    checked = None
    if file_form.is_valid():
        try:
            data = signed_uploads.read_pdf(file_form.cleaned_data["document"], field="document")
            checked = validation_report.build(data)
        except pdfcheck.Unreadable as error:
            add_domain_error(file_form, signed_uploads.unreadable(error, field="document"))
        except DomainError as err:
            add_domain_error(file_form, err)
    context = {
        "form": VerifyForm(),
        "file_form": file_form if checked is None else VerifyFileForm(),
        "searched": False,
        "checked": checked,
        "file_name": getattr(request.FILES.get("document"), "name", ""),
    }
    return render(request, "signing/verify.html", context, status=200 if checked else 422)


def verify_detail(request: HttpRequest, sha256: str) -> HttpResponse:
    result = selectors.verify(sha256)
    form = VerifyForm(initial={"sha256": sha256})
    issued = selectors.issued_pdf(sha256)
    report = None
    if issued is not None:
        try:
            report = validation_report.build(bytes(issued.content))
        except pdfcheck.Unreadable:
            report = None
    context = {
        "report": report,
        "form": form,
        "file_form": VerifyFileForm(),
        "searched": True,
        "sha256": sha256,
        "result": result,
        "issued": issued,
    }
    return render(request, "signing/verify.html", context, status=200)


def verify_report(request: HttpRequest, sha256: str, fmt: str) -> HttpResponse:
    """The validation report of a file the product issued, as text or JSON (public, like the
    page: it says only what the file itself shows and what the registry knows of it)."""
    issued = selectors.issued_pdf(sha256) if fmt in ("txt", "json") else None
    if issued is None:
        raise Http404
    try:
        report = validation_report.build(bytes(issued.content))
    except pdfcheck.Unreadable:
        raise Http404 from None
    if fmt == "json":
        body = json.dumps(report.as_dict(), ensure_ascii=False, indent=2)
        return HttpResponse(body, content_type="application/json; charset=utf-8")
    return HttpResponse(validation_report.as_text(report), content_type="text/plain; charset=utf-8")
