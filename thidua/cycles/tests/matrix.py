from thidua.core.tests.access_matrix import EVERYONE, MEMBERS, Route

ROUTES = [
    Route("cycles:cycle_list", allowed=EVERYONE),
    Route("cycles:cycle_detail", kwargs=lambda c: {"pk": c.cycle.pk},
          allowed=MEMBERS | {"board"}),
]
