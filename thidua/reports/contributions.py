"""Reports' parts of other apps' hubs (thidua/core/contributions.py): the cycle page's link to
the archive, for those who may take it, the archive's background job, and the audit log's
sentences for issued PDFs."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from thidua.core.audit_log import describe
from thidua.cycles.models import Cycle
from thidua.cycles.sections import WorkLink, work_links
from thidua.jobs.kinds import job_kinds
from thidua.reports import access, jobs


def _may_download(cycle: Cycle, user: Any) -> bool:
    return access.can_download_archive(user, cycle)


work_links.add(
    WorkLink(
        _("The cycle's archive (ZIP of every document, with a manifest)"),
        "reports:cycle_archive",
        shown_to=_may_download,
    ),
    key="reports",
    order=70,
)
job_kinds.add(jobs.build_archive, key=jobs.KIND)
describe(
    "reports",
    _("Issued documents"),
    {
        "reports.pdf.issue": _("%(actor)s issued the PDF %(object)s"),
        "reports.pdf.register_signed": _("%(actor)s recorded the signed PDF %(object)s"),
    },
    order=90,
)
