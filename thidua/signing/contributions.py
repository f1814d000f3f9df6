"""Signing's parts of other apps' pages (thidua/core/contributions.py): the cycle page's link
with the covenant's status, its checks before the cycle leaves the signing phase, its part of
the archive."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.audit import register_blocks
from thidua.core.audit_log import (
    Sentence,
    about,
    audit_objects,
    board_only,
    date_text,
    describe,
    from_event,
    objects,
    recorded,
    stored,
)
from thidua.core.todo import todo_providers
from thidua.cycles.audit import cycle_events
from thidua.cycles.checks import phase_checks
from thidua.cycles.models import Cycle
from thidua.cycles.sections import Section, work_links
from thidua.orgs.sections import PersonSection, person_sections
from thidua.reports.archive import ArchivePart, archive_parts, file_reports
from thidua.signing import checks, export, selectors, todo, views_certificates
from thidua.signing.models import RemoteSignRequest, Signature


def _covenant(cycle: Cycle, user: Any) -> dict[str, Any]:
    return {"covenant": selectors.covenant_status(cycle)}


work_links.add(Section("signing/includes/cycle_link.html", _covenant), key="signing", order=30)
archive_parts.add(
    ArchivePart(apps.get_app_config("signing").verbose_name, export.files),
    key="signing",
    order=20,
)
file_reports.add(export.validation_files, key="signing.validation")


# --- the audit log (thidua/core/audit_log.py) ---


def _signing_events(cycles: Any) -> Q:
    return about(Signature.objects.filter(version__document__cycle__in=cycles)) | about(
        RemoteSignRequest.objects.filter(version__document__cycle__in=cycles)
    )


cycle_events.add(_signing_events, key="signing")

audit_objects.add(
    objects(
        Signature.objects.select_related("version__document"),
        name=lambda s: s.version.document.title,
        url=board_only("signing:board", lambda s: s.version.document.cycle_id),
        values=lambda s: {"unit": s.unit_name, "signer": s.signer_name},
    ),
    key="signing.signature",
)

audit_objects.add(
    objects(
        RemoteSignRequest.objects.select_related("version__document"),
        name=lambda r: r.version.document.title,
        url=board_only("signing:board", lambda r: r.version.document.cycle_id),
        values=lambda r: {"unit": r.unit.name if r.unit_id else ""},
    ),
    key="signing.remotesignrequest",
)

describe(
    "signing",
    _("Signing the covenant"),
    {
        "signing.signature.add": _("%(actor)s recorded the signature of %(unit)s on %(object)s"),
        "signing.version.freeze_warnings": _(
            "%(actor)s went on to freeze %(object)s for signing despite the checklist's warnings"
        ),
        "signing.trust_anchor.add": _(
            "%(actor)s added %(object)s to the certificate authorities trusted for signatures"
        ),
        "signing.certificate.register": _(
            "%(actor)s registered the signing certificate %(object)s"
        ),
        "signing.certificate.confirm": _(
            "%(actor)s confirmed that the signing certificate %(object)s is its holder's"
        ),
        "signing.certificate.revoke": _(
            "%(actor)s withdrew the registration of the signing certificate %(object)s"
        ),
        "signing.remote.start": _(
            "%(actor)s asked the remote signing service to sign %(object)s for %(unit)s"
        ),
        "signing.remote.approved": _(
            "The remote signature of %(unit)s (%(object)s) was approved, checked and recorded"
        ),
        "signing.remote.refused": _("The signer refused the remote signing of %(object)s"),
        "signing.remote.expired": _("The remote signing of %(object)s expired unanswered"),
        "signing.remote.failed": _(
            "The remote signature of %(unit)s (%(object)s) was approved but refused by the checks"
        ),
        "signing.covenant.in_force": Sentence(
            _("Every unit (%(units)s) has signed: %(object)s is in force"),
            from_event(units=stored("units")),
        ),
        "signing.version.freeze_date": Sentence(
            _("%(actor)s set the date %(object)s was frozen for signing to %(date)s"),
            from_event(date=lambda e: date_text(recorded(e, "frozen_at"))),
        ),
    },
    order=50,
)
todo_providers.add(todo.items, key="signing", order=30)
phase_checks.add(checks.phase_check, key="signing", order=30)


person_sections.add(
    PersonSection("signing/includes/person_certificates.html", views_certificates.section),
    key="signing.certificates",
    order=20,
)

# The audit chain of the block each of these models is in (thidua/core/audit.py).
register_blocks(
    {
        "signing.signature": "version__document__cycle__block",
        "signing.remotesignrequest": "version__document__cycle__block",
    }
)
