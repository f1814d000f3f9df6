"""Writes to people's accounts: profiles, sign-in records, passwords and two-factor devices."""

from __future__ import annotations

import re
import time
from binascii import unhexlify
from typing import Any

import axes.utils
import django_otp
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from thidua.accounts import access, emails
from thidua.accounts.models import Role, User
from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.core.types import Actor
from thidua.lib.text import nfc, search_keys
from thidua.orgs.models import Organisation

DEVICE_NAME = "TOTP"


def _refresh_keys(user: User) -> None:
    org_name = user.organisation.name if user.organisation_id and user.organisation else ""
    user.search_exact, user.search_folded = search_keys(
        user.full_name, user.username, user.email, user.position, org_name
    )


def _validate(
    *,
    username: str,
    email: str,
    full_name: str,
    role: str,
    organisation: Organisation | None,
    exclude_pk: int | None = None,
) -> None:
    if not username:
        raise DomainError(_("Choose a username."), field="username")
    if not full_name:
        raise DomainError(_("Give the person's full name."), field="full_name")
    if role not in Role.values:
        raise DomainError(_("Choose a valid role."), field="role")
    if role != Role.BOARD_OFFICER and organisation is None:
        raise DomainError(
            _("A unit representative or leader must belong to an organisation."),
            field="organisation",
        )
    others = User.objects.exclude(pk=exclude_pk) if exclude_pk else User.objects.all()
    if others.filter(username__iexact=username).exists():
        raise DomainError(_("This username is already taken."), field="username")
    if email and others.filter(email__iexact=email).exists():
        raise DomainError(_("Another person already uses this e-mail address."), field="email")


@transaction.atomic
def create_person(
    *,
    actor: Actor,
    username: str,
    full_name: str,
    role: str,
    email: str = "",
    organisation: Organisation | None = None,
    position: str = "",
    phone: str = "",
    password: str | None = None,
) -> User:
    """A new account. Without a password, the person sets one from the e-mailed link."""
    username, email, full_name = username.strip(), email.strip().lower(), nfc(full_name)
    if role == Role.BOARD_OFFICER:
        organisation = None
    _validate(
        username=username, email=email, full_name=full_name, role=role, organisation=organisation
    )
    user = User(
        username=username,
        email=email,
        full_name=full_name,
        role=role,
        organisation=organisation,
        position=nfc(position),
        phone=phone.strip(),
    )
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
    *,
    actor: Actor,
    user: User,
    full_name: str,
    role: str,
    email: str,
    organisation: Organisation | None,
    position: str,
    phone: str,
    is_active: bool,
) -> User:
    before = _summary(user)
    email, full_name = email.strip().lower(), nfc(full_name)
    if role == Role.BOARD_OFFICER:
        organisation = None
    _validate(
        username=user.username,
        email=email,
        full_name=full_name,
        role=role,
        organisation=organisation,
        exclude_pk=user.pk,
    )
    if user.pk == getattr(actor, "pk", None) and not is_active:
        raise DomainError(_("You cannot deactivate your own account."), field="is_active")
    user.full_name, user.role, user.email = full_name, role, email
    user.organisation, user.position, user.phone = organisation, nfc(position), phone.strip()
    user.is_active = is_active
    _refresh_keys(user)
    user.save()
    audit.record(actor=actor, action="person.update", obj=user, before=before, after=_summary(user))
    return user


def _summary(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "role": user.role,
        "organisation": str(user.organisation) if user.organisation else "",
        "position": user.position,
        "active": user.is_active,
    }


# --- sign-in and sign-out ----------------------------------------------------------------------


@transaction.atomic
def record_sign_in(*, user: User, method: str = "password") -> None:
    """Audit a successful sign-in (the view has already called django.contrib.auth.login)."""
    audit.record(actor=user, action="auth.login", obj=user, after={"method": method})


@transaction.atomic
def record_sign_out(*, user: User) -> None:
    audit.record(actor=user, action="auth.logout", obj=user)


@transaction.atomic
def record_reauth(*, user: User, method: str) -> None:
    """Audit a re-authentication (password or TOTP) before a sensitive action."""
    audit.record(actor=user, action="auth.reauth", obj=user, after={"method": method})


# --- passwords -----------------------------------------------------------------------------------


