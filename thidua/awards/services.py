"""Every write of the proposal workflow: build the dossier, write the achievement reports, submit,
return or accept it (the Board), and record the decision that creates the awards.

States: draft → submitted → returned (reason) → submitted … → accepted → decided.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua.accounts.models import Role, User
from thidua.awards import selectors
from thidua.awards.access import EDITABLE
from thidua.awards.models import Award, Decision, Nominee, Proposal, ProposalEvent, ProposalStatus
from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.cycles.access import UNIT_ROLES
from thidua.cycles.models import AwardType, Cycle, Phase
from thidua.lib.files import DOCX, PDF, sniff
from thidua.notifications.services import notify
from thidua.orgs.models import Organisation

#: The cycle phases in which the head builds, edits and submits the dossier.
DOSSIER_PHASES = (Phase.EVALUATION, Phase.PROPOSED)
#: Sections of the achievement report (Form 02), in order.
REPORT_SECTIONS = ("situation", "achievements", "movement", "awards", "proposal")
MAX_REPORT_BYTES = 10 * 1024 * 1024
REPORT_TYPES = {".pdf": PDF, ".docx": DOCX}


def _lock(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update()
        .select_related("cycle", "award_type")
        .get(pk=proposal.pk)
    )


def _require_dossier_phase(cycle: Cycle) -> None:
    if cycle.phase not in DOSSIER_PHASES:
        raise DomainError(
            _(
                "The dossier is prepared in the phases “Evaluation” and “Proposed”; "
                "the cycle is in phase “%(phase)s”."
            )
            % {"phase": cycle.get_phase_display()}
        )


def _require_editable(proposal: Proposal) -> None:
    if proposal.status not in EDITABLE:
        raise DomainError(
            _("The dossier is “%(status)s”: it can no longer be changed.")
            % {"status": proposal.get_status_display()}
        )


def _block_short(name: str) -> str:
    """ "Khối thi đua 8" → "KTĐ8"."""
    return "".join(w if w.isdigit() else w[0].upper() for w in name.split())


def _state(proposal: Proposal) -> dict[str, Any]:
    return {
        "status": proposal.status,
        "number": proposal.number,
        "date": proposal.date,
        "signer": proposal.signer_name,
        "nominees": list(proposal.nominees.values_list("organisation_id", flat=True)),
    }


def _people_of(org_ids: Sequence[int]) -> list[User]:
    return list(
        User.objects.filter(organisation_id__in=org_ids, role__in=UNIT_ROLES, is_active=True)
    )


def _board_officers() -> list[User]:
    return list(User.objects.filter(role=Role.BOARD_OFFICER, is_active=True))


def _head_leader(cycle: Cycle) -> User | None:
    return (
        User.objects.filter(organisation_id=cycle.head_unit_id, role=Role.LEADER, is_active=True)
        .order_by("pk")
        .first()
    )


def default_summary(cycle: Cycle, award_type: AwardType, members: int) -> str:
    """A starting text for the tờ trình's results section (the head rewrites it)."""
    return (
        f"Năm {cycle.year}, {cycle.block.name} gồm {members} đơn vị thành viên đã tổ chức ký kết "
        "giao ước thi đua, triển khai kế hoạch hoạt động, tự chấm điểm và chấm chéo theo Quy chế "
        "hoạt động và bình xét thi đua, khen thưởng của Khối. Tại hội nghị tổng kết, Khối đã bình "
        f"xét và bỏ phiếu kín đề nghị {award_type.name} năm {cycle.year}."
    )


# --- the dossier -----------------------------------------------------------------------------


