from thidua.tests.access_matrix import EVERYONE, Route

ROUTES = [
    Route("notifications:list", allowed=EVERYONE),
    Route("notifications:read", method="post", allowed=EVERYONE),
]
