"""The API's part of other apps' hubs (thidua/core/contributions.py): its webhooks follow the
audit log."""

from __future__ import annotations

from thidua.api import webhooks
from thidua.core.audit import audit_followers

audit_followers.add(webhooks.follow, key="api.webhooks")
