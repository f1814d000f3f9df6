from thidua.core.tests.access_matrix import EVERYONE, Route

ROUTES = [
    # Visitors who are not signed in see the public portal; people see their dashboard.
    Route("core:home", public=True, allowed=EVERYONE),
    Route("core:healthz", public=True, allowed=EVERYONE),
    Route("core:floor", public=True, allowed=EVERYONE),
    Route("core:favicon", public=True, allowed=EVERYONE, anonymous_status=301, ok_status=301),
    Route("core:audit", allowed=frozenset({"board"})),
    Route("core:board_xlsx", kwargs=lambda c: {"table": "progress"}, allowed=frozenset({"board"})),
]
