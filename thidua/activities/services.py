"""Every write about joint activities: one transaction, checks, an audit event."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.accounts.models import User
from thidua.activities import selectors
from thidua.activities.models import Activity, Participation, Photo
from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.core.types import Actor
from thidua.cycles.access import is_head
from thidua.cycles.models import Cycle, Phase
from thidua.lib import images
from thidua.orgs.models import Organisation
from thidua.scoring import selectors as scoring_selectors
from thidua.scoring import services as scoring
from thidua.scoring.models import NodeKind

# Photos larger than this are refused before they are decoded.
MAX_PHOTO_BYTES = images.MAX_UPLOAD_BYTES
FIELDS = ("kind", "title", "host_unit", "date", "place", "report")


def _state(activity: Activity) -> dict[str, Any]:
    return {
        "kind": activity.kind,
        "title": activity.title,
        "host_unit": activity.host_unit_id,
        "date": activity.date.isoformat(),
        "place": activity.place,
        "report": activity.report,
        "participants": sorted(
            activity.participations.filter(present=True).values_list("organisation_id", flat=True)
        ),
    }


def _check(cycle: Cycle, values: dict[str, Any], participants: Sequence[Organisation]) -> None:
    if cycle.phase == Phase.CLOSED:
        raise DomainError(_("The cycle is closed: its activities can no longer change."))
    member_ids = {u.pk for u in selectors.members(cycle)}
    host = values.get("host_unit")
    if host is None or host.pk not in member_ids:
        raise DomainError(_("The host must be a member unit of the block."), field="host_unit")
    if any(u.pk not in member_ids for u in participants):
        raise DomainError(_("Only the block's member units can take part."), field="participants")
    day = values.get("date")
    if isinstance(day, dt.date) and day.year != cycle.year:
        raise DomainError(
            _("The date must fall in %(year)s, the cycle's year.") % {"year": cycle.year},
            field="date",
        )


def _set_participants(activity: Activity, participants: Sequence[Organisation]) -> None:
    wanted = {u.pk for u in participants}
    existing = {p.organisation_id: p for p in activity.participations.all()}
    for org_id, row in existing.items():
        if row.present != (org_id in wanted):
            row.present = org_id in wanted
            row.save(update_fields=["present"])
    Participation.objects.bulk_create(
        Participation(activity=activity, organisation_id=org_id, present=True)
        for org_id in wanted - existing.keys()
    )


def create_activity(
    *,
    actor: User | None,
    cycle: Cycle,
    values: dict[str, Any],
    participants: Sequence[Organisation],
) -> Activity:
    with transaction.atomic():
        _check(cycle, values, participants)
        activity = Activity.objects.create(
            cycle=cycle,
            created_by=actor if getattr(actor, "pk", None) else None,
            **{k: values[k] for k in FIELDS if k in values},
        )
        _set_participants(activity, participants)
        audit.record(
            actor=actor, action="activities.activity.create", obj=activity, after=_state(activity)
        )
    return activity


def update_activity(
    *,
    actor: Actor,
    activity: Activity,
    values: dict[str, Any],
    participants: Sequence[Organisation],
) -> Activity:
    with transaction.atomic():
        cycle = Cycle.objects.get(pk=activity.cycle_id)
        _check(cycle, values, participants)
        before = _state(activity)
        for name in FIELDS:
            if name in values:
                setattr(activity, name, values[name])
        activity.save()
        _set_participants(activity, participants)
        audit.record(
            actor=actor,
            action="activities.activity.update",
            obj=activity,
            before=before,
            after=_state(activity),
        )
    return activity


def image_messages() -> dict[str, str]:
    return {
        "type": _("The photo must be a JPEG or PNG image."),
        "size": _("The photo is too large: at most %(mb)s MB and 40 megapixels.")
        % {"mb": max(1, MAX_PHOTO_BYTES // (1024 * 1024))},
        "broken": _("The photo could not be read: it may be damaged."),
    }


def add_photo(*, actor: User | None, activity: Activity, upload: Any, caption: str) -> Photo:
    """Check the upload by its content and size, strip its metadata, resize it, then keep it."""
    caption = caption.strip()
    if not caption:
        raise DomainError(_("Describe the photo in a caption (who, what, where)."), field="caption")
    try:
        web = images.prepare(upload, max_bytes=MAX_PHOTO_BYTES, messages=image_messages())
    except images.ImageRejected as err:
        raise DomainError(str(err), field="image") from err
    with transaction.atomic():
        if Cycle.objects.get(pk=activity.cycle_id).phase == Phase.CLOSED:
            raise DomainError(_("The cycle is closed: its activities can no longer change."))
        photo = Photo(
            activity=activity,
            caption=caption[:300],
            content_type=web.content_type,
            width=web.width,
            height=web.height,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        photo.image.save(
            f"{uuid.uuid4().hex}.{web.extension}", ContentFile(web.content), save=False
        )
        photo.save()
        audit.record(
            actor=actor,
            action="activities.photo.add",
            obj=photo,
            after={"activity": activity.pk, "caption": photo.caption},
        )
    return photo


def remove_photo(*, actor: Actor, photo: Photo) -> None:
    with transaction.atomic():
        if Cycle.objects.get(pk=photo.activity.cycle_id).phase == Phase.CLOSED:
            raise DomainError(_("The cycle is closed: its activities can no longer change."))
        audit.record(
            actor=actor,
            action="activities.photo.remove",
            obj=photo,
            before={"activity": photo.activity_id, "caption": photo.caption},
        )
        name, storage = photo.image.name, photo.image.storage
        photo.delete()
        transaction.on_commit(lambda: storage.delete(name))


@dataclass
class FeedResult:
    written: list[Organisation] = field(default_factory=list)
    unchanged: list[Organisation] = field(default_factory=list)
    skipped: list[Organisation] = field(default_factory=list)  # submitted sheets


@transaction.atomic
def feed_criteria(*, actor: User, cycle: Cycle, node_id: int) -> FeedResult:
    """Write each member unit's participation count into a "count × points" item of the cycle's
    criteria table, as the value of the unit's self-assessment draft. Submitted self-assessments
    are left alone (the head must reopen them first); the units may still correct the value."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if not (getattr(actor, "is_board", False) or is_head(actor, cycle)):
        raise DomainError(_("Only the head unit or the Board may do this."))
    if cycle.phase != Phase.SELF_ASSESSMENT:
        raise DomainError(_("Participation counts can be written only while units self-assess."))
    table = scoring_selectors.table_for(cycle)
    node = next((n for n in selectors.count_items(cycle) if n.pk == node_id), None)
    if table is None or node is None or node.kind != NodeKind.COUNT:
        raise DomainError(_("Choose a “count × points” item of the criteria table."), field="node")
    counts = selectors.participation(cycle)
    total = len(counts.activities)
    prefilled = scoring.prefill_self_assessment_values(
        actor=actor,
        cycle=cycle,
        node=node,
        values={row.unit.pk: Decimal(row.count) for row in counts.rows},
        reason=_("Participation counted from the joint activities"),
        explanations={
            row.unit.pk: _("Took part in %(count)s of the block's %(total)s joint activities.")
            % {"count": row.count, "total": total}
            for row in counts.rows
        },
    )
    units = [row.unit for row in counts.rows]  # in the block's order
    result = FeedResult(
        written=[u for u in units if u.pk in prefilled.written],
        unchanged=[u for u in units if u.pk in prefilled.unchanged],
        skipped=[u for u in units if u.pk in prefilled.skipped],
    )
    audit.record(
        actor=actor,
        action="activities.participation.feed",
        obj=node,
        after={
            "cycle": cycle.pk,
            "counts": {str(r.unit.pk): r.count for r in counts.rows},
            "written": [u.pk for u in result.written],
            "skipped": [u.pk for u in result.skipped],
        },
    )
    return result
