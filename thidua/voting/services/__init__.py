"""Every write about the evaluation meeting's ballots except the cast itself (``ballot_box``,
which keeps the secret-ballot invariants in one module), by step:

- ``preparing``: the sessions and their candidates;
- ``counting``: opening and closing sessions, the tally, paper counts and run-offs;
- ``election``: next year's head and deputy from the results;
- ``common``: the actor, phase, meeting and quorum checks the steps share.

One transaction each, an audit event, notifications once committed.
"""

from thidua.voting.services.common import COMMITTEE_SIZE
from thidua.voting.services.counting import (
    PaperCount,
    close_session,
    hold_again,
    open_session,
    prepare_runoff,
    record_paper_count,
)
from thidua.voting.services.election import apply_election
from thidua.voting.services.preparing import Nominee, prepare_all, prepare_session

__all__ = [
    "COMMITTEE_SIZE",
    "Nominee",
    "PaperCount",
    "apply_election",
    "close_session",
    "hold_again",
    "open_session",
    "prepare_all",
    "prepare_runoff",
    "prepare_session",
    "record_paper_count",
]
