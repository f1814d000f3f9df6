"""Legal's parts of other apps' pages (thidua/core/contributions.py): the
audit log's sentences for its events."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thidua.core.audit import register_blocks
from thidua.core.audit_log import (
    Sentence,
    audit_objects,
    board_only,
    date_text,
    describe,
    from_event,
    objects,
    recorded,
)
from thidua.legal.models import DocumentForm, Instrument

audit_objects.add(
    objects(Instrument.objects.all(), url=board_only("legal:instrument_edit")),
    key="legal.instrument",
)
audit_objects.add(
    objects(DocumentForm.objects.select_related("instrument"), url=board_only("legal:form_edit")),
    key="legal.documentform",
)

describe(
    "legal",
    _("Legal texts"),
    {
        "legal.instrument.create": _("%(actor)s added the legal text %(object)s"),
        "legal.instrument.update": _("%(actor)s changed the legal text %(object)s"),
        "legal.instrument.end": Sentence(
            _("%(actor)s recorded that %(object)s ceases to apply from %(date)s"),
            from_event(date=lambda e: date_text(recorded(e, "valid_to"))),
        ),
        "legal.form.update": _("%(actor)s changed the document form %(object)s"),
    },
    order=95,
)


# The audit chain of the block each of these models is in (thidua/core/audit.py).
register_blocks(
    {
        "legal.instrument": "block",
        "legal.documentform": "instrument__block",
    }
)
