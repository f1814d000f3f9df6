from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from thidua.core.audit_log import audit_kinds, audit_scopes
from thidua.core.models import AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    kind: str = ""
    object_type: str = ""
    actor: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    #: The value of each scope filter (audit_log.audit_scopes: "block", "cycle"), "" if none.
    scopes: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_query(cls, query: QueryDict) -> AuditFilters:
        kind = query.get("kind", "").strip()
        return cls(
            action=query.get("action", "").strip(),
            kind=kind if audit_kinds.get(kind) is not None else "",
            object_type=query.get("object_type", "").strip(),
            actor=query.get("actor", "").strip(),
            date_from=_parse_date(query.get("date_from", "")),
            date_to=_parse_date(query.get("date_to", "")),
            scopes={key: query.get(key, "").strip() for key, _scope in audit_scopes.items()},
        )

    def query(self) -> dict[str, str]:
        """The filters as a query string's parameters (for the export links)."""
        values = {
            "action": self.action,
            "kind": self.kind,
            "object_type": self.object_type,
            "actor": self.actor,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            **self.scopes,
        }
        return {key: value for key, value in values.items() if value}


def _parse_date(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


#: The newest events a download of the audit log holds at most; the page says so when there are
#: more, and how to get the rest (narrower filters).
AUDIT_EXPORT_LIMIT = 20_000


def audit_events(filters: AuditFilters) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.order_by("-created_at", "-id")
    if filters.action:
        events = events.filter(action=filters.action)
    kind = audit_kinds.get(filters.kind) if filters.kind else None
    if kind is not None:
        events = events.filter(action__in=kind.actions)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.actor:
        events = events.filter(
            Q(actor_label__icontains=filters.actor) | Q(actor__username__iexact=filters.actor)
        )
    for key, value in filters.scopes.items():
        scope = audit_scopes.get(key)
        if value and scope is not None:
            kept = scope.events(value)
            events = events.filter(kept) if kept is not None else events.none()
    tz = timezone.get_current_timezone()
    if filters.date_from:
        start = dt.datetime.combine(filters.date_from, dt.time.min, tzinfo=tz)
        events = events.filter(created_at__gte=start)
    if filters.date_to:
        end = dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        events = events.filter(created_at__lt=end)
    return events
