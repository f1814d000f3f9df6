"""Drafts prepared from facts already recorded: who, when, where, what was adopted or signed.

A source turns one record (a meeting, a joint activity) into a draft's title, lead and body,
and may hand over the record's photos with their captions. The author edits the draft; nothing
here publishes anything.

To add a source, register an object with `key`, `label`, `candidates(user)` and
`facts(user, pk)` in `SOURCES`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Protocol

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from thidua.orgs.models import Block


@dataclass(frozen=True)
class FactPhoto:
    """A web-ready photo of the record (already checked and re-encoded) and its caption."""

    content: bytes
    content_type: str
    extension: str
    width: int
    height: int
    caption: str


@dataclass(frozen=True)
class Facts:
    """What a source knows, already in words; `paragraphs` become the body."""

    title: str
    lead: str
    block: Block
    # Paragraphs (str) and bulleted lists (list of str), in order.
    parts: list[str | list[str]] = field(default_factory=list)
    tags: str = ""
    photos: list[FactPhoto] = field(default_factory=list)

    def body(self) -> str:
        out = []
        for part in self.parts:
            if isinstance(part, list):
                items = "".join(f"<li>{html.escape(b, quote=False)}</li>" for b in part)
                out.append(f"<ul>{items}</ul>")
            elif part:
                out.append(f"<p>{html.escape(part, quote=False)}</p>")
        return "".join(out)


class Source(Protocol):
    key: str
    label: Any

    def candidates(self, user: Any) -> list[tuple[int, str]]:
        """(pk, label) of the records the person may turn into a draft."""
        ...

    def facts(self, user: Any, pk: int) -> Facts:
        """The record's facts; raises Http404/PermissionDenied like the record's own pages."""
        ...


def _date(value: Any) -> str:
    return value.strftime("%d/%m/%Y")


def _join(names: list[str]) -> str:
    return ", ".join(names)


class MeetingSource:
    key = "meeting"
    label = gettext_lazy("A meeting of the block")

    def candidates(self, user: Any) -> list[tuple[int, str]]:
        from thidua.meetings.models import Meeting
        from thidua.news.access import authored_block_ids

        meetings = Meeting.objects.select_related("cycle__block").order_by("-date")
        if not user.is_board:
            meetings = meetings.filter(cycle__block_id__in=authored_block_ids(user))
        return [
            (m.pk, f"{m.cycle.block.name} — {m.get_kind_display()} — {_date(m.date)}")
            for m in meetings[:50]
        ]

    def facts(self, user: Any, pk: int) -> Facts:
        from thidua.meetings import access, selectors
        from thidua.meetings.models import MeetingKind
        from thidua.signing.selectors import covenant_status

        meeting = access.get_meeting(user, pk)
        cycle = meeting.cycle
        block = cycle.block
        rows = selectors.attendance(meeting)
        present = [r.name for r in rows if r.present]
        values = {
            "block": block.name,
            "year": cycle.year,
            "date": _date(meeting.date),
            "place": meeting.place,
            "kind": meeting.get_kind_display().lower(),
            "chair": meeting.chair_name,
            "position": meeting.chair_position or _("chair"),
            "present": len(present),
            "members": len(rows),
        }
        titles: dict[str, str] = {
            MeetingKind.LAUNCH: _("%(block)s launches its emulation movement for %(year)s"),
            MeetingKind.MID_YEAR: _("%(block)s reviews the first half of %(year)s"),
            MeetingKind.YEAR_END: _("%(block)s reviews and evaluates its emulation year %(year)s"),
        }
        title = titles.get(meeting.kind, _("%(block)s: %(kind)s")) % values
        lead = (
            _(
                "On %(date)s, at %(place)s, %(block)s held its %(kind)s, chaired by %(chair)s, "
                "%(position)s."
            )
            % values
        )
        paragraphs: list[str | list[str]] = []
        if rows:
            paragraphs.append(
                _("%(present)s of the block's %(members)s member units took part: ") % values
                + _join(present)
                + "."
            )
        agenda = [str(item) for item in meeting.agenda if str(item).strip()]
        if agenda:
            paragraphs += [_("The agenda:"), agenda]
        adopted = [v.title for v in selectors.adopted_documents(meeting)]
        if adopted:
            paragraphs.append(
                _("The meeting adopted: %(documents)s.") % {"documents": _join(adopted)}
            )
        for speaker in meeting.speakers.all():
            who = ", ".join(p for p in (speaker.name, speaker.position, speaker.unit) if p)
            paragraphs.append(f"{who}: {speaker.summary}")
        if meeting.kind == MeetingKind.LAUNCH:
            status = covenant_status(cycle)
            if status.version is not None and status.signed:
                signed_names = [s.unit_name for s in status.signatures]
                text = _("%(signed)s of %(total)s member units signed the covenant “%(title)s”") % {
                    "signed": status.signed,
                    "total": status.total,
                    "title": status.version.title,
                }
                paragraphs.append(f"{text}: {_join(signed_names)}.")
                if status.in_force:
                    paragraphs.append(
                        _("With every member unit's signature, the covenant is in force.")
                    )
        if meeting.conclusions:
            paragraphs.extend(line for line in meeting.conclusions.splitlines() if line.strip())
        return Facts(
            title=title,
            lead=lead,
            block=block,
            parts=paragraphs,
            tags=", ".join([block.name, str(cycle.year), meeting.get_kind_display()]),
        )


class ActivitySource:
    key = "activity"
    label = gettext_lazy("A joint activity of the block")

    def candidates(self, user: Any) -> list[tuple[int, str]]:
        from thidua.activities.models import Activity
        from thidua.news.access import authored_block_ids

        activities = Activity.objects.select_related("cycle__block").order_by("-date", "-pk")
        if not user.is_board:
            activities = activities.filter(cycle__block_id__in=authored_block_ids(user))
        return [
            (a.pk, f"{a.cycle.block.name} — {a.title} — {_date(a.date)}") for a in activities[:50]
        ]

    def facts(self, user: Any, pk: int) -> Facts:
        from thidua.activities import access, selectors

        found = access.get_activity(user, pk)
        cycle = found.cycle
        block = cycle.block
        activity = selectors.activities(cycle).get(pk=found.pk)
        present = [p.organisation.name for p in activity.present]  # type: ignore[attr-defined]
        values = {
            "block": block.name,
            "kind": activity.get_kind_display(),
            "kind_lower": activity.get_kind_display().lower(),
            "title": activity.title,
            "date": _date(activity.date),
            "place": activity.place,
            "host": activity.host_unit.name,
            "count": len(present),
        }
        title = _("%(block)s: %(kind)s “%(title)s”") % values
        lead = (
            _(
                "On %(date)s, at %(place)s, %(host)s hosted the %(kind_lower)s “%(title)s” of "
                "%(block)s."
            )
            % values
        )
        parts: list[str | list[str]] = []
        if present:
            took_part = ngettext(
                "%(count)s member unit took part:",
                "%(count)s member units took part:",
                len(present),
            )
            parts += [took_part % values, present]
        parts.extend(line.strip() for line in activity.report.splitlines() if line.strip())
        photos = []
        for photo in activity.photos.all():
            with photo.image.open("rb") as stored:
                content = stored.read()
            extension = PurePosixPath(photo.image.name).suffix.lstrip(".").lower()
            photos.append(
                FactPhoto(
                    content=content,
                    content_type=photo.content_type,
                    extension=extension or "jpg",
                    width=photo.width,
                    height=photo.height,
                    caption=photo.caption,
                )
            )
        return Facts(
            title=title,
            lead=lead,
            block=block,
            parts=parts,
            tags=", ".join([block.name, str(cycle.year), activity.get_kind_display()]),
            photos=photos,
        )


SOURCES: dict[str, Source] = {"meeting": MeetingSource(), "activity": ActivitySource()}
