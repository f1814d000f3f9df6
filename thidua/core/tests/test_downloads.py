"""One download helper: RFC 6266 names, nosniff, the content type from the name."""

from __future__ import annotations

import io

from thidua.core.downloads import download, download_file
from thidua.lib.files import DOCX, PDF


def test_a_download_is_an_attachment_named_as_before():
    response = download(b"%PDF-1.7", "bien-ban-2025.pdf")
    assert response.content == b"%PDF-1.7"
    assert response["Content-Type"] == PDF
    assert response["Content-Disposition"] == 'attachment; filename="bien-ban-2025.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_vietnamese_name_arrives_intact():
    response = download(b"x", "Biên bản họp.docx")
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp.docx"
    )


def test_quotes_in_a_name_cannot_end_the_header_value():
    response = download(b"x", 'a"; filename="b.exe.txt')
    assert response["Content-Disposition"] == r'attachment; filename="a\"; filename=\"b.exe.txt"'


def test_an_explicit_content_type_wins_and_inline_shows_in_the_browser():
    response = download(b"x", "so-lieu.csv", content_type="text/csv; charset=utf-8", inline=True)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="so-lieu.csv"'


def test_a_stored_file_served_without_a_name_does_not_disclose_its_storage_name():
    handle = io.BytesIO(b"\x89PNG....")
    handle.name = "signatures/2025/covenant-7-unit-3.png"  # type: ignore[attr-defined]
    response = download_file(handle, None, inline=True)
    assert response["Content-Disposition"] == "inline"
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"\x89PNG...."  # type: ignore[arg-type]


def test_a_stored_file_downloads_under_the_name_it_is_given():
    handle = io.BytesIO(b"%PDF-1.7")
    handle.name = "evidence/abc123"  # type: ignore[attr-defined]
    response = download_file(handle, "Minh chứng.pdf", content_type=PDF)
    assert (
        response["Content-Disposition"] == "attachment; filename*=utf-8''Minh%20ch%E1%BB%A9ng.pdf"
    )
    assert response["Content-Type"] == PDF
