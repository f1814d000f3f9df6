"""The cycle archive records the block's posts published during the cycle's year."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.news import export, services
from thidua.news.tests.helpers import make_post, values

pytestmark = pytest.mark.django_db


def _at(year: int, month: int = 5) -> dt.datetime:
    return dt.datetime(year, month, 10, 9, 0, tzinfo=dt.UTC)


def _publish(cast, title, at, **extra):
    post = make_post(cast, title=title, **extra)
    return services.publish_post(actor=cast.head_rep, post=post, at=at)


def _rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [r for r in sheet.iter_rows(min_row=4, values_only=True) if any(r)]


def test_the_archive_lists_the_blocks_posts_published_in_the_cycles_year(cast):
    year = cast.cycle.year
    later = _publish(cast, "Tọa đàm an sinh xã hội", _at(year, 9))
    first = _publish(cast, "Phát động thi đua", _at(year, 3))
    _publish(cast, "Tin năm trước", _at(year - 1))
    make_post(cast, title="Bản nháp chưa đăng")
    taken_off = _publish(cast, "Tin đã gỡ", _at(year))
    services.unpublish_post(actor=cast.head_rep, post=taken_off)
    services.publish_post(
        actor=cast.board,
        post=services.create_post(actor=cast.board, values=values("Tin của Ban"), block=None),
        at=_at(year),
    )
    files = export.files(cast.cycle)
    rows = _rows(files[export.PATH])
    assert [r[1] for r in rows] == [first.title, later.title]
    # The publication day is a real date (openpyxl reads it back as midnight), local time.
    assert rows[0][0] == 1 and rows[0][2] == dt.datetime(year, 3, 10)
    assert rows[0][3] == cast.head_rep.full_name and rows[0][4] == "P.V."
    assert rows[1][5] == reverse("news:article", args=[later.slug])


def test_a_year_without_published_posts_adds_nothing_to_the_archive(cast):
    make_post(cast, title="Bản nháp")
    assert export.files(cast.cycle) == {}


def test_the_cycle_archive_picks_up_the_news_list(cast):
    from thidua.reports import archive

    _publish(cast, "Phát động thi đua", _at(cast.cycle.year))
    assert export.PATH in archive.collect(cast.cycle)
