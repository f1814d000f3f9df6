"""Hostile and damaged files for the upload tests: valid seeds, byte-level damage (truncation,
bit flips, overwritten spans), part-level damage inside an Office package (malformed XML, a DTD
with entity expansion or an external entity, a part swapped for junk), zip bombs and files of
the wrong type. Hypothesis strategies, so each reader's test shrinks a failure to its cause."""

from __future__ import annotations

import functools
import io
import struct
import zipfile
from collections.abc import Callable, Sequence

import docx
import openpyxl
from hypothesis import strategies as st
from PIL import Image

# --- valid seeds --------------------------------------------------------------------------------


def xlsx_seed(rows: Sequence[Sequence[object]], title: str = "Sheet") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx_seed() -> bytes:
    document = docx.Document()
    document.add_paragraph("QUY CHẾ thi đua của Khối")
    document.add_paragraph("Điều 1. Phạm vi điều chỉnh")
    document.add_paragraph("Quy chế này quy định việc tổ chức phong trào thi đua.")
    document.add_paragraph("Điều 2. Đối tượng áp dụng")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(1, 1).text = "Đơn vị", "Hội Khuyến học"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@functools.cache
def image_seed(kind: str) -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate, so the transposition path runs
    out = io.BytesIO()
    image.save(out, format=kind, exif=exif) if kind == "JPEG" else image.save(out, format=kind)
    return out.getvalue()


PDF_SEED = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# --- hostile XML --------------------------------------------------------------------------------

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>\n"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
)
#: Snippets that make an XML part malformed or hostile when put in place of part of it.
XML_DAMAGE = [
    b"<",
    b"</wrong>",
    b"&undefined;",
    b"&#0;",
    b"\x00",
    b"<a><b></a>",
    b"\xff\xfe",
    b"]]>",
    b'<c r="XFD1048576" t="s"><v>999999</v></c>',
    b'<c r="A1" t="n"><v>1e400000</v></c>',
    b'<c r="A1" t="d"><v>not a date</v></c>',
]


def with_dtd(xml: bytes, dtd: bytes, reference: bytes) -> bytes:
    """The part with a DTD before its root element and an entity reference inside it."""
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    end = body.rfind(b"</")
    return dtd + body[:end] + reference + body[end:] if end > 0 else dtd + body


# --- packages -----------------------------------------------------------------------------------


def members(package: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def repack(parts: Sequence[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            archive.writestr(name, data)
    return out.getvalue()


@functools.cache
def zip_bomb(seed: bytes, unpacked_mb: int) -> bytes:
    """The package with one more part of ``unpacked_mb`` MB of zeros, declared honestly: the
    ratio and total-size checks must catch it before anything unpacks it."""
    out = io.BytesIO(seed)
    megabyte = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("docProps/padding.xml", "w", force_zip64=True) as part,
    ):
        for _ in range(unpacked_mb):
            part.write(megabyte)
    return out.getvalue()


def lying_sizes(package: bytes) -> bytes:
    """The package whose central directory declares every part to be 10 bytes long."""
    data = bytearray(package)
    offset = data.rfind(b"PK\x05\x06")
    (count,) = struct.unpack_from("<H", data, offset + 10)
    (start,) = struct.unpack_from("<I", data, offset + 16)
    position = start
    for _ in range(count):
        struct.pack_into("<I", data, position + 24, 10)
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, position + 28)
        position += 46 + name_len + extra_len + comment_len
    return bytes(data)


# --- strategies ---------------------------------------------------------------------------------


@st.composite
def damaged_bytes(draw: st.DrawFn, seed: bytes) -> bytes:
    """The seed truncated, with bits flipped, or a span overwritten."""
    how = draw(st.sampled_from(["truncate", "flip", "overwrite", "junk"]))
    data = bytearray(seed)
    if how == "truncate":
        return bytes(data[: draw(st.integers(0, max(len(data) - 1, 0)))])
    if how == "flip":
        for _ in range(draw(st.integers(1, 8))):
            position = draw(st.integers(0, len(data) - 1))
            data[position] ^= 1 << draw(st.integers(0, 7))
        return bytes(data)
    if how == "overwrite":
        start = draw(st.integers(0, len(data) - 1))
        junk = draw(st.binary(min_size=1, max_size=64))
        data[start : start + len(junk)] = junk
        return bytes(data)
    return draw(st.binary(max_size=2048))


@st.composite
def damaged_package(draw: st.DrawFn, seed: bytes) -> bytes:
    """The package rebuilt with one XML part damaged or made hostile; the zip itself is whole,
    so the damage is met only by the XML parser (opening the file or reading its rows)."""
    parts = members(seed)
    index = draw(st.integers(0, len(parts) - 1))
    name, xml = parts[index]
    how = draw(st.sampled_from(["truncate", "insert", "laughs", "external", "drop", "flip"]))
    if how == "truncate":
        xml = xml[: draw(st.integers(0, max(len(xml) - 1, 0)))]
    elif how == "insert":
        position = draw(st.integers(0, len(xml)))
        xml = xml[:position] + draw(st.sampled_from(XML_DAMAGE)) + xml[position:]
    elif how == "laughs":
        xml = with_dtd(xml, BILLION_LAUGHS, b"&lol9;")
    elif how == "external":
        xml = with_dtd(xml, EXTERNAL_ENTITY, b"&xxe;")
    elif how == "flip" and xml:
        data = bytearray(xml)
        position = draw(st.integers(0, len(data) - 1))
        data[position] ^= 1 << draw(st.integers(0, 7))
        xml = bytes(data)
    if how == "drop":
        return repack(parts[:index] + parts[index + 1 :])
    return repack([*parts[:index], (name, xml), *parts[index + 1 :]])


def hostile_files(seed: bytes, *, package: bool) -> st.SearchStrategy[bytes]:
    """Every kind of damage that fits the seed's format."""
    kinds: list[st.SearchStrategy[bytes]] = [
        damaged_bytes(seed),
        st.sampled_from([PDF_SEED, image_seed("PNG"), image_seed("JPEG"), b"", b"PK\x03\x04"]),
    ]
    if package:
        kinds += [damaged_package(seed), st.just(lying_sizes(seed))]
    return st.one_of(kinds)


def outcome_message(call: Callable[[], object], refusals: tuple[type[BaseException], ...]) -> str:
    """Run a reader: "" when it read the file, else the refusal's message. Any exception other
    than a refusal escapes, and fails the test."""
    try:
        call()
    except refusals as err:
        messages = getattr(err, "messages", None) or [getattr(err, "message", None) or str(err)]
        text = " ".join(str(m) for m in messages)
        assert text.strip(), f"{type(err).__name__} without a message"
        return text
    return ""
