"""Importing organisations, blocks and memberships from an XLSX workbook.

Three steps, each usable on its own: `read_workbook` checks the container and the sheets and
returns the rows as text; `check_import` validates them against a `Snapshot` of the registry and
returns a report of every row with its problems (pure, no database); `apply_import` re-checks and
writes everything through the registry services in one transaction, or nothing.

Between the preview and the confirmation the uploaded file waits in the storage (`store_upload`),
named by a random token and tied to the person who uploaded it; the browser only sends the token.
"""

from thidua.orgs.importer.applying import ImportInvalid, ImportSummary, apply_import, apply_parsed
from thidua.orgs.importer.checking import (
    CheckedRow,
    ImportReport,
    KnownProvince,
    Ref,
    SheetReport,
    Snapshot,
    check_import,
    load_snapshot,
    review_import,
)
from thidua.orgs.importer.layout import (
    BLOCKS,
    MAX_ROWS,
    MEMBERSHIPS,
    ORGANISATIONS,
    PREVIEW_ROWS,
    SHEETS,
    XLSX_TYPE,
    Column,
    ImportFileError,
    SheetSpec,
)
from thidua.orgs.importer.reading import (
    ParsedSheet,
    ParsedWorkbook,
    RawRow,
    check_container,
    read_workbook,
)
from thidua.orgs.importer.storage import (
    StoredUpload,
    claim_upload,
    discard_upload,
    find_upload,
    finish_upload,
    read_claimed,
    read_upload,
    release_upload,
    store_upload,
)
from thidua.orgs.importer.workbooks import build_template, build_workbook

__all__ = [
    "BLOCKS",
    "MAX_ROWS",
    "MEMBERSHIPS",
    "ORGANISATIONS",
    "PREVIEW_ROWS",
    "SHEETS",
    "XLSX_TYPE",
    "CheckedRow",
    "Column",
    "ImportFileError",
    "ImportInvalid",
    "ImportReport",
    "ImportSummary",
    "KnownProvince",
    "ParsedSheet",
    "ParsedWorkbook",
    "RawRow",
    "Ref",
    "SheetReport",
    "SheetSpec",
    "Snapshot",
    "StoredUpload",
    "apply_import",
    "apply_parsed",
    "build_template",
    "build_workbook",
    "check_container",
    "check_import",
    "claim_upload",
    "discard_upload",
    "find_upload",
    "finish_upload",
    "load_snapshot",
    "read_claimed",
    "read_upload",
    "read_workbook",
    "release_upload",
    "review_import",
    "store_upload",
]
