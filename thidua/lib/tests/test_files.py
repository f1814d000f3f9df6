import io
import zipfile

from thidua.lib.files import DOCX, JPEG, PDF, PNG, XLSX, content_type_for, sniff


def _office(marker: bytes) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types>" + marker + b"</Types>")
    out.seek(0)
    return out


def test_files_are_known_by_their_content_not_their_name():
    assert sniff(io.BytesIO(b"%PDF-1.7 ...")) == PDF
    assert sniff(io.BytesIO(b"\x89PNG\r\n\x1a\n....")) == PNG
    assert sniff(io.BytesIO(b"\xff\xd8\xff\xe0....")) == JPEG
    assert sniff(_office(b"wordprocessingml.document.main+xml")) == DOCX
    assert sniff(_office(b"spreadsheetml.sheet.main+xml")) == XLSX


def test_text_renamed_or_a_plain_zip_is_not_recognised_and_the_file_is_rewound():
    renamed = io.BytesIO(b"just some text pretending to be a PDF")
    assert sniff(renamed) is None
    assert renamed.tell() == 0
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("a.txt", "x")
    assert sniff(plain_zip) is None


def test_files_the_product_writes_are_served_by_the_type_of_their_name():
    assert content_type_for("giao-uoc-2025.DOCX") == DOCX
    assert content_type_for("bien-ban.pdf") == PDF
    assert content_type_for("ho-so.zip") == "application/zip"
    assert content_type_for("thidua-mau-nhap.xlsx") == XLSX
    assert content_type_for("anh.jpg") == JPEG
    assert content_type_for("no-extension") == "application/octet-stream"
    assert content_type_for("unknown.exe") == "application/octet-stream"
