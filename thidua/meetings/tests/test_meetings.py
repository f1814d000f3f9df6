"""Recording a meeting, its attendance against the roster, the quorum and the minutes."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pypdf
import pytest
from django.urls import reverse
from django.utils import translation

from thidua.core.audit import AuditEvent
from thidua.core.errors import DomainError
from thidua.cycles import services as cycles
from thidua.cycles.models import PHASE_ORDER
from thidua.drafting.models import Document, DocumentVersion
from thidua.legal.signers import MISSING_NAME
from thidua.meetings import selectors, services
from thidua.meetings.models import Meeting
from thidua.meetings.tests.helpers import make_held_meeting, make_meeting, meeting_values
from thidua.orgs import services as orgs
from thidua.testing import make_org, signin

pytestmark = pytest.mark.django_db


def _form_data(**changes):
    values = meeting_values(**changes)
    data = {k: v for k, v in values.items() if k != "agenda"}
    data["agenda"] = "\n".join(values["agenda"])
    data["date"] = values["date"].isoformat()
    data["start_time"], data["end_time"] = "08:00", "11:30"
    return data


def test_head_records_a_meeting_and_is_taken_to_attendance(client, cast):
    signin(client, cast.head_rep)
    response = client.post(reverse("meetings:meeting_create", args=[cast.cycle.pk]), _form_data())
    meeting = Meeting.objects.get(cycle=cast.cycle)
    assert response["Location"] == reverse("meetings:meeting_attendance", args=[meeting.pk])
    assert meeting.agenda == ["Thông qua dự thảo quy chế", "Ký kết giao ước thi đua"]
    assert AuditEvent.objects.filter(action="meeting.create", object_id=str(meeting.pk)).exists()


def test_editing_a_meeting_keeps_the_change_and_its_audit(client, cast):
    meeting = make_meeting(cast)
    signin(client, cast.board)
    url = reverse("meetings:meeting_edit", args=[meeting.pk])
    client.post(url, _form_data(place="Hội trường Sở Nội vụ"))
    meeting.refresh_from_db()
    assert meeting.place == "Hội trường Sở Nội vụ"
    assert AuditEvent.objects.filter(action="meeting.update").exists()


def test_a_meeting_cannot_end_before_it_starts(cast):
    with pytest.raises(DomainError):
        services.create_meeting(
            actor=cast.head_rep,
            cycle=cast.cycle,
            values=meeting_values(start_time=dt.time(9, 0), end_time=dt.time(8, 0)),
        )


def test_members_read_but_do_not_edit_meetings(client, cast):
    meeting = make_meeting(cast)
    signin(client, cast.member_rep)
    assert client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).status_code == 200
    url = reverse("meetings:meeting_edit", args=[meeting.pk])
    assert client.post(url, _form_data(place="X")).status_code == 403
    assert Meeting.objects.get().place != "X"


def _attend(client, meeting, present_ids, rows):
    data = {}
    for row in rows:
        pk = row.organisation.pk
        if pk in present_ids:
            data[f"present_{pk}"] = "on"
            data[f"delegates_{pk}"] = f"Đại biểu {row.organisation.short_name}"
    return client.post(reverse("meetings:meeting_attendance", args=[meeting.pk]), data)


def test_attendance_is_recorded_per_unit_and_the_quorum_is_said_in_words(client, cast):
    meeting = make_meeting(cast)
    rows = selectors.attendance(meeting)
    assert len(rows) == 4
    signin(client, cast.head_rep)
    # 2 of 4 present: the default policy needs at least 2/3, i.e. 3 of 4.
    _attend(client, meeting, {rows[0].organisation.pk, rows[1].organisation.pk}, rows)
    quorum = selectors.quorum(meeting)
    assert (quorum.present, quorum.members, quorum.needed, quorum.reached) == (2, 4, 3, False)
    with translation.override("en"):
        assert quorum.text.startswith("Quorum not reached: 2 of 4")
    _attend(client, meeting, {r.organisation.pk for r in rows[:3]}, rows)
    quorum = selectors.quorum(meeting)
    with translation.override("en"):
        assert quorum.reached and quorum.text.startswith("Quorum reached: 3 of 4")
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Đại biểu Hội Nhà báo" in page


def test_an_outsider_unit_cannot_be_marked_present(cast):
    meeting = make_meeting(cast)
    with pytest.raises(DomainError):
        services.record_attendance(
            actor=cast.head_rep, meeting=meeting, rows=[(cast.outsider_org.pk, True, "")]
        )


def test_speakers_are_added_and_removed_by_the_head(client, cast):
    meeting = make_meeting(cast)
    signin(client, cast.head_rep)
    client.post(
        reverse("meetings:speaker_add", args=[meeting.pk]),
        {
            "name": "Lê Hồng Văn",
            "position": "Chủ tịch",
            "unit": "Hội Nhà báo tỉnh",
            "summary": "Đề nghị làm rõ tiêu chí chấm điểm.",
        },
    )
    speaker = meeting.speakers.get()
    assert speaker.order == 1 and speaker.unit == "Hội Nhà báo tỉnh"
    client.post(reverse("meetings:speaker_remove", args=[meeting.pk, speaker.pk]))
    assert not meeting.speakers.exists()
    assert AuditEvent.objects.filter(action="meeting.speaker.remove").exists()


def test_minutes_reopen_in_word_with_attendees_speakers_and_signatures(client, cast):
    meeting = make_held_meeting(cast)
    signin(client, cast.member_rep)
    response = client.get(reverse("meetings:minutes_docx", args=[meeting.pk]))
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "KHỐI THI ĐUA 8" in cells and "Số: …/BB-KTĐ8" in cells
    assert "BIÊN BẢN" in text
    assert "Hội nghị phát động và ký kết giao ước thi đua năm 2025" in text
    assert "Hội Nhà báo tỉnh" in cells and "Lê Hồng Văn" in text
    assert "Đơn vị vắng mặt: Hội Người mù tỉnh." in text
    assert "THƯ KÝ" in cells and "CHỦ TỌA" in cells and "Đào Xuân Nay" in cells


def test_minutes_pdf_has_the_attendees_and_the_speakers(client, cast):
    meeting = make_held_meeting(cast)
    signin(client, cast.board)
    response = client.get(reverse("meetings:minutes_pdf", args=[meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    for expected in (
        "BIÊN BẢN",
        "Ban Đại diện Hội Người cao tuổi tỉnh",
        "Hội Luật gia tỉnh",
        "Lê Hồng Văn",
        "Hội Người mù tỉnh",
        "THƯ KÝ",
        "CHỦ TỌA",
    ):
        assert expected in text, expected


def test_block_short_name_is_the_initials_with_the_number():
    assert selectors.block_short("Khối thi đua 8") == "KTĐ8"


def test_a_closed_cycles_meetings_are_read_only(client, cast):
    meeting = make_meeting(cast)
    for phase in PHASE_ORDER[1:]:
        cycles.advance_phase(
            actor=cast.head_rep,
            cycle=cast.cycle,
            to_phase=phase,
            acknowledge=True,
            reason="Kiểm thử",
        )
    signin(client, cast.head_rep)
    assert client.get(reverse("meetings:meeting_edit", args=[meeting.pk])).status_code == 403
    assert client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).status_code == 200


def test_outsiders_do_not_learn_that_a_meeting_exists(client, cast):
    meeting = make_meeting(cast)
    signin(client, cast.outsider)
    assert client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:minutes_pdf", args=[meeting.pk])).status_code == 404


def test_the_edit_page_shows_the_recorded_date_and_times(client, cast):
    meeting = make_meeting(cast)
    signin(client, cast.head_rep)
    page = client.get(reverse("meetings:meeting_edit", args=[meeting.pk])).content.decode()
    assert 'value="2025-03-25"' in page and 'value="08:00"' in page
    assert "Ký kết giao ước thi đua" in page


def _version(cycle, kind="covenant", title="Giao ước thi đua năm 2025"):
    document = Document.objects.create(cycle=cycle, kind=kind, title=title)
    return DocumentVersion.objects.create(
        document=document, number=1, title=title, content=[], sha256="0" * 64
    )


def test_adopted_documents_are_listed_in_the_minutes(cast):
    version = _version(cast.cycle)
    meeting = make_meeting(cast)
    services.update_meeting(
        actor=cast.head_rep, meeting=meeting, values=meeting_values(), documents=[version]
    )
    text = [
        getattr(b, "text", "") or " ".join(getattr(b, "items", []))
        for b in selectors.minutes(meeting).blocks
    ]
    assert any("Giao ước thi đua năm 2025 (phiên bản 1)" in t for t in text)


def test_another_cycles_document_cannot_be_adopted(cast):
    deputy = make_org(cast.province, "Hội Nông dân tỉnh")
    orgs.add_membership(actor=None, block=cast.other_block, organisation=deputy, year=2025)
    other = cycles.create_cycle(
        actor=None,
        block=cast.other_block,
        year=2025,
        head_unit=cast.outsider_org,
        deputy_unit=deputy,
    )
    with pytest.raises(DomainError):
        services.create_meeting(
            actor=cast.head_rep,
            cycle=cast.cycle,
            values=meeting_values(),
            documents=[_version(other)],
        )


def test_the_meeting_page_links_each_adopted_version(client, cast):
    version = _version(cast.cycle)
    meeting = make_meeting(cast)
    meeting.documents.add(version)
    signin(client, cast.member_rep)
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    link = reverse("drafting:document_detail", args=[version.document_id]) + "?v=1"
    assert link in page


def test_the_launch_minutes_are_signed_by_name_and_end_with_the_archive_line(cast):
    doc = selectors.minutes(make_meeting(cast))
    assert [(s.position, s.name) for s in doc.signatures] == [
        ("THƯ KÝ", "Trần Thị Ngọc Ánh"),
        ("CHỦ TỌA", "Đào Xuân Nay"),
    ]
    assert doc.archive_copy == "KTĐ8"
    assert doc.recipients == ["Sở Nội vụ tỉnh Bình Thuận", "Các đơn vị thành viên Khối"]
    assert doc.letterhead.place_and_date == "Bình Thuận, ngày 25 tháng 3 năm 2025"


def test_launch_minutes_without_a_secretary_say_the_name_is_missing(cast):
    meeting = make_meeting(cast)
    Meeting.objects.filter(pk=meeting.pk).update(secretary_name="")
    meeting.refresh_from_db()
    assert selectors.minutes(meeting).signatures[0].name == MISSING_NAME
