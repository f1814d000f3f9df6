from thidua.tests.access_matrix import Route

ROUTES = [
    # The archive may hold unpublished results: Board and head unit only.
    Route(
        "reports:cycle_archive",
        kwargs=lambda c: {"pk": c.cycle.pk},
        allowed=frozenset({"board", "head_rep"}),
    ),
]
