"""The proposals' part of a cycle's archive (``manage.py export_cycle``): per title the tờ trình
(DOCX and PDF), each nominee's achievement report and, once recorded, the decision summary."""

from __future__ import annotations

from thidua.awards import documents
from thidua.awards.models import Proposal
from thidua.cycles.models import Cycle
from thidua.reports import issuing


def files(cycle: Cycle) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    proposals = Proposal.objects.filter(cycle=cycle).select_related(
        "award_type", "cycle__block__province"
    )
    for proposal in proposals:
        code = proposal.award_type.code
        try:
            out[f"awards/to-trinh-{code}.docx"] = documents.to_trinh_docx(proposal)
            out[f"awards/to-trinh-{code}.pdf"] = documents.to_trinh_pdf(proposal)
        except issuing.UndatedDocument:
            continue  # a tờ trình without a date is not issued, nor the reports it dates
        for n in proposal.nominees.select_related("organisation").order_by("order", "pk"):
            prefix = f"awards/bao-cao-thanh-tich-{code}/{n.order:02d}-{n.organisation_id}-"
            out.update(documents.report_files(n, prefix=prefix))
        if hasattr(proposal, "decision"):
            out[f"awards/quyet-dinh-{code}.docx"] = documents.decision_docx(proposal)
            out[f"awards/quyet-dinh-{code}.pdf"] = documents.decision_pdf(proposal)
    return out
