"""Every write of the signing work: freezing the covenant, online and paper signatures.

Each service runs in one transaction, checks who acts and the state it changes, records an audit
event and notifies people once the transaction commits. Signing locks the version row so that
two clicks at the same moment give one signature; the unique constraint is the last guard.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.models import Role, User
from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.cycles.access import UNIT_ROLES
from thidua.cycles.models import Cycle, Phase
from thidua.drafting import checks as drafting_checks
from thidua.drafting import services as drafting
from thidua.drafting.hashing import hash_of
from thidua.drafting.models import DocumentVersion
from thidua.notifications.services import notify
from thidua.orgs.models import Organisation
from thidua.signing import access, selectors
from thidua.signing.models import Signature, SignatureMethod
from thidua.signing.uploads import scan_extension


class AlreadySigned(DomainError):
    """The unit has already signed this version: the existing signature is in `signature`."""

    def __init__(self, signature: Signature) -> None:
        super().__init__(_("Your unit has already signed this version."))
        self.signature = signature


def _require_signing_phase(cycle: Cycle, version: DocumentVersion | None = None) -> None:
    """The covenant is frozen and signed in the signing phase. An amendment (a version after one
    every member unit has signed) may also be frozen and signed while the cycle is in progress:
    the covenant in force keeps applying meanwhile."""
    if cycle.phase == Phase.SIGNING:
        return
    if cycle.phase == Phase.IN_PROGRESS and version is not None:
        in_force = selectors.in_force_version(cycle)
        if in_force is not None and in_force.number < version.number:
            return
    raise DomainError(_("The covenant is signed only while the cycle is in the signing phase."))


def _board_url(cycle: Cycle) -> str:
    return reverse("signing:board", args=[cycle.pk])


def _member_people(cycle: Cycle, *, leaders_only: bool = False) -> list[User]:
    units = [u.pk for u in selectors.member_units(cycle)]
    roles = [Role.LEADER] if leaders_only else list(UNIT_ROLES)
    return list(
        User.objects.filter(organisation_id__in=units, role__in=roles, is_active=True).order_by(
            "pk"
        )
    )


def _summary(signature: Signature) -> dict[str, Any]:
    return {
        "version": signature.version_id,
        "unit": signature.unit_id,
        "unit_name": signature.unit_name,
        "signer_name": signature.signer_name,
        "signer_position": signature.signer_position,
        "method": signature.method,
        "signed_at": signature.signed_at.isoformat(),
        "ip_address": signature.ip_address,
        "version_sha256": signature.version_sha256,
        "evidence": signature.evidence.name if signature.evidence else "",
    }


@transaction.atomic
def freeze_for_signing(
    *,
    actor: User,
    cycle: Cycle,
    frozen_at: dt.datetime | None = None,
    acknowledge: bool = False,
    reason: str = "",
) -> DocumentVersion:
    """Freeze the covenant's latest version and ask every member unit's leader to sign it.
    Freezing closes the comment window still open on it; that and unanswered comments are
    warnings (drafting/checks.py `freeze_checklist`) the head goes on from only with
    `acknowledge` and a `reason`. `frozen_at` is only for recording a past freeze (the demo)."""
    if not access.can_manage(actor, cycle):
        raise DomainError(_("Only the head unit or the Board may freeze the covenant."))
    version = selectors.latest_covenant_version(cycle)
    _require_signing_phase(cycle, version)
    if version is None:
        raise DomainError(_("This cycle has no covenant to sign yet."))
    if hash_of(version) != version.sha256:
        raise DomainError(_("The text of this version does not match its fingerprint."))
    if version.frozen_at is None:
        acknowledged = drafting_checks.freeze_checklist(version).enforce(
            acknowledge=acknowledge, reason=reason
        )
        if acknowledged:
            audit.record(
                actor=actor,
                action="signing.version.freeze_warnings",
                obj=version,
                after=acknowledged,
            )
        version = drafting.freeze_version(actor=actor, version=version)
        if frozen_at is not None:
            # Recording a past freeze (the demo): the date of the conference, not today.
            DocumentVersion.objects.filter(pk=version.pk).update(frozen_at=frozen_at)
            audit.record(
                actor=actor,
                action="signing.version.freeze_date",
                obj=version,
                before={"frozen_at": version.frozen_at.isoformat() if version.frozen_at else ""},
                after={"frozen_at": frozen_at.isoformat()},
            )
            version.frozen_at = frozen_at
    subject = _("Signature requested: %(title)s, version %(number)s") % {
        "title": version.title,
        "number": version.number,
    }
    notify(
        recipients=_member_people(cycle, leaders_only=True),
        kind="signature_requested",
        subject=subject,
        body=_("Please sign the covenant for your unit in the product. SHA-256: %(sha)s")
        % {"sha": version.sha256},
        url=reverse("signing:sign", args=[cycle.pk]),
        dedupe_key=f"signing.requested.{version.pk}",
    )
    return version


@transaction.atomic
def unfreeze_for_signing(*, actor: User, version: DocumentVersion) -> DocumentVersion:
    """Lift the freeze of a version nobody has signed; a signed version stays frozen forever."""
    cycle = version.document.cycle
    if not access.can_manage(actor, cycle):
        raise DomainError(_("Only the head unit or the Board may change the covenant."))
    version = DocumentVersion.objects.select_for_update().get(pk=version.pk)
    if Signature.objects.filter(version=version).exists():
        raise DomainError(_("This version has been signed; it can no longer change."))
    return drafting.unfreeze_version(actor=actor, version=version)


def _open_version(cycle: Cycle, version: DocumentVersion) -> DocumentVersion:
    """Lock the version and check it is the one open for signatures, with its text unchanged."""
    _require_signing_phase(cycle, version)
    locked = DocumentVersion.objects.select_for_update().get(pk=version.pk)
    current = selectors.signing_version(cycle)
    if current is None or current.pk != locked.pk:
        raise DomainError(_("This version has been superseded; sign the current version."))
    if hash_of(locked) != locked.sha256:
        raise DomainError(
            _("The text of this version changed after it was frozen; nothing was signed.")
        )
    return locked


def _create(cycle: Cycle, actor: User, **values: Any) -> Signature:
    existing = Signature.objects.filter(version=values["version"], unit=values["unit"]).first()
    if existing is not None:
        raise AlreadySigned(existing)
    try:
        with transaction.atomic():
            signature = Signature.objects.create(**values)
    except IntegrityError:
        existing = Signature.objects.get(version=values["version"], unit=values["unit"])
        raise AlreadySigned(existing) from None
    audit.record(
        actor=actor, action="signing.signature.add", obj=signature, after=_summary(signature)
    )
    _announce_if_in_force(actor, cycle, signature.version)
    return signature


def _announce_if_in_force(actor: User, cycle: Cycle, version: DocumentVersion) -> None:
    status = selectors.covenant_status(cycle)
    if not status.in_force or status.version is None or status.version.pk != version.pk:
        return
    audit.record(
        actor=actor,
        action="signing.covenant.in_force",
        obj=version,
        after={"version": version.pk, "sha256": version.sha256, "units": status.total},
    )
    notify(
        recipients=_member_people(cycle),
        kind="covenant_in_force",
        subject=_("The covenant of %(block)s for %(year)s is in force")
        % {
            "block": cycle.block.name,
            "year": cycle.year,
        },
        body=_("Every member unit has signed version %(number)s. SHA-256: %(sha)s")
        % {"number": version.number, "sha": version.sha256},
        url=_board_url(cycle),
        dedupe_key=f"signing.in_force.{version.pk}",
    )


@transaction.atomic
def sign_online(
    *,
    actor: User,
    cycle: Cycle,
    version: DocumentVersion,
    position: str = "",
    ip_address: str | None = None,
    signed_at: dt.datetime | None = None,
) -> Signature:
    """The unit's leader signs the exact version in the product (after re-authentication, which
    the view checks). `signed_at` is only for recording a past signing (the demo)."""
    unit = access.signing_unit(actor, cycle)
    if unit is None:
        raise DomainError(_("Only the leader of a member unit may sign for it."))
    locked = _open_version(cycle, version)
    return _create(
        cycle,
        actor,
        version=locked,
        unit=unit,
        unit_name=unit.name,
        signer=actor,
        signer_name=actor.full_name,
        signer_position=(position or actor.position).strip(),
        method=SignatureMethod.ONLINE,
        signed_at=signed_at or timezone.now(),
        ip_address=ip_address or None,
        version_sha256=hash_of(locked),
        recorded_by=actor,
    )


@transaction.atomic
def record_paper_signing(
    *,
    actor: User,
    cycle: Cycle,
    version: DocumentVersion,
    unit: Organisation,
    signer_name: str,
    signer_position: str,
    signed_on: dt.date,
    scan: UploadedFile,
    signed_at: dt.datetime | None = None,
) -> Signature:
    """The head (or the Board) records that a unit signed the printed version on paper."""
    if not access.can_manage(actor, cycle):
        raise DomainError(_("Only the head unit or the Board may record a paper signing."))
    if unit.pk not in {u.pk for u in selectors.member_units(cycle)}:
        raise DomainError(_("This unit is not a member of the block this year."), field="unit")
    if not signer_name.strip():
        raise DomainError(_("Enter the signer's name."), field="signer_name")
    if signed_on > timezone.localdate():
        raise DomainError(_("The signing date cannot be in the future."), field="signed_on")
    ext = scan_extension(scan)
    locked = _open_version(cycle, version)
    when = signed_at or timezone.make_aware(dt.datetime.combine(signed_on, dt.time(12, 0)))
    scan.name = f"covenant-{locked.pk}-unit-{unit.pk}{ext}"
    return _create(
        cycle,
        actor,
        version=locked,
        unit=unit,
        unit_name=unit.name,
        signer=None,
        signer_name=signer_name.strip(),
        signer_position=signer_position.strip(),
        method=SignatureMethod.PAPER,
        signed_at=when,
        ip_address=None,
        version_sha256=hash_of(locked),
        evidence=scan,
        recorded_by=actor,
    )
