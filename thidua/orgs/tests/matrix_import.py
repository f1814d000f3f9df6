"""Access matrix for the XLSX import: the Board's work only.

The preview and the confirmation need a token: each request gets a real stored upload of the
Board officer, so the allowed GET answers 200 and the allowed POST imports (and redirects)."""

import io

from thidua.orgs import importer
from thidua.tests.access_matrix import Route

BOARD = frozenset({"board"})
# Uploads this module stored: each call removes the previous ones, so that sweeping the matrix
# does not leave files behind in MEDIA_ROOT.
_stored: list[importer.StoredUpload] = []


def _stored_upload(cast):
    while _stored:
        importer.discard_upload(_stored.pop())
    data = importer.build_workbook(
        organisations=[["Hội Cựu giáo chức tỉnh", "Hội CGC", cast.province.code]],
        blocks=[["Khối thi đua 9", cast.province.code, ""]],
        memberships=[["Khối thi đua 9", "Hội Cựu giáo chức tỉnh", 2025, 1]],
    )
    upload = importer.store_upload(
        user=cast.board, file_name="matrix.xlsx", fileobj=io.BytesIO(data)
    )
    _stored.append(upload)
    return {"token": upload.token}


ROUTES = [
    Route("orgs:import_upload", allowed=BOARD),
    Route("orgs:import_template", allowed=BOARD),
    Route("orgs:import_preview", kwargs=_stored_upload, allowed=BOARD),
    Route("orgs:import_confirm", kwargs=_stored_upload, method="post", allowed=BOARD),
]
