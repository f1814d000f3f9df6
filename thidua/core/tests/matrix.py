from thidua.core.tests.access_matrix import EVERYONE, Route

ROUTES = [
    Route("core:home", allowed=EVERYONE),
    Route("core:healthz", public=True, allowed=EVERYONE),
    Route("core:audit", allowed=frozenset({"board"})),
]
