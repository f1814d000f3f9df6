from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from thidua.activities import selectors, services
from thidua.activities.models import Activity, ActivityKind, Photo
from thidua.activities.tests.builders import jpeg_bytes, make_activity, make_photo, upload
from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.cycles.models import Phase
from thidua.scoring.models import ScoreLine, ScoreSheet, SheetKind, SheetStatus
from thidua.scoring.tests.builders import build_table, set_phase
from thidua.testing import signin

pytestmark = pytest.mark.django_db


def _form(cast, **overrides):
    data = {
        "kind": ActivityKind.EXCHANGE,
        "title": "Trao đổi kinh nghiệm công tác hội",
        "host_unit": cast.member_org.pk,
        "date": f"{cast.cycle.year}-08-20",
        "place": "Phan Thiết",
        "report": "Các hội chia sẻ mô hình hay.",
        "participants": [cast.head_org.pk, cast.member_org.pk],
    }
    data.update(overrides)
    return data


def test_the_head_records_an_activity_that_every_member_reads(client, cast):
    signin(client, cast.head_rep)
    response = client.post(reverse("activities:activity_create", args=[cast.cycle.pk]), _form(cast))
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert activity.host_unit == cast.member_org and activity.created_by == cast.head_rep
    assert AuditEvent.objects.filter(action="activities.activity.create").exists()
    signin(client, cast.member_leader)
    page = client.get(reverse("activities:activity_detail", args=[activity.pk])).content.decode()
    assert "Trao đổi kinh nghiệm công tác hội" in page and cast.head_org.name in page
    listing = client.get(reverse("activities:activity_list", args=[cast.cycle.pk]))
    assert "Trao đổi kinh nghiệm công tác hội" in listing.content.decode()


def test_a_member_that_is_not_head_cannot_record_an_activity(client, cast):
    signin(client, cast.member_rep)
    url = reverse("activities:activity_create", args=[cast.cycle.pk])
    assert client.post(url, _form(cast)).status_code == 403
    assert not Activity.objects.exists()


def test_the_host_units_people_edit_their_activity_but_other_members_do_not(client, cast):
    activity = make_activity(cast, host_unit=cast.member_org)
    url = reverse("activities:activity_edit", args=[activity.pk])
    signin(client, cast.member_rep)
    response = client.post(url, _form(cast, title="Tọa đàm an sinh xã hội"))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Tọa đàm an sinh xã hội"
    hosted_elsewhere = make_activity(cast, host_unit=cast.deputy_org)
    edit = reverse("activities:activity_edit", args=[hosted_elsewhere.pk])
    assert client.get(edit).status_code == 403


def test_the_date_must_fall_in_the_cycles_year_and_the_host_must_be_a_member(client, cast):
    signin(client, cast.head_rep)
    url = reverse("activities:activity_create", args=[cast.cycle.pk])
    page = client.post(url, _form(cast, date="2019-01-01")).content.decode()
    assert str(cast.cycle.year) in page and not Activity.objects.exists()
    with pytest.raises(DomainError):
        make_activity(cast, host_unit=cast.outsider_org)


def test_a_closed_cycles_activities_no_longer_change(client, cast):
    activity = make_activity(cast)
    set_phase(cast.cycle, Phase.CLOSED)
    signin(client, cast.head_rep)
    assert client.get(reverse("activities:activity_edit", args=[activity.pk])).status_code == 403
    with pytest.raises(DomainError):
        make_activity(cast)


