"""Writes to people's accounts."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.accounts.models import Role, User
from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.lib.text import nfc, search_keys
from thidua.orgs.models import Organisation


def _refresh_keys(user: User) -> None:
    org_name = user.organisation.name if user.organisation_id and user.organisation else ""
    user.search_exact, user.search_folded = search_keys(
        user.full_name, user.username, user.email, user.position, org_name)


def _validate(*, username: str, email: str, full_name: str, role: str,
              organisation: Organisation | None, exclude_pk: int | None = None) -> None:
    if not username:
        raise DomainError(_("Choose a username."), field="username")
    if not full_name:
        raise DomainError(_("Give the person's full name."), field="full_name")
    if role not in Role.values:
        raise DomainError(_("Choose a valid role."), field="role")
    if role != Role.BOARD_OFFICER and organisation is None:
        raise DomainError(_("A unit representative or leader must belong to an organisation."),
                          field="organisation")
    others = User.objects.exclude(pk=exclude_pk) if exclude_pk else User.objects.all()
    if others.filter(username__iexact=username).exists():
        raise DomainError(_("This username is already taken."), field="username")
    if email and others.filter(email__iexact=email).exists():
        raise DomainError(_("Another person already uses this e-mail address."), field="email")


@transaction.atomic
def create_person(
    *, actor: Any, username: str, full_name: str, role: str, email: str = "",
    organisation: Organisation | None = None, position: str = "", phone: str = "",
    password: str | None = None,
) -> User:
    """A new account. Without a password, the person sets one from the e-mailed link."""
    username, email, full_name = username.strip(), email.strip().lower(), nfc(full_name)
    if role == Role.BOARD_OFFICER:
        organisation = None
    _validate(username=username, email=email, full_name=full_name, role=role,
              organisation=organisation)
    user = User(username=username, email=email, full_name=full_name, role=role,
                organisation=organisation, position=nfc(position), phone=phone.strip())
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    _refresh_keys(user)
    user.save()
    audit.record(actor=actor, action="person.create", obj=user, after=_summary(user))
    return user


@transaction.atomic
def update_person(
    *, actor: Any, user: User, full_name: str, role: str, email: str,
    organisation: Organisation | None, position: str, phone: str, is_active: bool,
) -> User:
    before = _summary(user)
    email, full_name = email.strip().lower(), nfc(full_name)
    if role == Role.BOARD_OFFICER:
        organisation = None
    _validate(username=user.username, email=email, full_name=full_name, role=role,
              organisation=organisation, exclude_pk=user.pk)
    if user.pk == getattr(actor, "pk", None) and not is_active:
        raise DomainError(_("You cannot deactivate your own account."), field="is_active")
    user.full_name, user.role, user.email = full_name, role, email
    user.organisation, user.position, user.phone = organisation, nfc(position), phone.strip()
    user.is_active = is_active
    _refresh_keys(user)
    user.save()
    audit.record(actor=actor, action="person.update", obj=user, before=before,
                 after=_summary(user))
    return user


def _summary(user: User) -> dict[str, Any]:
    return {
        "username": user.username, "full_name": user.full_name, "email": user.email,
        "role": user.role, "organisation": str(user.organisation) if user.organisation else "",
        "position": user.position, "active": user.is_active,
    }
