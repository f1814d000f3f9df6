"""Access matrix of the ballot pages. The cast's cycle is put in evaluation with its year-end
meeting, a published ranking and a prepared flag ballot (see builders.flag_session)."""

from thidua.meetings.models import Meeting, MeetingKind
from thidua.tests.access_matrix import MEMBERS, Route
from thidua.voting.tests.builders import evaluation, flag_session

BOARD = frozenset({"board"})
READERS = MEMBERS | BOARD
MANAGERS = BOARD | {"head_rep"}


def _cycle(cast):
    return {"cycle_pk": cast.cycle.pk}


def _evaluated(cast):
    """The cycle with its year-end meeting recorded, which dates the minutes."""
    if not Meeting.objects.filter(cycle=cast.cycle, kind=MeetingKind.YEAR_END).exists():
        evaluation(cast)
    return {"cycle_pk": cast.cycle.pk}


def _session(cast):
    return {"pk": flag_session(cast).pk}


ROUTES = [
    Route("voting:cycle", kwargs=_cycle, allowed=READERS),
    Route("voting:prepare", kwargs=_cycle, allowed=MANAGERS),
    Route("voting:prepare_all", kwargs=_cycle, allowed=MANAGERS, method="post"),
    Route("voting:elect", kwargs=_cycle, allowed=MANAGERS, method="post"),
    Route("voting:minutes_docx", kwargs=_evaluated, allowed=READERS),
    Route("voting:minutes_pdf", kwargs=_evaluated, allowed=READERS),
    Route("voting:session", kwargs=_session, allowed=READERS),
    Route("voting:open", kwargs=_session, allowed=MANAGERS, method="post"),
    # The close dialog (turnout, quorum, what closing will do), then the close itself.
    Route("voting:close", kwargs=_session, allowed=MANAGERS),
    Route("voting:close", kwargs=_session, allowed=MANAGERS, method="post"),
    Route("voting:hold_again", kwargs=_session, allowed=MANAGERS, method="post"),
    Route("voting:runoff", kwargs=_session, allowed=MANAGERS, method="post"),
    # A unit votes for itself: the Board has no unit.
    Route("voting:ballot", kwargs=_session, allowed=MEMBERS),
    Route("voting:bulletin", kwargs=_session, allowed=READERS),
    Route("voting:paper", kwargs=_session, allowed=MANAGERS),
]