def test_participation_is_counted_per_unit_and_exported(client, cast):
    make_activity(cast)  # everyone
    make_activity(cast, participants=[cast.head_org, cast.member_org], host_unit=cast.member_org)
    make_activity(cast, participants=[cast.head_org], kind=ActivityKind.MID_YEAR)
    table = selectors.participation(cast.cycle)
    counts = table.counts()
    assert counts[cast.head_org.pk] == 3
    assert counts[cast.member_org.pk] == 2
    assert counts[cast.deputy_org.pk] == 1
    hosted = {row.unit.pk: row.hosted for row in table.rows}
    assert hosted[cast.head_org.pk] == 2 and hosted[cast.member_org.pk] == 1
    signin(client, cast.member_rep)
    page = client.get(reverse("activities:participation", args=[cast.cycle.pk])).content.decode()
    assert cast.member_org.name in page
    response = client.get(reverse("activities:participation_xlsx", args=[cast.cycle.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = {r[1]: r for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows[cast.member_org.name][-2:] == (2, 1)
    assert rows[cast.head_org.name][2:5] == ("x", "x", "x")


def test_unticking_a_unit_removes_it_from_the_count(cast):
    activity = make_activity(cast)
    services.update_activity(
        actor=cast.head_rep,
        activity=activity,
        values={"title": activity.title, "host_unit": cast.head_org},
        participants=[cast.head_org],
    )
    assert selectors.participation(cast.cycle).counts()[cast.member_org.pk] == 0


def test_the_list_pages_make_the_same_number_of_queries_for_3_or_30_activities(
    client, cast, django_assert_max_num_queries
):
    signin(client, cast.member_rep)
    urls = [
        reverse("activities:activity_list", args=[cast.cycle.pk]),
        reverse("activities:participation", args=[cast.cycle.pk]),
        reverse("activities:participation_xlsx", args=[cast.cycle.pk]),
    ]
    for _i in range(3):
        make_photo(cast)
    budgets = []
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(15) as few:
            client.get(url)
        budgets.append(len(few.captured_queries))
    for _i in range(27):
        make_activity(cast)
    for url, budget in zip(urls, budgets, strict=True):
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200


# --- photos ------------------------------------------------------------------------------------


def test_a_photo_is_stripped_of_its_location_and_resized(client, cast):
    activity = make_activity(cast)
    signin(client, cast.head_rep)
    data = jpeg_bytes((3200, 2400), exif_gps=True)
    response = client.post(
        reverse("activities:photo_add", args=[activity.pk]),
        {"image": upload(data), "caption": "Đại biểu dự tọa đàm"},
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    with Image.open(photo.image.open("rb")) as image:
        assert max(image.size) == 1600
        assert not image.getexif()
    assert b"SecretCam" not in photo.image.open("rb").read()
    served = client.get(reverse("activities:photo_file", args=[activity.pk, photo.pk]))
    assert served["Content-Type"] == "image/jpeg"
    signin(client, cast.member_rep)
    page = client.get(reverse("activities:activity_detail", args=[activity.pk])).content.decode()
    assert 'alt="Đại biểu dự tọa đàm"' in page and "<figcaption" in page


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(client, cast):
    activity = make_activity(cast)
    signin(client, cast.head_rep)
    response = client.post(
        reverse("activities:photo_add", args=[activity.pk]),
        {"image": upload(b"%PDF-1.4 not a photo", "photo.jpg"), "caption": "Ảnh"},
    )
    assert response.status_code == 400 and not Photo.objects.exists()
    assert "JPEG" in response.content.decode()


def test_a_photo_that_is_too_large_is_refused(cast, monkeypatch):
    monkeypatch.setattr(services, "MAX_PHOTO_BYTES", 1000)
    activity = make_activity(cast)
    with pytest.raises(DomainError) as err:
        services.add_photo(
            actor=cast.head_rep,
            activity=activity,
            upload=upload(jpeg_bytes((400, 400), color="blue") * 3),
            caption="Ảnh",
        )
    assert err.value.field == "image"


def test_a_photo_needs_a_caption(cast):
    with pytest.raises(DomainError) as err:
        services.add_photo(
            actor=cast.head_rep,
            activity=make_activity(cast),
            upload=upload(jpeg_bytes()),
            caption=" ",
        )
    assert err.value.field == "caption"


def test_removing_a_photo_is_audited(client, cast):
    photo = make_photo(cast)
    signin(client, cast.head_rep)
    client.post(reverse("activities:photo_remove", args=[photo.activity_id, photo.pk]))
    assert not Photo.objects.exists()
    assert AuditEvent.objects.filter(action="activities.photo.remove").exists()


# --- the criteria item -------------------------------------------------------------------------


def test_participation_counts_feed_a_count_item_of_the_self_assessment_drafts(client, cast):
    nodes = build_table(cast)
    make_activity(cast)
    make_activity(cast, participants=[cast.head_org, cast.member_org])
    set_phase(cast.cycle, Phase.SELF_ASSESSMENT)
    signin(client, cast.head_rep)
    url = reverse("activities:feed_criteria", args=[cast.cycle.pk])
    assert nodes["2.1"].title in client.get(url).content.decode()
    assert client.post(url, {"node": nodes["2.1"].pk}).status_code == 302
    values = {
        line.sheet.unit_id: line.value
        for line in ScoreLine.objects.filter(node=nodes["2.1"]).select_related("sheet")
    }
    assert values[cast.head_org.pk] == Decimal(2)
    assert values[cast.member_org.pk] == Decimal(2)
    assert values[cast.deputy_org.pk] == Decimal(1)
    event = AuditEvent.objects.get(action="activities.participation.feed")
    assert event.after["counts"][str(cast.member_org.pk)] == 2


def test_a_submitted_self_assessment_is_left_alone(cast):
    nodes = build_table(cast)
    make_activity(cast)
    set_phase(cast.cycle, Phase.SELF_ASSESSMENT)
    ScoreSheet.objects.create(
        cycle=cast.cycle,
        unit=cast.member_org,
        kind=SheetKind.SELF,
        status=SheetStatus.SUBMITTED,
        submitted_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )
    result = services.feed_criteria(actor=cast.board, cycle=cast.cycle, node_id=nodes["2.1"].pk)
    assert cast.member_org in result.skipped
    assert not ScoreLine.objects.filter(sheet__unit=cast.member_org).exists()
    again = services.feed_criteria(actor=cast.board, cycle=cast.cycle, node_id=nodes["2.1"].pk)
    assert not again.written and cast.head_org in again.unchanged


def test_counts_are_written_only_while_units_self_assess_and_only_into_count_items(cast):
    nodes = build_table(cast)
    with pytest.raises(DomainError):
        services.feed_criteria(actor=cast.head_rep, cycle=cast.cycle, node_id=nodes["2.1"].pk)
    set_phase(cast.cycle, Phase.SELF_ASSESSMENT)
    with pytest.raises(DomainError):
        services.feed_criteria(actor=cast.head_rep, cycle=cast.cycle, node_id=nodes["1.1"].pk)
    with pytest.raises(DomainError):
        services.feed_criteria(actor=cast.member_rep, cycle=cast.cycle, node_id=nodes["2.1"].pk)


def test_the_archive_holds_the_participation_table_and_the_photos_with_captions(cast):
    from thidua.reports import archive

    photo = make_photo(cast)
    files = archive.collect(cast.cycle)
    book = load_workbook(io.BytesIO(files["activities/hoat-dong-chung.xlsx"].content))
    photo_rows = list(book.worksheets[2].iter_rows(min_row=2, values_only=True))
    path = photo_rows[0][2]
    assert photo_rows[0][3] == photo.caption
    assert files[path].content == photo.image.open("rb").read()


def test_the_participation_page_offers_the_criteria_feed_only_while_units_self_assess(client, cast):
    signin(client, cast.head_rep)
    url = reverse("activities:participation", args=[cast.cycle.pk])
    feed = reverse("activities:feed_criteria", args=[cast.cycle.pk])
    assert feed not in client.get(url).content.decode()
    set_phase(cast.cycle, Phase.SELF_ASSESSMENT)
    assert feed in client.get(url).content.decode()
    signin(client, cast.member_rep)
    assert feed not in client.get(url).content.decode()
