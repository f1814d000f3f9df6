"""The remote signing pages (ký số từ xa): start a request from the sign page, follow it on its
own page (it polls itself while the signer has not answered), and the built-in TEST provider's
approval page that stands for the CA's phone app."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.http import AuthenticatedRequest
from thidua.accounts.models import User
from thidua.core.errors import DomainError
from thidua.drafting.models import DocumentVersion
from thidua.orgs.models import Organisation
from thidua.signing import access, remote, remote_test, selectors, services
from thidua.signing.models import RemoteSignRequest, RemoteState, TestProviderAnswer


@require_POST
@login_required
def remote_start(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle, _unit = access.get_cycle_to_sign(request.user, cycle_pk)
    version = selectors.signing_version(cycle)
    if version is None:
        raise Http404
    try:
        sign_request = remote.start(actor=request.user, cycle=cycle, version=version)
    except services.AlreadySigned:
        messages.info(request, _("Your unit has already signed this version."))
        return redirect("signing:board", cycle.pk)
    except DomainError as err:
        messages.error(request, err.message)
        return redirect("signing:sign", cycle.pk)
    return redirect("signing:remote_status", cycle.pk, sign_request.pk)


@login_required
def remote_status(request: AuthenticatedRequest, cycle_pk: int, pk: int) -> HttpResponse:
    """Where a request stands; while it waits the page asks again every two seconds."""
    cycle, unit = access.get_cycle_to_sign(request.user, cycle_pk)
    sign_request = (
        RemoteSignRequest.objects.select_related("version__document", "unit")
        .filter(pk=pk, signer=request.user, version__document__cycle=cycle)
        .first()
    )
    if sign_request is None:
        raise Http404
    sign_request = remote.refresh(actor=request.user, request=sign_request)
    prov = remote.provider()
    context = {
        "cycle": cycle,
        "unit": unit,
        "req": sign_request,
        "provider_label": prov.label if prov is not None else sign_request.provider,
        "in_force": selectors.covenant_status(cycle).in_force,
    }
    template = "signing/remote_status.html#status" if request.htmx else "signing/remote_status.html"
    return render(request, template, context)


@login_required
def test_remote(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    """The TEST provider's approval page (standing for the CA's phone app): only the signer the
    request was sent to sees it and answers."""
    row = TestProviderAnswer.objects.filter(
        reference=reference, username=request.user.get_username()
    ).first()
    if row is None or not isinstance(remote.provider(), remote_test.TestProvider):
        raise Http404
    sign_request = RemoteSignRequest.objects.filter(reference=reference).first()
    if request.method == "POST":
        choice = request.POST.get("answer")
        if choice not in {"approve", "refuse"}:
            messages.error(request, _("Choose “Approve” or “Refuse”."))
        else:
            try:
                remote_test.answer(
                    actor=request.user, reference=reference, approve=choice == "approve"
                )
            except remote.ProviderError as error:
                messages.error(request, str(error))
            if sign_request is not None:
                return redirect(
                    "signing:remote_status",
                    sign_request.version.document.cycle_id,
                    sign_request.pk,
                )
            return redirect("signing:test_remote", reference)
    return render(request, "signing/test_remote.html", {"row": row, "req": sign_request})


def sign_page_context(user: User, version: DocumentVersion, unit: Organisation) -> dict[str, Any]:
    """The sign page's remote signing part: the provider's name (none: not offered) and the
    leader's request still waiting, if any."""
    prov = remote.provider()
    if prov is None:
        return {"remote_label": ""}
    waiting = (
        RemoteSignRequest.objects.filter(
            version=version,
            unit=unit,
            signer=user,
            state=RemoteState.WAITING,
            expires_at__gt=timezone.now(),
        )
        .order_by("-pk")
        .first()
    )
    return {"remote_label": prov.label, "remote_waiting": waiting}
