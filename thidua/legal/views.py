"""The Board's pages for legal bases and document forms: access → form → service → redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thidua.accounts.http import AuthenticatedRequest
from thidua.core.errors import DomainError
from thidua.core.forms import add_domain_error, posted
from thidua.legal import access, forms, selectors, services
from thidua.legal.models import Instrument


@login_required
def instrument_list(request: AuthenticatedRequest) -> HttpResponse:
    access.require_board(request.user)
    rows = [(i, selectors.citation(i)) for i in selectors.instruments()]
    context = {
        "rows": rows,
        "forms": selectors.document_forms(),
        "to_check": sum(1 for i, _c in rows if not i.verified),
    }
    return render(request, "legal/instrument_list.html", context)


def _form_page(
    request: AuthenticatedRequest, form: object, title: str, instrument: Instrument | None
) -> HttpResponse:
    context = {"form": form, "title": title, "instrument": instrument}
    return render(request, "legal/instrument_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def instrument_create(request: AuthenticatedRequest) -> HttpResponse:
    access.require_board(request.user)
    form = forms.InstrumentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.create_instrument(actor=request.user, values=form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The legal instrument is added."))
            return redirect("legal:instrument_list")
    return _form_page(request, form, _("Add a legal instrument"), None)


@login_required
@require_http_methods(["GET", "POST"])
def instrument_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    instrument = access.get_instrument_for(request.user, pk)
    initial = {f: getattr(instrument, f) for f in services.FIELDS}
    form = forms.InstrumentForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_instrument(
                actor=request.user, instrument=instrument, values=form.cleaned_data
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The legal instrument is saved."))
            return redirect("legal:instrument_list")
    title = _("Edit “%(name)s”") % {"name": instrument}
    return _form_page(request, form, title, instrument)


@login_required
@require_http_methods(["GET", "POST"])
def instrument_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    instrument = access.get_instrument_for(request.user, pk)
    form = forms.EndForm(posted(request), initial={"valid_to": instrument.valid_to})
    if request.method == "POST" and form.is_valid():
        try:
            services.end_instrument(actor=request.user, instrument=instrument, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request, _("The end of “%(name)s” is recorded.") % {"name": instrument}
            )
            return redirect("legal:instrument_list")
    return render(request, "legal/instrument_end.html", {"form": form, "instrument": instrument})


@login_required
@require_http_methods(["GET", "POST"])
def form_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document_form = access.get_form_for(request.user, pk)
    initial = {
        "reference": document_form.reference,
        "verified": document_form.verified,
        "note": document_form.note,
        **{f"text_{k}": v for k, v in (document_form.texts or {}).items()},
    }
    form = forms.DocumentFormForm(posted(request), initial=initial, kind=document_form.kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_form(
                actor=request.user,
                form=document_form,
                reference=form.cleaned_data["reference"],
                texts=form.texts(),
                verified=form.cleaned_data["verified"],
                note=form.cleaned_data["note"],
            )
        except DomainError as err:
            # A piece of wording is field "text_<key>" on the page.
            if err.field and f"text_{err.field}" in form.fields:
                err.field = f"text_{err.field}"
            add_domain_error(form, err)
        else:
            messages.success(request, _("The form's wording is saved."))
            return redirect("legal:instrument_list")
    context = {"form": form, "document_form": document_form}
    return render(request, "legal/form_edit.html", context)
