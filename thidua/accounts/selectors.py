"""Reads for the account pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts import access
from thidua.accounts.models import User
from thidua.core.models import AuditEvent
from thidua.cycles.models import Cycle


@dataclass(frozen=True)
class TwoFactorStatus:
    enabled: bool
    required: bool
    device: TOTPDevice | None
    headed_cycles: list[Cycle]
    reasons: list[str]

    @property
    def can_disable(self) -> bool:
        return self.enabled and not self.required


def two_factor_status(user: User) -> TwoFactorStatus:
    # The device this session was verified with (django_otp's middleware loaded it) is the
    # person's authenticator: setting one up replaces any earlier one (services).
    device = getattr(user, "otp_device", None)
    if not (isinstance(device, TOTPDevice) and device.confirmed and device.user_id == user.pk):
        device = (
            TOTPDevice.objects.devices_for_user(user, confirmed=True)
            .order_by("-created_at")
            .first()
        )
    cycles = list(access.headed_cycles(user))
    return TwoFactorStatus(
        enabled=device is not None,
        required=access.two_factor_required(user, cycles),
        device=device,
        headed_cycles=cycles,
        reasons=access.two_factor_reasons(user, cycles),
    )


def previous_sign_in(user: User) -> dt.datetime | None:
    """The sign-in before the current one, from the audit log."""
    times = list(
        AuditEvent.objects.filter(actor_id=user.pk, action="auth.login")
        .order_by("-created_at", "-id")
        .values_list("created_at", flat=True)[:2]
    )
    return times[1] if len(times) > 1 else None


def profile(user: User) -> dict[str, Any]:
    return {
        "person": user,
        "status": two_factor_status(user),
        "previous_sign_in": previous_sign_in(user),
    }
