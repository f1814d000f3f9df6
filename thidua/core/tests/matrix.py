from thidua.tests.access_matrix import EVERYONE, Route

ROUTES = [
    Route("core:healthz", public=True, allowed=EVERYONE),
    Route("core:floor", public=True, allowed=EVERYONE),
    Route("core:favicon", public=True, allowed=EVERYONE, anonymous_status=301, ok_status=301),
    Route("core:audit", allowed=frozenset({"board"})),
]
