"""People pages (Board only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts import services as people_services
from thidua.accounts.http import AuthenticatedRequest
from thidua.accounts.models import Role, User
from thidua.core.errors import DomainError
from thidua.core.forms import add_domain_error, posted
from thidua.core.http import HtmxHttpRequest
from thidua.orgs import access, forms, selectors
from thidua.orgs.sections import person_parts
from thidua.orgs.views._common import PERSON_COLUMNS, _list_page, _render_list

# --- people ----------------------------------------------------------------------------------


@login_required
def person_list(request: AuthenticatedRequest) -> HttpResponse:
    access.require_board(request.user)
    query = selectors.ListQuery.from_query(request.GET, filters=["role", "organisation", "status"])
    sort, columns = selectors.sort_columns(query.sort, PERSON_COLUMNS, "full_name")
    page = _list_page(request, selectors.people(query, sort))
    return _render_list(
        request,
        "orgs/person_list.html",
        {
            "page": page,
            "query": query,
            "columns": columns,
            "roles": Role.choices,
            "organisations": selectors.current_organisations(),
            "statuses": [("all", _("All")), ("active", _("Active")), ("inactive", _("Inactive"))],
        },
    )


def _send_set_password(request: HtmxHttpRequest, person: User) -> None:
    send = getattr(people_services, "send_set_password_email", None)
    if not person.email:
        messages.warning(
            request,
            _("%(name)s has no e-mail address, so no link to set a password was sent.")
            % {"name": person},
        )
    elif send is not None:
        try:
            send(user=person, request=request)
        except DomainError as err:
            messages.warning(request, err.message)
        else:
            messages.info(
                request,
                _("A link to set a password was sent to %(email)s.") % {"email": person.email},
            )


@login_required
def person_create(request: AuthenticatedRequest) -> HttpResponse:
    access.require_board(request.user)
    form = forms.PersonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            person = people_services.create_person(actor=request.user, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("“%(name)s” added.") % {"name": person})
            _send_set_password(request, person)
            return redirect("orgs:person_list")
    return render(
        request,
        "orgs/form.html",
        {
            "form": form,
            "title": _("New person"),
            "parents": [(_("People"), reverse("orgs:person_list"))],
            "submit": _("Create"),
            "cancel": reverse("orgs:person_list"),
        },
    )


@login_required
def person_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    access.require_board(request.user)
    person = get_object_or_404(User.objects.select_related("organisation"), pk=pk)
    initial = {
        "full_name": person.full_name,
        "email": person.email,
        "role": person.role,
        "organisation": person.organisation,
        "position": person.position,
        "phone": person.phone,
        "is_active": person.is_active,
    }
    form = forms.PersonEditForm(posted(request), initial=initial, current=person.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            people_services.update_person(actor=request.user, user=person, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": person})
            return redirect("orgs:person_list")
    return render(
        request,
        "orgs/person_edit.html",
        {
            "form": form,
            "person": person,
            "has_two_factor": people_services.has_two_factor(person),
            "person_parts": person_parts(person),
            "title": _("Edit %(name)s (%(username)s)")
            % {"name": person, "username": person.username},
            "parents": [(_("People"), reverse("orgs:person_list"))],
            "submit": _("Save"),
            "cancel": reverse("orgs:person_list"),
        },
    )


@login_required
@require_POST
def person_reset_two_factor(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A lost phone: the Board removes the person's authenticator; they set up a new one."""
    access.require_board(request.user)
    person = get_object_or_404(User, pk=pk)
    try:
        people_services.disable_two_factor(actor=request.user, user=person)
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(
            request,
            _(
                "Two-factor authentication of %(name)s was removed; they set it up again at their "
                "next sign-in if their role requires it."
            )
            % {"name": person},
        )
    return redirect("orgs:person_edit", pk=person.pk)
