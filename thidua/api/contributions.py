"""The API's part of other apps' hubs (thidua/core/contributions.py): its webhooks follow the
audit log, whose sentences for the API's own events are here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thidua.api import webhooks
from thidua.core.audit import audit_followers
from thidua.core.audit_log import describe

audit_followers.add(webhooks.follow, key="api.webhooks")

describe(
    "api",
    _("API access"),
    {
        "api.token.issue": _("%(actor)s issued the API token %(object)s"),
        "api.token.revoke": _("%(actor)s revoked the API token %(object)s"),
        "api.webhook.register": _("%(actor)s registered the webhook endpoint %(object)s"),
        "api.webhook.deactivate": _("%(actor)s switched off the webhook endpoint %(object)s"),
    },
    order=95,
)