@transaction.atomic
def build_proposal(
    *,
    actor: Any,
    cycle: Cycle,
    award_type: AwardType,
    organisations: Sequence[Organisation] | None = None,
) -> Proposal:
    """The dossier of one title, from the units that passed its ballot (all of them unless
    `organisations` picks some). Each nominee keeps its rank, final score, agree votes and name."""
    cycle = (
        Cycle.objects.select_for_update()
        .select_related("block__province", "policy")
        .get(pk=cycle.pk)
    )
    _require_dossier_phase(cycle)
    if award_type.province_id != cycle.block.province_id:
        raise DomainError(_("This title is not one of the province's titles."))
    if Proposal.objects.filter(cycle=cycle, award_type=award_type).exists():
        raise DomainError(
            _("The dossier for “%(title)s” already exists.") % {"title": award_type.name}
        )
    entries = selectors.published_entries(cycle)
    if entries is None:
        raise DomainError(_("The ranking is not published: no unit can be proposed yet."))
    passed = {e.organisation_id: e for e in selectors.passed_candidates(cycle, award_type)}
    chosen_ids = [o.pk for o in organisations] if organisations is not None else list(passed)
    if not chosen_ids:
        raise DomainError(
            _("No unit passed the ballot for “%(title)s”.") % {"title": award_type.name},
            field="organisations",
        )
    names = dict(Organisation.objects.filter(pk__in=chosen_ids).values_list("pk", "name"))
    for org_id in chosen_ids:
        if org_id not in passed:
            raise DomainError(
                _("%(unit)s did not pass the ballot for this title.")
                % {"unit": names.get(org_id, org_id)},
                field="organisations",
            )
        if org_id not in entries:
            raise DomainError(
                _("%(unit)s is not in the published ranking.") % {"unit": names[org_id]},
                field="organisations",
            )
    quota = selectors.quota_for(cycle, award_type)
    if len(chosen_ids) > quota:
        raise DomainError(
            _("The quota for “%(title)s” is %(quota)s unit(s); %(count)s were chosen.")
            % {"title": award_type.name, "quota": quota, "count": len(chosen_ids)},
            field="organisations",
        )
    if cycle.policy.one_award_per_title_per_year:
        already = Award.objects.filter(
            organisation_id__in=chosen_ids, award_type=award_type, year=cycle.year
        ).first()
        if already is not None:
            raise DomainError(
                _("%(unit)s has already been awarded “%(title)s” for %(year)s.")
                % {"unit": already.name, "title": award_type.name, "year": cycle.year},
                field="organisations",
            )
    leader = _head_leader(cycle)
    if leader is None and getattr(actor, "organisation_id", None) == cycle.head_unit_id:
        leader = actor
    order = list(
        AwardType.objects.filter(province_id=cycle.block.province_id)
        .order_by("order", "name")
        .values_list("pk", flat=True)
    )
    proposal = Proposal.objects.create(
        cycle=cycle,
        award_type=award_type,
        number=f"{order.index(award_type.pk) + 1:02d}/TTr-{_block_short(cycle.block.name)}",
        place=cycle.block.province.name,
        date=timezone.localdate(),
        signer_name=leader.full_name if leader else "",
        signer_position=leader.position if leader else "",
        summary=default_summary(cycle, award_type, selectors.member_count(cycle)),
        created_by=actor,
    )
    ordered = sorted(chosen_ids, key=lambda pk: (passed[pk].rank or 999, passed[pk].name))
    Nominee.objects.bulk_create(
        Nominee(
            proposal=proposal,
            organisation_id=pk,
            name=passed[pk].name,
            order=i,
            rank=passed[pk].rank,
            score=passed[pk].score,
            agree=passed[pk].agree,
        )
        for i, pk in enumerate(ordered, start=1)
    )
    audit.record(actor=actor, action="awards.proposal.build", obj=proposal, after=_state(proposal))
    with translation.override("vi"):
        subject = _("Write your achievement report: %(title)s %(year)s") % {
            "title": award_type.name,
            "year": cycle.year,
        }
    notify(
        recipients=_people_of(chosen_ids),
        kind="awards.report_needed",
        subject=subject,
        url=_url(proposal),
    )
    return proposal


