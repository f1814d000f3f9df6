"""Every accounts URL. Signed-in sweeps use `signin()`: verified two-factor, but no recent
password confirmation, so pages behind re-authentication answer with a redirect."""

from thidua.tests.access_matrix import EVERYONE, Route


def _bad_reset_link(cast):
    return {"uidb64": "MQ", "token": "no-such-token"}


ROUTES = [
    Route("accounts:login", public=True, allowed=EVERYONE),
    Route("accounts:logout", method="post", public=True, anonymous_status=302, allowed=EVERYONE),
    Route("accounts:profile", allowed=EVERYONE),
    Route("accounts:password_change", allowed=EVERYONE),
    Route("accounts:password_change_done", allowed=EVERYONE),
    Route("accounts:password_reset", public=True, allowed=EVERYONE),
    Route("accounts:password_reset_done", public=True, allowed=EVERYONE),
    Route("accounts:password_reset_confirm", public=True, allowed=EVERYONE, kwargs=_bad_reset_link),
    Route("accounts:password_reset_complete", public=True, allowed=EVERYONE),
    Route("accounts:two_factor", allowed=EVERYONE),
    # The cast already has an authenticator: replacing it first asks for the password again.
    Route("accounts:two_factor_setup", allowed=EVERYONE, ok_status=302),
    Route("accounts:two_factor_disable", method="post", allowed=EVERYONE),
    # Already verified: the page sends the person on to where they were going.
    Route("accounts:two_factor_verify", allowed=EVERYONE, ok_status=302),
    Route("accounts:reauth", allowed=EVERYONE),
]
