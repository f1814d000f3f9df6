"""The Board's legal-basis pages: list, add, edit, end an instrument, correct a form; every write
audited, every bad input answered with a clear message, never a 500; other roles refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.legal.models import DocumentForm, Instrument
from thidua.testing import as_role

pytestmark = pytest.mark.django_db

GOOD = {
    "kind": "provincial_regulation",
    "number": "947/QĐ-UBND",
    "issuer": "Ủy ban nhân dân tỉnh Bình Thuận",
    "signed_on": "2024-06-03",
    "title": "ban hành Quy chế tổ chức hoạt động của các cụm, khối thi đua",
    "valid_from": "2024-06-03",
    "valid_to": "",
    "scope": "province",
    "cited_in": ["to_trinh", "achievement_report"],
    "order": "40",
    "wording": "",
    "note": "",
}


def _board(client, cast):
    return as_role(client, cast, "board")


def test_the_board_sees_every_instrument_and_what_is_still_to_check(client, cast):
    page = _board(client, cast).get(reverse("legal:instrument_list")).content.decode()
    assert "Căn cứ Nghị định số 98/2023/NĐ-CP" in page
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP" in page
    assert "Cần kiểm tra" in page  # Circular 15/2025 and Decree 152's forms are unverified
    assert "01/01/2024 – 30/06/2025" in page
    assert "Mẫu số 01, Phụ lục I" in page


@pytest.mark.parametrize("role", ["head_rep", "member_rep", "member_leader", "outsider"])
def test_only_the_board_may_open_or_change_the_legal_bases(client, cast, role):
    as_role(client, cast, role)
    assert client.get(reverse("legal:instrument_list")).status_code == 403
    response = client.post(
        reverse("legal:instrument_create"), {**GOOD, "province": cast.province.pk}
    )
    assert response.status_code == 403
    assert not Instrument.objects.filter(number="947/QĐ-UBND").exists()


def test_the_board_adds_a_provincial_instrument_and_it_is_audited(client, cast):
    response = _board(client, cast).post(
        reverse("legal:instrument_create"), {**GOOD, "province": cast.province.pk}
    )
    assert response.status_code == 302
    added = Instrument.objects.get(number="947/QĐ-UBND")
    assert added.province == cast.province and added.valid_to is None and not added.verified
    assert added.cited_in == ["to_trinh", "achievement_report"]
    event = AuditEvent.objects.get(action="legal.instrument.create")
    assert event.object_id == str(added.pk) and event.actor_id == cast.board.pk


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required"),
        ({"valid_to": "2024-01-01"}, "valid_to", "cannot end (01/01/2024) before it starts"),
        ({"signed_on": "2024-07-01"}, "valid_from", "on or after the day it was signed"),
        ({"province": ""}, "province", "Choose the province it applies to"),
        ({"number": ""}, "number", "Give the number and symbol"),
        ({"valid_from": "2024-13-45"}, "valid_from", "Enter a valid date"),
        ({"scope": "planet"}, "scope", "Select a valid choice"),
    ],
)
def test_bad_input_is_answered_on_the_field_and_nothing_is_saved(
    client, cast, change, field, message
):
    _board(client, cast)
    client.cookies["django_language"] = "en"
    data = {**GOOD, "province": cast.province.pk, **change}
    response = client.post(reverse("legal:instrument_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert not Instrument.objects.filter(number="947/QĐ-UBND").exists()


def test_messages_are_vietnamese_by_default(client, cast):
    response = _board(client, cast).post(
        reverse("legal:instrument_create"),
        {**GOOD, "province": cast.province.pk, "valid_to": "2024-01-01"},
    )
    assert "không thể kết thúc (01/01/2024) trước khi bắt đầu" in response.content.decode()


def test_the_board_corrects_an_instrument(client, cast):
    circular = Instrument.objects.get(number="15/2025/TT-BNV")
    data = {
        "kind": "circular",
        "number": "15/2025/TT-BNV",
        "issuer": "Bộ trưởng Bộ Nội vụ",
        "signed_on": "2025-08-04",
        "title": circular.title,
        "valid_from": "2025-09-18",
        "valid_to": "",
        "scope": "national",
        "cited_in": ["to_trinh"],
        "order": "30",
        "verified": "on",
        "wording": "",
        "note": "Đã đối chiếu văn bản gốc.",
    }
    response = _board(client, cast).post(reverse("legal:instrument_edit", args=[circular.pk]), data)
    assert response.status_code == 302
    circular.refresh_from_db()
    assert circular.verified and circular.valid_from == dt.date(2025, 9, 18)
    event = AuditEvent.objects.get(action="legal.instrument.update")
    assert event.before["valid_from"] == "2025-08-04" and event.after["verified"] is True


def test_ending_an_instrument_keeps_it_for_earlier_documents(client, cast):
    decree = Instrument.objects.get(number="152/2025/NĐ-CP")
    url = reverse("legal:instrument_end", args=[decree.pk])
    _board(client, cast)
    refused = client.post(url, {"valid_to": "2025-01-01", "reason": "Thay thế"})
    assert refused.status_code == 200 and "không thể kết thúc trước khi bắt đầu" in (
        refused.content.decode()
    )
    missing = client.post(url, {"valid_to": "2030-12-31", "reason": ""})
    assert missing.status_code == 200 and "reason" in missing.context["form"].errors
    decree.refresh_from_db()
    assert decree.valid_to is None
    done = client.post(url, {"valid_to": "2030-12-31", "reason": "Bãi bỏ bởi Nghị định mới"})
    assert done.status_code == 302
    decree.refresh_from_db()
    assert decree.valid_to == dt.date(2030, 12, 31)
    assert "Bãi bỏ bởi Nghị định mới" in decree.note
    assert AuditEvent.objects.filter(action="legal.instrument.end").count() == 1
    assert Instrument.objects.filter(pk=decree.pk).exists()


def test_the_board_corrects_a_forms_wording_and_a_misspelt_placeholder_is_refused(client, cast):
    form = DocumentForm.objects.get(kind="to_trinh", instrument__number="152/2025/NĐ-CP")
    url = reverse("legal:form_edit", args=[form.pk])
    data = {
        "reference": "Mẫu số 01, Phụ lục ban hành kèm theo Nghị định số 152/2025/NĐ-CP",
        "verified": "on",
        "text_summary": "Về việc đề nghị tặng {award} năm {nam}",
    }
    _board(client, cast)
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "{nam}" in " ".join(refused.context["form"].errors["text_summary"])
    form.refresh_from_db()
    assert not form.verified
    data["text_summary"] = "Về việc đề nghị tặng {award} năm {year}"
    assert client.post(url, data).status_code == 302
    form.refresh_from_db()
    assert form.verified and form.reference.startswith("Mẫu số 01")
    assert form.texts["summary"] == "Về việc đề nghị tặng {award} năm {year}"
    assert AuditEvent.objects.filter(action="legal.form.update").count() == 1


def test_the_board_menu_leads_to_the_legal_bases(client, cast):
    page = _board(client, cast).get(reverse("board:home")).content.decode()
    assert reverse("legal:instrument_list") in page
