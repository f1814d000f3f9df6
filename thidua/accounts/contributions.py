"""What accounts contributes to the floor's hubs."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.accounts.reauth import is_recently_authenticated
from thidua.core.audit_log import audit_objects, board_only, describe, objects
from thidua.core.page_cache import person_key_parts


@person_key_parts.register(key="fresh_auth", order=10)
def fresh_authentication(request: HttpRequest) -> str:
    # The ballot and signing pages offer the form or the re-authentication link.
    return str(int(is_recently_authenticated(request)))


# --- the audit log (thidua/core/audit_log.py) ------------------------------------------------


def _full_name(user: User) -> str:
    return user.full_name or user.get_username()


audit_objects.add(
    objects(User.objects.all(), name=_full_name, url=board_only("orgs:person_edit")),
    key="accounts.user",
)

describe(
    "accounts",
    _("Sign-in and accounts"),
    {
        "person.create": _("%(actor)s created the account of %(object)s"),
        "person.update": _("%(actor)s changed the account of %(object)s"),
        "person.totp_device.add": _("%(actor)s registered an authenticator app for %(object)s"),
        "auth.login": _("%(object)s signed in"),
        "auth.logout": _("%(object)s signed out"),
        "auth.reauth": _("%(object)s confirmed their identity again before a sensitive step"),
        "auth.password_change": _("%(object)s changed their password"),
        "auth.password_reset": _("%(object)s set a new password with an e-mailed link"),
        "auth.password_link_send": _("%(actor)s sent %(object)s a link to set a password"),
        "auth.two_factor_enable": _("%(actor)s turned on two-step sign-in for %(object)s"),
        "auth.two_factor_disable": _("%(actor)s turned off two-step sign-in for %(object)s"),
        "auth.two_factor_verify": _("%(object)s passed the two-step sign-in check"),
    },
    order=90,
)
