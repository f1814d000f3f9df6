"""Who may open the API's pages (see thidua/tests/access_matrix.py).

The Board's token pages are the Board's alone. The API itself never takes a browser's session: a
signed-in person of any role, like an anonymous visitor, gets 401 from every token-protected
operation (`TOKEN_ONLY`), whose scopes are checked per operation in test_token_matrix.py. The
documentation, the OpenAPI schema and the public portal's data answer everyone."""

from thidua.api.tests.builders import make_token, make_webhook
from thidua.tests.access_matrix import Route

BOARD = frozenset({"board"})


def _token(cast):
    return {"pk": make_token(cast).token.pk}


def _webhook(cast):
    return {"pk": make_webhook(cast).pk}


def _pk(cast):
    return {"pk": 1}


def _token_only(name: str, *, kwargs=None, method: str = "get") -> Route:
    return Route(
        f"api-v1:{name}",
        kwargs=kwargs,
        method=method,
        public=True,
        anonymous_status=401,
        ok_status=401,
        data=(lambda cast: {}) if method == "post" else None,
    )


def _public(name: str) -> Route:
    return Route(f"api-v1:{name}", public=True)


TOKEN_ONLY = [
    _token_only("provinces"),
    _token_only("organisations"),
    _token_only("organisation", kwargs=_pk),
    _token_only("organisation_awards", kwargs=_pk),
    _token_only("blocks"),
    _token_only("block_memberships", kwargs=_pk),
    _token_only("registry_import", method="post"),
    _token_only("cycles"),
    _token_only("cycle", kwargs=_pk),
    _token_only("ranking", kwargs=_pk),
    _token_only("ballots", kwargs=_pk),
    _token_only("dossiers"),
    _token_only("dossier", kwargs=_pk),
    _token_only("record_decision", kwargs=_pk, method="post"),
    _token_only("decisions"),
    _token_only("dossier_package", kwargs=_pk),
]

ROUTES = [
    Route("api:docs", public=True),
    Route("api:token_list", allowed=BOARD),
    Route("api:token_create", allowed=BOARD),
    Route("api:token_revoke", kwargs=_token, allowed=BOARD),
    Route("api:webhook_list", allowed=BOARD),
    Route("api:webhook_create", allowed=BOARD),
    Route("api:webhook_deactivate", kwargs=_webhook, allowed=BOARD),
    _public("openapi-json"),
    _public("public_rankings"),
    _public("public_awards"),
    _public("public_news"),
    Route("api:v1_root", public=True, anonymous_status=302, ok_status=302),
    Route("api-v1:api-root", public=True, anonymous_status=302, ok_status=302),
    *TOKEN_ONLY,
]
