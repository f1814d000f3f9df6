from thidua.meetings.tests.helpers import make_meeting
from thidua.tests.access_matrix import MEMBERS, Route

BOARD = frozenset({"board"})
READERS = MEMBERS | BOARD
WRITERS = BOARD | {"head_rep"}


def _cycle(cast):
    return {"cycle_pk": cast.cycle.pk}


def _meeting(cast):
    return {"pk": make_meeting(cast).pk}


ROUTES = [
    Route("meetings:meeting_list", kwargs=_cycle, allowed=READERS),
    Route("meetings:meeting_create", kwargs=_cycle, allowed=WRITERS),
    Route("meetings:meeting_detail", kwargs=_meeting, allowed=READERS),
    Route("meetings:meeting_edit", kwargs=_meeting, allowed=WRITERS),
    Route("meetings:meeting_attendance", kwargs=_meeting, allowed=WRITERS),
    Route("meetings:minutes_docx", kwargs=_meeting, allowed=READERS),
    Route("meetings:minutes_pdf", kwargs=_meeting, allowed=READERS),
    Route(
        "meetings:speaker_add",
        kwargs=_meeting,
        allowed=WRITERS,
        method="post",
        data=lambda c: {"name": "Lê Hồng Văn", "summary": "Góp ý dự thảo."},
    ),
    Route(
        "meetings:speaker_remove",
        kwargs=lambda c: {"pk": make_meeting(c).pk, "speaker_pk": 0},
        allowed=WRITERS,
        method="post",
    ),
    Route("meetings:registration_list", kwargs=_cycle, allowed=READERS),
    Route("meetings:registration_xlsx", kwargs=_cycle, allowed=READERS),
    # A unit registers for itself: the Board has no unit.
    Route("meetings:registration_edit", kwargs=_cycle, allowed=MEMBERS),
    Route("meetings:registration_close", kwargs=_cycle, allowed=WRITERS, method="post"),
]
