"""``manage.py export_cycle`` adds the ranking workbook to the cycle's archive."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from thidua.cycles.models import Phase
from thidua.scoring import ranking_services
from thidua.scoring.tests.test_ranking import scored  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_export_cycle_archive_has_ranking_xlsx_with_one_row_per_unit(cast, scored, tmp_path):  # noqa: F811
    out = tmp_path / "cycle.zip"
    call_command("export_cycle", str(cast.cycle.pk), "--out", str(out), stdout=io.StringIO())
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        workbook = load_workbook(io.BytesIO(archive.read("ranking.xlsx")))
    # Not published yet: the Word and PDF ranking, dated by the publication, are not issued.
    assert "scoring/ranking.pdf" not in names and "scoring/ranking.docx" not in names
    assert f"scoring/score-sheets/{cast.member_org.pk}.xlsx" in names
    rows = [[c.value for c in r] for r in workbook.worksheets[0].iter_rows(min_row=4)]
    assert [(r[0], r[3]) for r in rows] == [
        ("Hội Nhà báo tỉnh", 1),
        ("Ban Đại diện Hội Người cao tuổi tỉnh", 2),
        ("Hội Người mù tỉnh", 3),
        ("Hội Luật gia tỉnh", 4),
    ]


def test_the_published_ranking_is_in_the_archive_as_word_and_pdf(cast, scored, tmp_path):  # noqa: F811
    cast.cycle.phase = Phase.CROSS_SCORING
    cast.cycle.save()
    ranking_services.publish_ranking(actor=cast.head_rep, cycle=cast.cycle)
    out = tmp_path / "cycle.zip"
    call_command("export_cycle", str(cast.cycle.pk), "--out", str(out), stdout=io.StringIO())
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
    assert "scoring/ranking.pdf" in names and "scoring/ranking.docx" in names
