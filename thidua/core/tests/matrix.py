from thidua.core.tests.access_matrix import EVERYONE, Route

ROUTES = [
    Route("core:home", allowed=EVERYONE),
    Route("core:healthz", public=True, allowed=EVERYONE),
    Route("core:favicon", public=True, allowed=EVERYONE, anonymous_status=302, ok_status=302),
    Route("core:audit", allowed=frozenset({"board"})),
]
