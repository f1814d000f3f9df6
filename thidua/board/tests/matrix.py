from thidua.tests.access_matrix import EVERYONE, Route

ROUTES = [
    # Visitors who are not signed in see the public portal; people see their dashboard.
    Route("board:home", public=True, allowed=EVERYONE),
    Route("board:xlsx", kwargs=lambda c: {"table": "progress"}, allowed=frozenset({"board"})),
    Route("board:audit_export", kwargs=lambda c: {"fmt": "xlsx"}, allowed=frozenset({"board"})),
    Route("board:audit_export", kwargs=lambda c: {"fmt": "csv"}, allowed=frozenset({"board"})),
]
