from thidua.core.tests.access_matrix import EVERYONE, Route

ROUTES = [
    Route("core:home", allowed=EVERYONE),
    Route("core:healthz", public=True, allowed=EVERYONE),
    Route("core:favicon", public=True, allowed=EVERYONE, anonymous_status=301, ok_status=301),
    Route("core:audit", allowed=frozenset({"board"})),
    Route("core:board_xlsx", kwargs=lambda c: {"table": "progress"}, allowed=frozenset({"board"})),
]