@transaction.atomic
def update_proposal(*, actor: Any, proposal: Proposal, values: dict[str, Any]) -> Proposal:
    """The tờ trình's number, place, date, signer and results text."""
    locked = _lock(proposal)
    _require_dossier_phase(locked.cycle)
    _require_editable(locked)
    fields = ("number", "place", "date", "signer_name", "signer_position", "summary")
    before = {f: getattr(locked, f) for f in fields}
    for f in fields:
        if f in values:
            setattr(locked, f, values[f])
    locked.save(update_fields=[f for f in fields if f in values])
    audit.record(
        actor=actor,
        action="awards.proposal.update",
        obj=locked,
        before=before,
        after={f: getattr(locked, f) for f in fields},
    )
    return locked


@transaction.atomic
def remove_nominee(*, actor: Any, nominee: Nominee) -> None:
    """Take a unit off the dossier (e.g. after the Board returned it); one must remain."""
    proposal = _lock(nominee.proposal)
    _require_editable(proposal)
    if proposal.nominees.count() <= 1:
        raise DomainError(_("A dossier needs at least one nominee."))
    audit.record(
        actor=actor,
        action="awards.nominee.remove",
        obj=proposal,
        before={"nominee": nominee.organisation_id, "name": nominee.name},
    )
    nominee.delete()


# --- achievement reports ---------------------------------------------------------------------


def _lock_nominee(nominee: Nominee) -> tuple[Nominee, Proposal]:
    proposal = _lock(nominee.proposal)
    _require_editable(proposal)
    return Nominee.objects.select_for_update().get(pk=nominee.pk), proposal


@transaction.atomic
def write_report(*, actor: Any, nominee: Nominee, sections: dict[str, str]) -> Nominee:
    """The achievement report (Form 02) written in the product, section by section."""
    locked, _proposal = _lock_nominee(nominee)
    cleaned = {key: str(sections.get(key, "")).strip() for key in REPORT_SECTIONS}
    if not cleaned["achievements"]:
        raise DomainError(_("Describe the unit's achievements."), field="achievements")
    before = dict(locked.report)
    locked.report = cleaned
    locked.report_updated_at = timezone.now()
    locked.report_updated_by = actor
    locked.save(update_fields=["report", "report_updated_at", "report_updated_by"])
    audit.record(
        actor=actor, action="awards.report.write", obj=locked, before=before, after=cleaned
    )
    return locked


def check_report_upload(upload: Any) -> str:
    """The upload's extension, when it is a real PDF or DOCX file of at most 10 MB."""
    name = getattr(upload, "name", "") or ""
    if upload.size > MAX_REPORT_BYTES:
        raise DomainError(_("%(name)s is larger than 10 MB.") % {"name": name}, field="file")
    ext = PurePath(name).suffix.lower()
    expected = REPORT_TYPES.get(ext)
    if expected is None:
        raise DomainError(
            _("%(name)s: only PDF and DOCX files are accepted.") % {"name": name}, field="file"
        )
    if sniff(upload) != expected:
        raise DomainError(
            _("%(name)s is not a real %(ext)s file: its content does not match its name.")
            % {"name": name, "ext": ext.lstrip(".").upper()},
            field="file",
        )
    return ext


@transaction.atomic
def upload_report(*, actor: Any, nominee: Nominee, upload: Any) -> Nominee:
    """An achievement report written elsewhere (PDF or DOCX), checked by its content."""
    ext = check_report_upload(upload)
    locked, _proposal = _lock_nominee(nominee)
    before = {"file": locked.report_file.name}
    upload.seek(0)
    locked.report_file.save(
        f"bao-cao-thanh-tich-{locked.pk}{ext}", ContentFile(upload.read()), save=False
    )
    locked.report_updated_at = timezone.now()
    locked.report_updated_by = actor
    locked.save(update_fields=["report_file", "report_updated_at", "report_updated_by"])
    audit.record(
        actor=actor,
        action="awards.report.upload",
        obj=locked,
        before=before,
        after={"file": locked.report_file.name, "size": upload.size},
    )
    return locked


# --- submission and the Board's review -------------------------------------------------------


