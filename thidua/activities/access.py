"""Who may see or change a cycle's joint activities. Views call these first.

- The Board and the member units of the block that year read the activities.
- The head unit's people and the Board record activities, until the cycle is closed.
- The host unit's people may edit their own activity (details, participants, photos).
- Writing participation counts into the criteria table is the head's (or the Board's).
- Anyone else gets 404: they must not learn that the cycle exists.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404

from thidua.activities.models import Activity, Photo
from thidua.cycles.access import UNIT_ROLES, get_cycle_for, is_head
from thidua.cycles.models import Cycle, Phase

Need = Literal["view", "write"]


def can_record(user: Any, cycle: Cycle) -> bool:
    return cycle.phase != Phase.CLOSED and bool(user.is_board or is_head(user, cycle))


def is_host(user: Any, activity: Activity) -> bool:
    return bool(
        user.is_authenticated
        and user.role in UNIT_ROLES
        and user.organisation_id is not None
        and user.organisation_id == activity.host_unit_id
    )


def can_edit(user: Any, activity: Activity, cycle: Cycle) -> bool:
    return cycle.phase != Phase.CLOSED and (can_record(user, cycle) or is_host(user, activity))


def can_feed_criteria(user: Any, cycle: Cycle) -> bool:
    """The head (or the Board) writes the counts while the units self-assess."""
    return can_record(user, cycle) and cycle.phase == Phase.SELF_ASSESSMENT


def get_cycle(user: Any, cycle_pk: int, need: Need = "view") -> Cycle:
    cycle = get_cycle_for(user, cycle_pk)
    if need == "write" and not can_record(user, cycle):
        raise PermissionDenied
    return cycle


def get_activity(user: Any, pk: int, need: Need = "view") -> Activity:
    activity = Activity.objects.select_related("host_unit", "created_by").filter(pk=pk).first()
    if activity is None:
        raise Http404
    activity.cycle = get_cycle_for(user, activity.cycle_id)
    if need == "write" and not can_edit(user, activity, activity.cycle):
        raise PermissionDenied
    return activity


def get_photo(user: Any, activity_pk: int, photo_pk: int, need: Need = "view") -> Photo:
    activity = get_activity(user, activity_pk, need)
    photo = Photo.objects.filter(pk=photo_pk, activity=activity).first()
    if photo is None:
        raise Http404
    photo.activity = activity
    return photo
