"""Awards' parts of other apps' pages (thidua/core/contributions.py): the cycle page's section
on the dossiers, its checks before the cycle leaves the evaluation phase, its part of the
archive, the award history on an organisation's page."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.awards import checks, export, selectors
from thidua.cycles.checks import phase_checks
from thidua.cycles.models import Cycle
from thidua.cycles.sections import Section, cycle_sections
from thidua.orgs.models import Organisation
from thidua.orgs.sections import Link, organisation_links
from thidua.reports.archive import ArchivePart, archive_parts


def _dossiers(cycle: Cycle, user: Any) -> dict[str, Any]:
    return {"proposals": selectors.cycle_proposals(cycle)}


cycle_sections.add(
    Section("awards/includes/dossier_status.html", _dossiers), key="awards", order=20
)
archive_parts.add(
    ArchivePart(apps.get_app_config("awards").verbose_name, export.files),
    key="awards",
    order=60,
)


@organisation_links.register(key="awards.history", order=10)
def _history(org: Organisation) -> Link:
    return Link(_("Award history"), reverse("awards:history", args=[org.pk]))


phase_checks.add(checks.phase_check, key="awards", order=60)
