"""Every reader of an uploaded file, fed damaged and hostile files: it reads the file or refuses
it with a message for the person, and never raises anything else (issue 17, item 1).

Each reader gets byte-level damage (truncation, flipped bits, overwritten spans, junk, a file
of another type); Office readers also get part-level damage inside a whole zip (malformed XML,
entity expansion, external entities, a missing part, sizes that lie) — that damage only shows
when the XML is parsed, which is where the registry import used to crash. Zip bombs are refused
before anything unpacks them, in bounded memory.
"""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Callable

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.awards.services.dossier import check_report_upload
from thidua.core.errors import DomainError
from thidua.drafting import docx_import
from thidua.lib import files, images
from thidua.news.forms import PhotoField, image_messages
from thidua.orgs import importer
from thidua.scoring import criteria_xlsx
from thidua.scoring.uploads import check_upload
from thidua.signing.uploads import scan_extension
from thidua.testing import hostile

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

REGISTRY_SEED = importer.build_workbook(
    organisations=[["Hội Khuyến học tỉnh", "Hội Khuyến học", "binh-thuan", "a@b.vn", "Phan Thiết"]],
    blocks=[["Khối thi đua 8", "binh-thuan", "Các hội đặc thù"]],
    memberships=[["Khối thi đua 8", "Hội Khuyến học tỉnh", 2025, 1]],
)
CRITERIA_SEED = hostile.xlsx_seed(
    [
        criteria_xlsx.COLUMNS,
        ["I", "", "group", "Công tác chỉ đạo", 30],
        ["1", "I", "manual", "Ban hành kế hoạch", 10],
        ["2", "I", "manual", "Tổ chức phong trào", 20],
    ]
)
DOCX_SEED = hostile.docx_seed()


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _registry(data: bytes) -> None:
    importer.read_workbook(io.BytesIO(data))


def _criteria(data: bytes) -> None:
    criteria_xlsx.parse(_upload("tieu-chi.xlsx", data))


def _photo(data: bytes) -> None:
    images.prepare(io.BytesIO(data), messages=image_messages())


def _news_photo(data: bytes) -> None:
    PhotoField().clean(_upload("anh.jpg", data))


READERS: dict[str, tuple[Callable[[bytes], object], tuple[type[BaseException], ...]]] = {
    "registry": (_registry, (importer.ImportFileError,)),
    "criteria": (_criteria, (DomainError,)),
    "docx draft": (docx_import.read_upload, (DomainError,)),
    "evidence docx": (lambda d: check_upload(_upload("minh-chung.docx", d)), (DomainError,)),
    "evidence xlsx": (lambda d: check_upload(_upload("minh-chung.xlsx", d)), (DomainError,)),
    "evidence pdf": (lambda d: check_upload(_upload("minh-chung.pdf", d)), (DomainError,)),
    "evidence png": (lambda d: check_upload(_upload("minh-chung.png", d)), (DomainError,)),
    "photo": (_photo, (images.ImageRejected,)),
    "news photo field": (_news_photo, (forms.ValidationError,)),
    "scan": (lambda d: scan_extension(_upload("ban-ky.pdf", d)), (DomainError,)),
    "report pdf": (lambda d: check_report_upload(_upload("bao-cao.pdf", d)), (DomainError,)),
    "report docx": (lambda d: check_report_upload(_upload("bao-cao.docx", d)), (DomainError,)),
}


def _seed(reader: str) -> tuple[bytes, bool]:
    """The reader's valid file, and whether it is an Office package."""
    if reader == "registry":
        return REGISTRY_SEED, True
    if reader in ("criteria", "evidence xlsx"):
        return CRITERIA_SEED, True
    if reader in ("docx draft", "evidence docx", "report docx"):
        return DOCX_SEED, True
    if reader in ("evidence pdf", "scan", "report pdf"):
        return hostile.PDF_SEED, False
    if reader == "evidence png":
        return hostile.image_seed("PNG"), False
    return hostile.image_seed("JPEG"), False


@pytest.mark.parametrize("reader", list(READERS))
def test_each_reader_accepts_its_valid_seed(reader):
    call, refusals = READERS[reader]
    data, _package = _seed(reader)
    assert hostile.outcome_message(lambda: call(data), refusals) == ""