@transaction.atomic
def change_password(*, user: User, password: str) -> User:
    """The person changes their own password (after giving the current one)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(actor=user, action="auth.password_change", obj=user)
    return user


@transaction.atomic
def reset_password(*, user: User, password: str) -> User:
    """A password set from an e-mailed link: a reset, or the first password of a new account."""
    first = not user.has_usable_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(actor=user, action="auth.password_reset", obj=user, after={"first": first})
    # Whoever holds the mailbox may sign in again at once: the link proved it.
    transaction.on_commit(lambda: axes.utils.reset(username=user.get_username()))
    return user


def password_link(*, user: User, request: HttpRequest) -> str:
    """An absolute one-time link to choose a password (Django's reset token machinery)."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return request.build_absolute_uri(path)


@transaction.atomic
def send_set_password_email(*, user: User, request: HttpRequest) -> None:
    """E-mail a new account a one-time link to set the first password.

    The link is a password-reset link: it stops working once used, when the password changes,
    or after settings.PASSWORD_RESET_TIMEOUT.
    """
    if not user.email:
        raise DomainError(_("This person has no e-mail address."), field="email")
    context = {"user": user, "link": password_link(user=user, request=request)}
    audit.record(
        actor=request.user, action="auth.password_link_send", obj=user, after={"email": user.email}
    )
    transaction.on_commit(
        lambda: emails.send_bilingual(
            subject_template="accounts/email/set_password_subject.txt",
            body_template="accounts/email/set_password_body.txt",
            context=context,
            to=user.email,
        )
    )


# --- two-factor (TOTP) ---------------------------------------------------------------------------


def new_totp_key() -> str:
    """A fresh secret (hex) for a device being set up; kept in the session until confirmed."""
    return default_key()


def normalise_code(code: str) -> str:
    """Apps show codes as "123 456": spaces and dashes are dropped."""
    return re.sub(r"[\s-]", "", code or "")


def confirmed_devices(user: User) -> list[TOTPDevice]:
    return list(TOTPDevice.objects.devices_for_user(user, confirmed=True))


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


@transaction.atomic
def enable_two_factor(*, user: User, key: str, code: str) -> TOTPDevice:
    """Confirm a new authenticator with a code it shows; it replaces any earlier device."""
    code = normalise_code(code)
    totp = TOTP(unhexlify(key.encode()), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    if not (code.isascii() and code.isdigit() and totp.verify(int(code), tolerance=1)):
        raise DomainError(
            _(
                "This code does not match. Check the time on your phone and enter the code "
                "your app shows now."
            ),
            field="code",
        )
    replaced = TOTPDevice.objects.filter(user=user).count()
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user,
        name=DEVICE_NAME,
        key=key,
        confirmed=True,
        last_t=totp.t(),
        drift=totp.drift,
        last_used_at=timezone.now(),
    )
    audit.record(
        actor=user,
        action="auth.two_factor_enable",
        obj=user,
        before={"devices": replaced},
        after={"devices": 1},
    )
    return device


@transaction.atomic
def disable_two_factor(*, actor: User, user: User) -> None:
    """Remove a person's authenticator. People for whom the policy requires it cannot remove
    their own; a Board officer may remove it for them (a lost phone), and they set up anew."""
    if actor.pk == user.pk and access.two_factor_required(user):
        raise DomainError(
            _(
                "Two-factor authentication is required for your role: it cannot be turned off. "
                "To move it to a new phone, set it up again."
            ),
        )
    count = TOTPDevice.objects.filter(user=user).count()
    if count == 0:
        raise DomainError(_("Two-factor authentication is not turned on."))
    TOTPDevice.objects.filter(user=user).delete()
    audit.record(
        actor=actor,
        action="auth.two_factor_disable",
        obj=user,
        before={"devices": count},
        after={"devices": 0},
    )


def check_two_factor_code(*, user: User, code: str) -> TOTPDevice | None:
    """The device that accepts this code, or None. Wrong codes slow further tries down
    (django-otp's throttling); while throttled, a DomainError says to wait."""
    code = normalise_code(code)
    devices = confirmed_devices(user)
    if devices and not any(device.verify_is_allowed()[0] for device in devices):
        raise DomainError(
            _("Too many wrong codes. Wait a minute, then enter the newest code."), field="code"
        )
    if not (code.isascii() and code.isdigit()):
        return None
    for device in devices:
        verified = django_otp.verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    return None


@transaction.atomic
def record_two_factor_verified(*, user: User) -> None:
    audit.record(actor=user, action="auth.two_factor_verify", obj=user)
