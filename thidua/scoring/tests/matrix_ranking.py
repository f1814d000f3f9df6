"""Access matrix for the ranking, its analysis, publication, correction and documents.

The cast's cycle has no published ranking: the Board and the head see the live figures, the
other member units only the ranking page (which tells them it is not published yet).
"""

from thidua.tests.access_matrix import MEMBERS, Route

BOARD = frozenset({"board"})
LIVE = BOARD | {"head_rep"}


def _cycle(cast):
    return {"pk": cast.cycle.pk}


def _unit(cast):
    return {"pk": cast.cycle.pk, "unit": cast.member_org.pk}


ROUTES = [
    Route("scoring:ranking", kwargs=_cycle, allowed=MEMBERS | BOARD),
    Route("scoring:analysis", kwargs=_cycle, allowed=LIVE),
    Route("scoring:ranking_publish", kwargs=_cycle, allowed=LIVE),
    Route("scoring:ranking_correct", kwargs=_cycle, allowed=BOARD),
    Route("scoring:ranking_xlsx", kwargs=_cycle, allowed=LIVE),
    # The cast's ranking is not published: its documents have no date yet, the page says so.
    Route("scoring:ranking_docx", kwargs=_cycle, allowed=LIVE, ok_status=409),
    Route("scoring:ranking_pdf", kwargs=_cycle, allowed=LIVE, ok_status=409),
    Route("scoring:unit_sheet_xlsx", kwargs=_unit, allowed=LIVE),
    Route("scoring:unit_sheet_docx", kwargs=_unit, allowed=LIVE, ok_status=409),
]
