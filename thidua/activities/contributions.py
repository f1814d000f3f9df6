"""Activities' parts of other apps' pages (thidua/core/contributions.py): the cycle page's link
to the joint activities, its part of the archive."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.activities import export
from thidua.activities.models import Activity, Photo
from thidua.core.audit import register_blocks
from thidua.core.audit_log import (
    Sentence,
    about,
    audit_objects,
    board_only,
    describe,
    from_event,
    objects,
    stored,
)
from thidua.cycles.audit import cycle_events
from thidua.cycles.sections import WorkLink, work_links
from thidua.reports.archive import ArchivePart, archive_parts

work_links.add(
    WorkLink(_("Joint activities"), "activities:activity_list"), key="activities", order=50
)
archive_parts.add(
    ArchivePart(apps.get_app_config("activities").verbose_name, export.files),
    key="activities",
    order=70,
)


# --- the audit log (thidua/core/audit_log.py) ---


def _activities_events(cycles: Any) -> Q:
    return about(Activity.objects.filter(cycle__in=cycles)) | about(
        Photo.objects.filter(activity__cycle__in=cycles)
    )


cycle_events.add(_activities_events, key="activities")

audit_objects.add(
    objects(Activity.objects.all(), url=board_only("activities:activity_detail")),
    key="activities.activity",
)
audit_objects.add(
    objects(
        Photo.objects.select_related("activity"),
        url=board_only("activities:activity_detail", lambda p: p.activity_id),
        values=lambda p: {"activity": str(p.activity)},
    ),
    key="activities.photo",
)

describe(
    "activities",
    _("Activities"),
    {
        "activities.activity.create": _("%(actor)s added the activity %(object)s"),
        "activities.activity.update": _("%(actor)s changed the activity %(object)s"),
        "activities.photo.add": _("%(actor)s added the photo “%(object)s” to %(activity)s"),
        "activities.photo.remove": _("%(actor)s removed the photo “%(object)s”"),
        "activities.participation.feed": Sentence(
            _("%(actor)s filled the criterion %(object)s from the units' participation"),
            from_event(cycle=stored("cycle")),
        ),
    },
    order=65,
)


# The audit chain of the block each of these models is in (thidua/core/audit.py).
register_blocks(
    {
        "activities.activity": "cycle__block",
        "activities.participation": "activity__cycle__block",
        "activities.photo": "activity__cycle__block",
    }
)
