"""The dossier: built by the head unit, edited while a draft or returned, with each nominee's
achievement report written in the page or uploaded."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua.accounts.models import User
from thidua.awards import selectors
from thidua.awards.models import Award, Nominee, Proposal
from thidua.awards.services.common import (
    MAX_REPORT_BYTES,
    REPORT_FIELDS,
    REPORT_TYPES,
    block_short,
    default_summary,
    head_leader,
    lock_proposal,
    people_of,
    proposal_state,
    require_dossier_phase,
    require_editable,
)
from thidua.awards.services.review import proposal_url
from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.core.types import Actor
from thidua.core.uploads import check_content
from thidua.cycles.models import AwardType, Cycle
from thidua.lib.files import sniff
from thidua.notifications.services import notify
from thidua.orgs.models import Organisation


@transaction.atomic
def build_proposal(
    *,
    actor: User | None,
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
    require_dossier_phase(cycle)
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
    leader = head_leader(cycle)
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
        number=f"{order.index(award_type.pk) + 1:02d}/TTr-{block_short(cycle.block.name)}",
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
    audit.record(
        actor=actor, action="awards.proposal.build", obj=proposal, after=proposal_state(proposal)
    )
    with translation.override("vi"):
        subject = _("Write your achievement report: %(title)s %(year)s") % {
            "title": award_type.name,
            "year": cycle.year,
        }
    notify(
        recipients=people_of(chosen_ids),
        kind="awards.report_needed",
        subject=subject,
        url=proposal_url(proposal),
    )
    return proposal


@transaction.atomic
def update_proposal(*, actor: Actor, proposal: Proposal, values: dict[str, Any]) -> Proposal:
    """The tờ trình's number, place, date, signer and results text."""
    locked = lock_proposal(proposal)
    require_dossier_phase(locked.cycle)
    require_editable(locked)
    fields = ("number", "place", "date", "signer_name", "signer_position", "summary")
    day = values.get("date")
    held = selectors.evaluation_day(locked.cycle)
    if day is not None and held is not None and day < held:
        raise DomainError(
            _(
                "The tờ trình reports the votes of the evaluation meeting of %(held)s: it cannot "
                "be dated before it."
            )
            % {"held": f"{held:%d/%m/%Y}"},
            field="date",
        )
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
def remove_nominee(*, actor: Actor, nominee: Nominee) -> None:
    """Take a unit off the dossier (e.g. after the Board returned it); one must remain."""
    proposal = lock_proposal(nominee.proposal)
    require_editable(proposal)
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
    proposal = lock_proposal(nominee.proposal)
    require_editable(proposal)
    return Nominee.objects.select_for_update().get(pk=nominee.pk), proposal


@transaction.atomic
def write_report(*, actor: User | None, nominee: Nominee, sections: dict[str, str]) -> Nominee:
    """The achievement report (Form 02) written in the product, section by section."""
    locked, _proposal = _lock_nominee(nominee)
    cleaned = {key: str(sections.get(key, "")).strip() for key in REPORT_FIELDS}
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
    check_content(upload, expected, field="file", name=name)
    return ext


@transaction.atomic
def upload_report(*, actor: User | None, nominee: Nominee, upload: Any) -> Nominee:
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
