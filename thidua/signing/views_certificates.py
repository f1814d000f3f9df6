"""The Board's pages for a person's signing certificates (chứng thư số): register one, confirm
one matched by its name, withdraw a registration. Access → form → service → redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.http import AuthenticatedRequest
from thidua.accounts.models import User
from thidua.core.errors import DomainError
from thidua.core.forms import add_domain_error, posted, posted_files
from thidua.signing import access, certificates
from thidua.signing.forms import CertificateForm


def section(person: User, form: CertificateForm | None = None) -> dict[str, Any]:
    """What the "Chứng thư số" section of a person's page shows."""
    return {
        "person": person,
        "certificates": list(certificates.of_person(person)),
        "form": form or CertificateForm(),
    }


@login_required
def person(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    access.require_certificates(request.user)
    holder = get_object_or_404(User.objects.select_related("organisation"), pk=pk)
    form = CertificateForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["certificate"]
        try:
            if upload.size is None or upload.size > certificates.MAX_SIZE:
                raise DomainError(_("The certificate must be at most 100 KB."), field="certificate")
            cert = certificates.register(actor=request.user, person=holder, data=upload.read())
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request,
                _("The certificate %(subject)s is registered on the profile of %(name)s.")
                % {"subject": cert.subject, "name": holder},
            )
            return redirect("orgs:person_edit", holder.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "signing/certificates.html", {"section": section(holder, form)}, status=status
    )


@require_POST
@login_required
def confirm(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cert = access.get_certificate(request.user, pk)
    try:
        certificates.confirm(actor=request.user, cert=cert)
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(
            request,
            _("You confirmed that the certificate %(subject)s belongs to %(name)s.")
            % {"subject": cert.subject, "name": cert.person},
        )
    return redirect("orgs:person_edit", cert.person_id)


@login_required
def revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A page that says what withdrawing means, then the withdrawal itself (POST)."""
    cert = access.get_certificate(request.user, pk)
    if request.method == "POST":
        try:
            certificates.revoke(actor=request.user, cert=cert)
        except DomainError as err:
            messages.error(request, err.message)
        else:
            messages.success(
                request,
                _(
                    "The registration of %(subject)s was withdrawn: files signed with it are "
                    "refused from now on."
                )
                % {"subject": cert.subject},
            )
        return redirect("orgs:person_edit", cert.person_id)
    context = {"cert": cert, "recorded": certificates.signatures_made_with(cert)}
    return render(request, "signing/certificate_revoke.html", context)