def _event(proposal: Proposal, action: str, actor: Any, reason: str = "") -> None:
    ProposalEvent.objects.create(proposal=proposal, action=action, reason=reason, actor=actor)


def _url(proposal: Proposal) -> str:
    return reverse("awards:proposal_detail", args=[proposal.pk])


@transaction.atomic
def submit_proposal(*, actor: Any, proposal: Proposal) -> Proposal:
    """Send the dossier to the Board: every nominee needs its achievement report."""
    locked = _lock(proposal)
    _require_dossier_phase(locked.cycle)
    if locked.status == ProposalStatus.SUBMITTED:
        raise DomainError(_("The dossier has already been submitted."))
    _require_editable(locked)
    if not (locked.number.strip() and locked.date and locked.signer_name.strip()):
        raise DomainError(_("Fill in the tờ trình's number, date and signer before submitting."))
    missing = [n.name for n in locked.nominees.all() if not selectors.has_report(n)]
    if missing:
        raise DomainError(
            _("The achievement report is missing for: %(units)s.") % {"units": "; ".join(missing)}
        )
    before = _state(locked)
    resubmitted = locked.status == ProposalStatus.RETURNED
    locked.status = ProposalStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at"])
    _event(locked, ProposalEvent.Action.SUBMITTED, actor)
    audit.record(
        actor=actor,
        action="awards.proposal.submit",
        obj=locked,
        before=before,
        after=_state(locked),
    )
    with translation.override("vi"):
        subject = (
            _("Dossier resubmitted: %(title)s — %(block)s %(year)s")
            if resubmitted
            else _("New dossier: %(title)s — %(block)s %(year)s")
        ) % {
            "title": locked.award_type.name,
            "block": locked.cycle.block.name,
            "year": locked.cycle.year,
        }
    notify(recipients=_board_officers(), kind="awards.submitted", subject=subject, url=_url(locked))
    return locked


def _subject_args(proposal: Proposal) -> dict[str, Any]:
    return {"title": proposal.award_type.name, "year": proposal.cycle.year}


@transaction.atomic
def return_proposal(*, actor: Any, proposal: Proposal, reason: str) -> Proposal:
    """The Board sends the dossier back to the head unit, saying why."""
    locked = _lock(proposal)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the dossier is returned."), field="reason")
    if locked.status != ProposalStatus.SUBMITTED:
        raise DomainError(_("Only a submitted dossier can be returned."))
    locked.status = ProposalStatus.RETURNED
    locked.save(update_fields=["status"])
    _event(locked, ProposalEvent.Action.RETURNED, actor, reason)
    audit.record(
        actor=actor,
        action="awards.proposal.return",
        obj=locked,
        before={"status": ProposalStatus.SUBMITTED},
        after={"status": locked.status, "reason": reason},
    )
    with translation.override("vi"):
        subject = _("The Board returned the dossier: %(title)s %(year)s") % _subject_args(locked)
    notify(
        recipients=_people_of([locked.cycle.head_unit_id]),
        kind="awards.returned",
        subject=subject,
        body=reason,
        url=_url(locked),
    )
    return locked


@transaction.atomic
def accept_proposal(*, actor: Any, proposal: Proposal) -> Proposal:
    locked = _lock(proposal)
    if locked.status != ProposalStatus.SUBMITTED:
        raise DomainError(_("Only a submitted dossier can be accepted."))
    locked.status = ProposalStatus.ACCEPTED
    locked.save(update_fields=["status"])
    _event(locked, ProposalEvent.Action.ACCEPTED, actor)
    audit.record(
        actor=actor,
        action="awards.proposal.accept",
        obj=locked,
        before={"status": ProposalStatus.SUBMITTED},
        after={"status": locked.status},
    )
    with translation.override("vi"):
        subject = _("The Board accepted the dossier: %(title)s %(year)s") % _subject_args(locked)
    notify(
        recipients=_people_of([locked.cycle.head_unit_id]),
        kind="awards.accepted",
        subject=subject,
        url=_url(locked),
    )
    return locked


