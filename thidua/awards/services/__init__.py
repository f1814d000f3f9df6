"""Every write of the proposal workflow, by step:

- ``dossier``: build the dossier, edit it, write or upload the achievement reports;
- ``review``: submit it, and the Board returns or accepts it;
- ``decision``: record the decision that creates the awards;
- ``common``: the locks, phase checks and recipients the steps share.

States: draft → submitted → returned (reason) → submitted … → accepted → decided.
"""

from thidua.awards.services.common import (
    DOSSIER_PHASES,
    MAX_REPORT_BYTES,
    REPORT_FIELDS,
    REPORT_SECTIONS,
    REPORT_TYPES,
    default_summary,
)
from thidua.awards.services.decision import Outcome, record_decision
from thidua.awards.services.dossier import (
    build_proposal,
    check_report_upload,
    remove_nominee,
    update_proposal,
    upload_report,
    write_report,
)
from thidua.awards.services.review import accept_proposal, return_proposal, submit_proposal

__all__ = [
    "DOSSIER_PHASES",
    "MAX_REPORT_BYTES",
    "REPORT_FIELDS",
    "REPORT_SECTIONS",
    "REPORT_TYPES",
    "Outcome",
    "accept_proposal",
    "build_proposal",
    "check_report_upload",
    "default_summary",
    "record_decision",
    "remove_nominee",
    "return_proposal",
    "submit_proposal",
    "update_proposal",
    "upload_report",
    "write_report",
]
