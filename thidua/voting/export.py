"""The voting part of a cycle's archive: the evaluation meeting's minutes (Word and PDF) and
``ballots.json`` (every session, its counts and its bulletin board of receipt hashes)."""

from __future__ import annotations

import json

from thidua.cycles.models import Cycle
from thidua.reports import issuing
from thidua.voting import documents
from thidua.voting.models import BallotSession


def files(cycle: Cycle) -> dict[str, bytes]:
    if not BallotSession.objects.filter(cycle=cycle).exists():
        return {}
    data = json.dumps(documents.ballots_data(cycle), ensure_ascii=False, indent=2, sort_keys=True)
    out = {"ballots.json": data.encode()}
    try:
        out["voting/minutes.docx"] = documents.minutes_docx(cycle)
        out["voting/minutes.pdf"] = documents.minutes_pdf(cycle)
    except issuing.UndatedDocument:
        pass  # no evaluation meeting recorded: the minutes have no date, so none is issued
    return out
