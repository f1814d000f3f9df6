"""Voting's parts of other apps' pages (thidua/core/contributions.py): the cycle page's link to
the evaluation meeting, its part of the archive."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
from thidua.core.todo import todo_providers
from thidua.cycles.audit import cycle_events
from thidua.cycles.checks import phase_checks
from thidua.cycles.sections import WorkLink, work_links
from thidua.reports.archive import ArchivePart, archive_parts
from thidua.voting import checks, export, todo
from thidua.voting.models import BallotSession

work_links.add(
    WorkLink(
        _("Evaluation meeting: secret ballots, election of next year's head and deputy, minutes"),
        "voting:cycle",
    ),
    key="voting",
    order=90,
)
archive_parts.add(
    ArchivePart(apps.get_app_config("voting").verbose_name, export.files),
    key="voting",
    order=50,
)


# --- the audit log (thidua/core/audit_log.py) ---


def _voting_events(cycles: Any) -> Q:
    return about(BallotSession.objects.filter(cycle__in=cycles))


cycle_events.add(_voting_events, key="voting")

audit_objects.add(
    objects(
        BallotSession.objects.select_related("award_type", "cycle__block"),
        url=board_only("voting:session"),
    ),
    key="voting.ballotsession",
)

describe(
    "voting",
    _("Votes and elections"),
    {
        "voting.session.prepare": _("%(actor)s prepared the vote %(object)s"),
        "voting.session.open": _("%(actor)s opened the vote %(object)s"),
        "voting.session.close": _("%(actor)s closed and counted the vote %(object)s"),
        "voting.session.paper_count": _(
            "%(actor)s entered the count of the paper ballots of %(object)s"
        ),
        "voting.session.runoff": _("%(actor)s called the runoff vote %(object)s"),
        "voting.session.void": _(
            "%(actor)s closed the vote %(object)s with too few ballots: it is void, nothing "
            "was counted"
        ),
        "voting.session.paper_void": _(
            "%(actor)s entered a paper count of %(object)s with too few ballots: it is void"
        ),
        "voting.session.hold_again": _("%(actor)s called the vote %(object)s again"),
        "voting.ballot.cast": Sentence(
            _("%(unit)s cast its ballot in the vote %(object)s"),
            from_event(unit=stored("unit")),
        ),
        "voting.election.apply": Sentence(
            _(
                "%(actor)s applied the election held in %(object)s: %(head)s heads the block "
                "in %(year)s, %(deputy)s is its deputy"
            ),
            from_event(head=stored("head"), deputy=stored("deputy"), year=stored("year")),
        ),
    },
    order=70,
)
todo_providers.add(todo.items, key="voting", order=10)
phase_checks.add(checks.phase_check, key="voting", order=50)


# The audit chain of the block each of these models is in (thidua/core/audit.py).
register_blocks(
    {
        "voting.ballotsession": "cycle__block",
        "voting.candidate": "session__cycle__block",
        "voting.voterrecord": "session__cycle__block",
    }
)
