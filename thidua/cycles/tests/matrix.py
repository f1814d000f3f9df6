from thidua.cycles.models import AwardType
from thidua.tests.access_matrix import EVERYONE, MEMBERS, Route

BOARD = frozenset({"board"})


def _award(cast):
    return {"pk": AwardType.objects.filter(province=cast.province).first().pk}


ROUTES = [
    Route("cycles:cycle_list", allowed=EVERYONE),
    # The Board, and the people of the unit that headed a cycle (they prepare the next one).
    Route("cycles:cycle_create", allowed=BOARD | {"head_rep"}),
    Route("cycles:cycle_detail", kwargs=lambda c: {"pk": c.cycle.pk}, allowed=MEMBERS | BOARD),
    # The confirmation page; the POST itself is tested in test_phases.py.
    Route(
        "cycles:cycle_advance", kwargs=lambda c: {"pk": c.cycle.pk}, allowed=BOARD | {"head_rep"}
    ),
    Route("cycles:cycle_units", kwargs=lambda c: {"pk": c.cycle.pk}, allowed=BOARD),
    Route("cycles:policy_edit", kwargs=lambda c: {"pk": c.cycle.pk}, allowed=BOARD),
    Route("cycles:award_type_list", allowed=BOARD),
    Route("cycles:award_type_create", allowed=BOARD),
    Route("cycles:award_type_edit", kwargs=_award, allowed=BOARD),
    Route("cycles:province_policy", kwargs=lambda c: {"province_pk": c.province.pk}, allowed=BOARD),
]