@pytest.mark.parametrize("reader", list(READERS))
def test_each_reader_reads_or_refuses_damaged_files_with_a_message(reader):
    call, refusals = READERS[reader]
    seed, package = _seed(reader)

    @FUZZ
    @given(hostile.hostile_files(seed, package=package))
    def property(data: bytes) -> None:
        hostile.outcome_message(lambda: call(data), refusals)

    property()


OFFICE_READERS = ["registry", "criteria", "docx draft", "evidence docx", "report docx"]


@pytest.mark.parametrize("reader", OFFICE_READERS)
@pytest.mark.parametrize("dtd", ["laughs", "external"])
def test_entity_expansion_and_external_entities_are_refused_in_every_part(reader, dtd):
    call, refusals = READERS[reader]
    seed, _package = _seed(reader)
    parts = hostile.members(seed)
    for index, (name, xml) in enumerate(parts):
        if not name.endswith((".xml", ".rels")):
            continue
        header, reference = (
            (hostile.BILLION_LAUGHS, b"&lol9;")
            if dtd == "laughs"
            else (hostile.EXTERNAL_ENTITY, b"&xxe;")
        )
        evil = hostile.with_dtd(xml, header, reference)
        data = hostile.repack([*parts[:index], (name, evil), *parts[index + 1 :]])
        message = hostile.outcome_message(lambda data=data: call(data), refusals)
        assert message, f"{name} with a DTD was accepted"
        assert "root:" not in message


@pytest.mark.parametrize("reader", OFFICE_READERS)
def test_a_zip_bomb_is_refused_before_it_is_unpacked(reader):
    call, refusals = READERS[reader]
    seed, _package = _seed(reader)
    for bomb in (hostile.zip_bomb(seed, 30), hostile.zip_bomb(seed, 120)):
        tracemalloc.start()
        try:
            message = hostile.outcome_message(lambda bomb=bomb: call(bomb), refusals)
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert message
        assert peak < 20 * 1024 * 1024, f"{peak / 1e6:.0f} MB held while refusing a bomb"


def test_the_package_check_names_why_it_refuses():
    seed = DOCX_SEED
    with pytest.raises(files.FileRejected) as too_large:
        files.check_package(io.BytesIO(hostile.zip_bomb(seed, 30)), max_unpacked=10**9)
    assert too_large.value.reason == "too_large"
    with pytest.raises(files.FileRejected) as lying:
        files.check_package(io.BytesIO(hostile.lying_sizes(seed)), max_unpacked=10**9)
    assert lying.value.reason == "broken"
    files.check_package(io.BytesIO(seed), max_unpacked=10**9)


@st.composite
def _image_mutants(draw: st.DrawFn) -> bytes:
    seed = hostile.image_seed(draw(st.sampled_from(["PNG", "JPEG"])))
    return draw(hostile.damaged_bytes(seed))


@FUZZ
@given(_image_mutants())
def test_a_damaged_image_is_verified_or_refused_never_crashes(data):
    try:
        images.verify(io.BytesIO(data))
    except files.FileRejected as err:
        assert err.reason in ("broken", "too_large")


def test_a_truncated_pdf_is_refused_and_a_whole_one_passes():
    files.check_pdf(io.BytesIO(hostile.PDF_SEED))
    with pytest.raises(files.FileRejected):
        files.check_pdf(io.BytesIO(hostile.PDF_SEED[:-20]))


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares its size and holds no pixels: what a decompression bomb looks like
    to the reader before it decodes anything."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def test_a_pixel_bomb_is_refused_as_too_large_before_it_is_decoded():
    bomb = _png_header(50_000, 50_000)
    tracemalloc.start()
    try:
        with pytest.raises(files.FileRejected) as err:
            images.verify(io.BytesIO(bomb))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert err.value.reason == "too_large"
    assert peak < 5 * 1024 * 1024
    with pytest.raises(images.ImageRejected, match="too large"):
        images.prepare(
            io.BytesIO(bomb), messages={"type": "type", "size": "too large", "broken": "broken"}
        )
