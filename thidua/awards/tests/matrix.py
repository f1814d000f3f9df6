"""Access matrix of the proposal workflow. The cast's member unit is the flag nominee: its own
people write its report; the head unit builds and submits; the Board reviews and decides."""

from thidua.awards.tests import helpers
from thidua.tests.access_matrix import EVERYONE, MEMBERS, Route

BOARD = frozenset({"board"})
READERS = MEMBERS | BOARD
BUILDERS = BOARD | {"head_rep"}
NOMINEE = frozenset({"member_rep", "member_leader"})


def _cycle(cast):
    helpers.evaluated_cycle(cast)
    return {"pk": cast.cycle.pk}


def _build(cast):
    helpers.evaluated_cycle(cast)
    return {"pk": cast.cycle.pk, "award": helpers.flag(cast).pk}


def _draft(cast):
    return {"pk": helpers.flag_proposal(cast).pk}


def _submitted(cast):
    return {"pk": helpers.submitted_proposal(cast).pk}


def _accepted(cast):
    return {"pk": helpers.accepted_proposal(cast).pk}


def _nominee(cast):
    return {"pk": helpers.flag_proposal(cast).nominees.get().pk}


def _uploaded(cast):
    # Attached directly: the sweeps build every URL on one cast, whose dossier may already be
    # submitted by then (the upload service refuses that).
    from django.core.files.base import ContentFile

    nominee = helpers.flag_proposal(cast).nominees.get()
    if not nominee.report_file:
        nominee.report_file.save("bao-cao.pdf", ContentFile(helpers.MINIMAL_PDF))
    return {"pk": nominee.pk}


def _org(cast):
    return {"pk": cast.member_org.pk}


ROUTES = [
    Route("awards:queue", allowed=BOARD),
    Route("awards:summary", allowed=BOARD),
    Route("awards:summary_xlsx", allowed=BOARD),
    Route("awards:cycle_dossiers", kwargs=_cycle, allowed=READERS),
    Route("awards:proposal_create", kwargs=_build, allowed=BUILDERS),
    Route("awards:proposal_detail", kwargs=_draft, allowed=READERS),
    Route("awards:proposal_edit", kwargs=_draft, allowed=BUILDERS),
    # The confirmation page with its checklist; the POST is tested in test_workflow.py.
    Route("awards:proposal_submit", kwargs=_draft, allowed=BUILDERS),
    Route("awards:proposal_return", kwargs=_submitted, allowed=BOARD),
    Route("awards:proposal_accept", kwargs=_submitted, allowed=BOARD, method="post"),
    Route("awards:decision", kwargs=_accepted, allowed=BOARD),
    Route("awards:to_trinh_docx", kwargs=_draft, allowed=READERS),
    Route("awards:to_trinh_pdf", kwargs=_draft, allowed=READERS),
    Route("awards:dossier_zip", kwargs=_draft, allowed=READERS),
    Route("awards:nominee_remove", kwargs=_nominee, allowed=BUILDERS, method="post"),
    # The nominee unit writes its own report; nobody else, not even the head or the Board.
    Route("awards:report_edit", kwargs=_nominee, allowed=NOMINEE),
    Route(
        "awards:report_upload",
        kwargs=_nominee,
        allowed=NOMINEE,
        method="post",
        data=lambda c: {"file": helpers.pdf_upload()},
    ),
    Route("awards:report_docx", kwargs=_nominee, allowed=READERS),
    Route("awards:report_pdf", kwargs=_nominee, allowed=READERS),
    Route("awards:report_file", kwargs=_uploaded, allowed=READERS),
    # Award histories are public on the portal: every signed-in person reads them.
    Route("awards:history", kwargs=_org, allowed=EVERYONE),
    # The cast's unit has no award decision on record: its history has no date (409 page).
    Route("awards:history_docx", kwargs=_org, allowed=EVERYONE, ok_status=409),
    Route("awards:history_pdf", kwargs=_org, allowed=EVERYONE, ok_status=409),
    Route("awards:history_xlsx", kwargs=_org, allowed=EVERYONE),
]