# --- the decision ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    granted: bool
    reason: str = ""


@transaction.atomic
def record_decision(
    *,
    actor: Any,
    proposal: Proposal,
    number: str,
    date: dt.date,
    signer_name: str,
    signer_position: str = "",
    outcomes: dict[int, Outcome],
) -> Decision:
    """The decision on an accepted dossier: per nominee granted or not (with a reason). Each grant
    becomes an Award; an organisation gets a title at most once a year, else nothing is saved."""
    locked = _lock(proposal)
    if locked.status != ProposalStatus.ACCEPTED:
        raise DomainError(
            _("A decision can be recorded only for an accepted dossier; this one is “%(s)s”.")
            % {"s": locked.get_status_display()}
        )
    if locked.cycle.phase == Phase.CLOSED:
        raise DomainError(_("The cycle is closed."))
    number, signer_name = number.strip(), signer_name.strip()
    if not number:
        raise DomainError(_("Enter the decision's number."), field="number")
    if not signer_name:
        raise DomainError(_("Enter who signed the decision."), field="signer_name")
    nominees = list(locked.nominees.select_related("organisation").order_by("order", "pk"))
    for n in nominees:
        outcome = outcomes.get(n.pk)
        if outcome is None:
            raise DomainError(_("Say for every nominee whether the title is granted."))
        if not outcome.granted and not outcome.reason.strip():
            raise DomainError(
                _("Give the reason why %(unit)s is not granted the title.") % {"unit": n.name}
            )
    year, award_type = locked.cycle.year, locked.award_type
    granted = [n for n in nominees if outcomes[n.pk].granted]
    already = Award.objects.filter(
        organisation_id__in=[n.organisation_id for n in granted], award_type=award_type, year=year
    ).first()
    if already is not None:
        raise DomainError(
            _("%(unit)s already has “%(title)s” for %(year)s: an award is granted only once.")
            % {"unit": already.name, "title": award_type.name, "year": year}
        )
    decision = Decision.objects.create(
        proposal=locked,
        number=number,
        date=date,
        signer_name=signer_name,
        signer_position=signer_position.strip(),
        recorded_by=actor,
    )
    for n in nominees:
        outcome = outcomes[n.pk]
        n.granted = outcome.granted
        n.refusal_reason = "" if outcome.granted else outcome.reason.strip()
    Nominee.objects.bulk_update(nominees, ["granted", "refusal_reason"])
    try:
        with transaction.atomic():
            Award.objects.bulk_create(
                Award(
                    organisation=n.organisation,
                    award_type=award_type,
                    year=year,
                    name=n.organisation.name_on(date) or n.name,
                    decision=decision,
                    cycle=locked.cycle,
                )
                for n in granted
            )
    except IntegrityError as err:
        raise DomainError(
            _("One of these units was granted “%(title)s” for %(year)s meanwhile; nothing saved.")
            % {"title": award_type.name, "year": year}
        ) from err
    locked.status = ProposalStatus.DECIDED
    locked.save(update_fields=["status"])
    _event(locked, ProposalEvent.Action.DECIDED, actor)
    audit.record(
        actor=actor,
        action="awards.decision.record",
        obj=decision,
        before={"status": ProposalStatus.ACCEPTED},
        after={
            "number": number,
            "date": date,
            "signer": signer_name,
            "granted": [n.organisation_id for n in granted],
            "refused": {n.organisation_id: n.refusal_reason for n in nominees if not n.granted},
        },
    )
    members = selectors.block_member_ids(locked.cycle)
    with translation.override("vi"):
        subject = _("Decision %(number)s: %(title)s %(year)s") % {
            "number": number,
            "title": award_type.name,
            "year": year,
        }
        body = "\n".join(
            f"{n.name}: "
            + (_("granted") if n.granted else _("not granted") + f" ({n.refusal_reason})")
            for n in nominees
        )
    notify(
        recipients=_people_of(members),
        kind="awards.decided",
        subject=subject,
        body=body,
        url=_url(locked),
    )
    return decision
