import io
import zipfile

from thidua.lib.files import DOCX, JPEG, PDF, PNG, XLSX, sniff


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
