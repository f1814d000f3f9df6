from thidua.core.tests.access_matrix import EVERYONE, Route

ROUTES = [
    Route("accounts:login", public=True, allowed=EVERYONE),
    Route("accounts:logout", method="post", public=True, anonymous_status=302, allowed=EVERYONE),
    Route("accounts:profile", allowed=EVERYONE),
    Route("accounts:password_change", allowed=EVERYONE),
    Route("accounts:two_factor", allowed=EVERYONE),
]
