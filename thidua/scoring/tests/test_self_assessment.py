import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from thidua.core.errors import DomainError
from thidua.cycles.models import Phase
from thidua.scoring import services
from thidua.scoring.models import Evidence, ScoreChange, ScoreLine, SheetStatus
from thidua.scoring.services import LineInput
from thidua.scoring.tests.builders import build_table, full_entries, set_phase
from thidua.testing.hostile import image_seed

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def office_file(main: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types><Override ContentType="application/vnd.openxmlformats-officedocument.{main}"/>'
            "</Types>",
        )
    return buffer.getvalue()


@pytest.fixture
def table(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    nodes = build_table(cast)
    set_phase(cast.cycle, Phase.SELF_ASSESSMENT)
    return nodes


def save(cast, entries, *, user=None, version=None, uploads=None):
    return services.save_self_assessment(
        actor=user or cast.member_rep,
        cycle=cast.cycle,
        unit=cast.member_org,
        version=version,
        entries=entries,
        uploads=uploads,
    )


def test_a_unit_saves_a_draft_and_the_table_freezes(cast, table):
    sheet = save(cast, {table["1.1"].pk: LineInput(value="7", explanation="Our work")})
    assert sheet.status == SheetStatus.DRAFT
    assert ScoreLine.objects.get(sheet=sheet).value == Decimal(7)
    cast.cycle.criteria_table.refresh_from_db()
    assert cast.cycle.criteria_table.is_frozen


def test_scores_above_the_maximum_are_refused_and_nothing_is_saved(cast, table):
    entries = {table["1.2"].pk: LineInput(value="1"), table["1.1"].pk: LineInput(value="11")}
    with pytest.raises(DomainError) as err:
        save(cast, entries)
    assert err.value.field == f"value_{table['1.1'].pk}"
    assert "10" in err.value.message
    assert not ScoreLine.objects.exists()


@pytest.mark.parametrize("value", ["9" * 26, "1e30", "-1e400", "NaN", "sNaN", "Infinity", "²"])
def test_a_number_past_what_a_sheet_holds_is_refused_not_a_crash(cast, table, value):
    """A count or quantitative item has no maximum: its value is still bounded by the column."""
    for code in ("1.3", "2.1"):
        with pytest.raises(DomainError) as err:
            save(cast, {table[code].pk: LineInput(value=value, target="10")})
        assert err.value.field is not None
    assert not ScoreLine.objects.exists()


@pytest.mark.parametrize(
    ("code", "value", "target"),
    [("2.1", "-1", ""), ("III", "6", ""), ("IV", "5.5", ""), ("1.2", "2", ""), ("1.3", "5", "0")],
)
def test_negative_counts_caps_and_zero_targets_are_refused(cast, table, code, value, target):
    with pytest.raises(DomainError):
        save(cast, {table[code].pk: LineInput(value=value, target=target)})
    assert not ScoreLine.objects.exists()


def test_a_unit_cannot_self_assess_for_another_unit(cast, table):
    with pytest.raises(DomainError):
        services.save_self_assessment(
            actor=cast.head_rep, cycle=cast.cycle, unit=cast.member_org, version=None, entries={}
        )


def test_nothing_is_accepted_after_the_phase_ends(cast, table):
    set_phase(cast.cycle, Phase.CROSS_SCORING)
    with pytest.raises(DomainError):
        save(cast, {table["1.1"].pk: LineInput(value="7")})


def test_a_stale_save_gets_a_conflict_message(cast, table):
    first = save(cast, {table["1.1"].pk: LineInput(value="7")})
    save(
        cast,
        {table["1.1"].pk: LineInput(value="8")},
        user=cast.member_leader,
        version=first.version,
    )
    with translation.override("en"), pytest.raises(DomainError) as err:
        save(cast, {table["1.1"].pk: LineInput(value="9")}, version=first.version)
    assert "reload" in err.value.message
    assert ScoreLine.objects.get().value == Decimal(8)


def test_submission_needs_every_item_then_locks_until_the_head_reopens(cast, table):
    sheet = save(cast, {table["1.1"].pk: LineInput(value="7")})
    with pytest.raises(DomainError):
        services.submit_self_assessment(
            actor=cast.member_rep, cycle=cast.cycle, unit=cast.member_org, version=sheet.version
        )
    sheet = save(cast, full_entries(table), version=sheet.version)
    sheet = services.submit_self_assessment(
        actor=cast.member_rep, cycle=cast.cycle, unit=cast.member_org, version=sheet.version
    )
    assert sheet.status == SheetStatus.SUBMITTED
    with pytest.raises(DomainError):
        save(cast, {table["1.1"].pk: LineInput(value="9")})
    with pytest.raises(DomainError):
        services.reopen_self_assessment(actor=cast.member_rep, sheet=sheet, reason="x")
    with pytest.raises(DomainError):
        services.reopen_self_assessment(actor=cast.head_rep, sheet=sheet, reason=" ")
    services.reopen_self_assessment(actor=cast.head_rep, sheet=sheet, reason="Typo in 1.1")
    save(cast, {table["1.1"].pk: LineInput(value="9")})
    change = ScoreChange.objects.get()
    assert (change.old_value, change.new_value) == (Decimal("8.5"), Decimal(9))


def test_evidence_files_are_checked_by_their_content(cast, table):
    node = table["1.1"].pk
    good = [
        SimpleUploadedFile("report.pdf", PDF_BYTES),
        SimpleUploadedFile("photo.png", image_seed("PNG")),
        SimpleUploadedFile("minutes.docx", office_file("wordprocessingml.document.main+xml")),
        SimpleUploadedFile("figures.xlsx", office_file("spreadsheetml.sheet.main+xml")),
    ]
    save(cast, {node: LineInput(value="7")}, uploads={node: good})
    assert Evidence.objects.count() == 4
    for bad in [
        SimpleUploadedFile("fake.pdf", b"MZ not a pdf"),
        SimpleUploadedFile("swap.docx", office_file("spreadsheetml.sheet.main+xml")),
        SimpleUploadedFile("run.exe", b"MZ"),
        SimpleUploadedFile("broken.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20),
        SimpleUploadedFile("cut.pdf", PDF_BYTES[:-8]),
    ]:
        with pytest.raises(DomainError):
            save(cast, {node: LineInput(value="8")}, uploads={node: [bad]})
    assert Evidence.objects.count() == 4
    assert ScoreLine.objects.get().value == Decimal(7)


def test_files_larger_than_ten_megabytes_are_refused(cast, table):
    node = table["1.1"].pk
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024))
    with pytest.raises(DomainError) as err:
        save(cast, {node: LineInput(value="7")}, uploads={node: [big]})
    assert "10 MB" in err.value.message
