"""The scoring part of a cycle's archive (``manage.py export_cycle``).

``files(cycle)`` returns archive paths and their bytes; the ranking comes from the published
snapshot when there is one, else from the submitted sheets.
"""

from __future__ import annotations

from thidua.cycles.models import Cycle
from thidua.scoring import documents
from thidua.scoring.models import PublishedRanking


def files(cycle: Cycle) -> dict[str, bytes]:
    published = PublishedRanking.objects.filter(cycle=cycle).first()
    data = documents.ranking_document(cycle, published=published)
    if not data.rows:
        return {}
    out = {"ranking.xlsx": documents.ranking_xlsx(data)}
    if published is not None:
        # The Word and PDF ranking are dated by its publication: none before it.
        out["scoring/ranking.docx"] = documents.ranking_docx(data)
        out["scoring/ranking.pdf"] = documents.ranking_pdf(data)
    published_at = published.published_at if published else None
    for unit in data.units:
        sheet = documents.unit_sheet(cycle, unit_id=unit.pk, published_at=published_at)
        if sheet is not None:
            out[f"scoring/score-sheets/{unit.pk}.xlsx"] = documents.unit_sheet_xlsx(sheet)
    return out
