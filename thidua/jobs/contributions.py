"""Jobs's parts of other apps' pages (thidua/core/contributions.py): the
audit log's sentences for its events."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thidua.core.audit_log import describe

describe(
    "jobs",
    _("Background jobs"),
    {"jobs.job.start": _("%(actor)s started the background job “%(object)s”")},
    order=99,
)
