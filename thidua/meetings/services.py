"""Every write about meetings and registrations: one transaction, an audit event, and the
notifications once the transaction commits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts.models import Role, User
from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.core.types import Actor
from thidua.cycles.models import AwardType, Cycle, Phase
from thidua.drafting.models import DocumentVersion
from thidua.meetings.models import Attendance, Meeting, Registration, RegistrationClosure, Speaker
from thidua.notifications.services import notify
from thidua.orgs.models import Membership, Organisation

MEETING_FIELDS = (
    "kind",
    "date",
    "start_time",
    "end_time",
    "place",
    "chair_name",
    "chair_position",
    "chair_unit",
    "secretary_name",
    "secretary_position",
    "secretary_unit",
    "agenda",
    "guests",
    "discussion",
    "conclusions",
)
REGISTRATION_PHASES = (Phase.SIGNING, Phase.IN_PROGRESS)


def _json(value: Any) -> Any:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def _meeting_state(meeting: Meeting) -> dict[str, Any]:
    state = {name: _json(getattr(meeting, name)) for name in MEETING_FIELDS}
    state["documents"] = sorted(meeting.documents.values_list("pk", flat=True))
    return state


def _check_meeting(cycle: Cycle, values: dict[str, Any], documents: Sequence[DocumentVersion]):
    start, end = values.get("start_time"), values.get("end_time")
    if start and end and end <= start:
        raise DomainError(_("The meeting must end after it starts."), field="end_time")
    for version in documents:
        if version.document.cycle_id != cycle.pk:
            raise DomainError(_("Only this cycle's documents can be adopted."), field="documents")


def create_meeting(
    *,
    actor: User | None,
    cycle: Cycle,
    values: dict[str, Any],
    documents: Sequence[DocumentVersion] = (),
) -> Meeting:
    with transaction.atomic():
        _check_meeting(cycle, values, documents)
        meeting = Meeting.objects.create(
            cycle=cycle, created_by=actor if getattr(actor, "pk", None) else None, **values
        )
        meeting.documents.set(documents)
        audit.record(
            actor=actor, action="meeting.create", obj=meeting, after=_meeting_state(meeting)
        )
    return meeting


def update_meeting(
    *,
    actor: Actor,
    meeting: Meeting,
    values: dict[str, Any],
    documents: Sequence[DocumentVersion] = (),
) -> Meeting:
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _check_meeting(meeting.cycle, values, documents)
        before = _meeting_state(meeting)
        for name, value in values.items():
            setattr(meeting, name, value)
        meeting.save()
        meeting.documents.set(documents)
        audit.record(
            actor=actor,
            action="meeting.update",
            obj=meeting,
            before=before,
            after=_meeting_state(meeting),
        )
    return meeting


def member_ids(cycle: Cycle) -> set[int]:
    return set(
        Membership.objects.filter(block_id=cycle.block_id, year=cycle.year).values_list(
            "organisation_id", flat=True
        )
    )


def record_attendance(
    *, actor: Actor, meeting: Meeting, rows: Iterable[tuple[int, bool, str]]
) -> None:
    """`rows`: (organisation id, present, delegates' names) for member units of the cycle."""
    with transaction.atomic():
        members = member_ids(meeting.cycle)
        before = {a.organisation_id: [a.present, a.delegates] for a in meeting.attendance.all()}
        after: dict[int, list[Any]] = {}
        for org_id, present, delegates in rows:
            if org_id not in members:
                raise DomainError(_("Only member units of the block can attend."))
            delegates = delegates.strip()
            Attendance.objects.update_or_create(
                meeting=meeting,
                organisation_id=org_id,
                defaults={"present": present, "delegates": delegates},
            )
            after[org_id] = [present, delegates]
        audit.record(
            actor=actor,
            action="meeting.attendance",
            obj=meeting,
            before={str(k): v for k, v in before.items()},
            after={str(k): v for k, v in after.items()},
        )


def add_speaker(
    *, actor: Actor, meeting: Meeting, name: str, position: str, unit: str, summary: str
) -> Speaker:
    if not name.strip() or not summary.strip():
        raise DomainError(_("Give the speaker's name and what they said."))
    with transaction.atomic():
        last = meeting.speakers.order_by("-order").first()
        speaker = Speaker.objects.create(
            meeting=meeting,
            order=(last.order + 1) if last else 1,
            name=name.strip(),
            position=position.strip(),
            unit=unit.strip(),
            summary=summary.strip(),
        )
        audit.record(
            actor=actor,
            action="meeting.speaker.add",
            obj=meeting,
            after={"name": speaker.name, "unit": speaker.unit, "summary": speaker.summary},
        )
    return speaker


def remove_speaker(*, actor: Actor, meeting: Meeting, speaker_id: int) -> None:
    with transaction.atomic():
        speaker = meeting.speakers.filter(pk=speaker_id).first()
        if speaker is None:
            raise DomainError(_("This speaker is not on the record."))
        audit.record(
            actor=actor,
            action="meeting.speaker.remove",
            obj=meeting,
            before={"name": speaker.name, "unit": speaker.unit, "summary": speaker.summary},
        )
        speaker.delete()


# --- registration ---------------------------------------------------------------------------


def registration_is_closed(cycle: Cycle) -> bool:
    return RegistrationClosure.objects.filter(cycle=cycle).exists()


def registration_open(cycle: Cycle) -> bool:
    return cycle.phase in REGISTRATION_PHASES and not registration_is_closed(cycle)


def unit_people(org_id: int) -> list[User]:
    return list(
        User.objects.filter(
            organisation_id=org_id, is_active=True, role__in=[Role.REPRESENTATIVE, Role.LEADER]
        )
    )


def register(
    *,
    actor: User,
    cycle: Cycle,
    unit: Organisation,
    awards: Sequence[AwardType],
    commitments: Sequence[str],
) -> Registration:
    """Create or update the unit's registration while registration is open."""
    commitments = [c.strip() for c in commitments if c.strip()]
    with transaction.atomic():
        if cycle.phase not in REGISTRATION_PHASES:
            raise DomainError(
                _("Registration is open while the covenant is signed and the year is in progress.")
            )
        if registration_is_closed(cycle):
            raise DomainError(_("The head unit has closed registration."))
        if unit.pk not in member_ids(cycle) or actor.organisation_id != unit.pk:
            raise DomainError(_("A unit registers only for itself."))
        allowed = set(cycle.policy.quotas.values_list("award_type_id", flat=True))
        if any(a.pk not in allowed for a in awards):
            raise DomainError(_("Choose among the titles of the cycle's policy."), field="awards")
        if not awards and not commitments:
            raise DomainError(_("Choose at least one title or write a commitment."))
        registration = Registration.objects.filter(cycle=cycle, organisation=unit).first()
        before = None
        if registration is None:
            registration = Registration.objects.create(
                cycle=cycle, organisation=unit, commitments=commitments, registered_by=actor
            )
        else:
            before = {
                "awards": sorted(registration.awards.values_list("code", flat=True)),
                "commitments": registration.commitments,
            }
            registration.commitments = commitments
            registration.registered_by = actor
            registration.save()
        registration.awards.set(awards)
        audit.record(
            actor=actor,
            action="registration.update" if before else "registration.create",
            obj=registration,
            before=before,
            after={"awards": sorted(a.code for a in awards), "commitments": commitments},
        )
        notify(
            recipients=unit_people(cycle.head_unit_id),
            kind="registration.submitted",
            subject=_("%(unit)s registered for the %(year)s emulation")
            % {"unit": unit.name, "year": cycle.year},
            body=_("Titles aimed at: %(titles)s.")
            % {"titles": ", ".join(a.name for a in awards) or "—"},
            url=reverse("meetings:registration_list", args=[cycle.pk]),
        )
    return registration


def close_registration(*, actor: User, cycle: Cycle) -> RegistrationClosure:
    with transaction.atomic():
        if registration_is_closed(cycle):
            raise DomainError(_("Registration is already closed."))
        closure = RegistrationClosure.objects.create(cycle=cycle, closed_by=actor)
        audit.record(actor=actor, action="registration.close", obj=cycle)
    return closure


def reopen_registration(*, actor: Actor, cycle: Cycle) -> None:
    with transaction.atomic():
        deleted, _rows = RegistrationClosure.objects.filter(cycle=cycle).delete()
        if not deleted:
            raise DomainError(_("Registration is not closed."))
        audit.record(actor=actor, action="registration.reopen", obj=cycle)
