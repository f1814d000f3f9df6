"""The drafting pages work as plain forms: create, edit, compare, comment, answer, download."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from thidua.drafting import services
from thidua.drafting.models import Comment, Document
from thidua.drafting.tests.helpers import make_regulation, open_window, word_file
from thidua.testing import signin


def test_the_head_imports_a_word_file_from_the_create_page(client, cast):
    signin(client, cast.head_rep)
    data = word_file([("Normal", "Điều 1. Mục tiêu"), ("Normal", "Thi đua hoàn thành nhiệm vụ.")])
    response = client.post(
        reverse("drafting:document_create", args=[cast.cycle.pk]),
        {
            "kind": "covenant",
            "title": "",
            "start": "docx",
            "file": SimpleUploadedFile("g.docx", data),
        },
    )
    document = Document.objects.get(kind="covenant")
    assert response.status_code == 302
    assert document.versions.get().content[0]["heading"] == "Mục tiêu"


def test_a_text_file_posing_as_docx_is_refused_with_a_message(client, cast):
    signin(client, cast.head_rep)
    response = client.post(
        reverse("drafting:document_create", args=[cast.cycle.pk]),
        {"kind": "plan", "start": "docx", "file": SimpleUploadedFile("x.docx", b"hello")},
    )
    assert response.status_code == 200
    assert not Document.objects.exists()
    assert "aria-invalid" in response.content.decode()


def test_editing_saves_a_new_version_and_keeps_article_keys(client, cast):
    document = make_regulation(cast)
    signin(client, cast.head_rep)
    url = reverse("drafting:document_edit", args=[document.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "title": document.title,
        "preamble": "",
        "note": "Sửa Điều 1",
        "art-TOTAL_FORMS": "3",
        "art-INITIAL_FORMS": "2",
        "art-0-key": "a1",
        "art-0-number": "Điều 1",
        "art-0-heading": "Phạm vi",
        "art-0-body": "Dòng mới",
        "art-1-key": "a2",
        "art-1-number": "Điều 2",
        "art-1-heading": "Đối tượng",
        "art-1-body": "X",
        "art-1-DELETE": "on",
        "art-2-key": "",
        "art-2-number": "",
        "art-2-heading": "",
        "art-2-body": "",
    }
    assert client.post(url, data).status_code == 302
    latest = services.latest_version(document)
    assert latest.number == 3
    assert latest.content == [
        {"key": "a1", "number": "Điều 1", "heading": "Phạm vi", "body": "<p>Dòng mới</p>"}
    ]
    compare = client.get(reverse("drafting:compare", args=[document.pk]))
    body = compare.content.decode()
    assert "<ins>" in body and "<del>" in body


def test_a_member_comments_and_the_confirmation_takes_focus(client, cast):
    window = open_window(cast, make_regulation(cast))
    signin(client, cast.member_rep)
    page = client.get(reverse("drafting:window_detail", args=[window.pk]) + "?article=a2")
    html = page.content.decode()
    assert '<label class="form-label" for="id_article_key">' in html
    assert '<option value="a2" selected>' in html
    response = client.post(
        reverse("drafting:comment_add", args=[window.pk]),
        {"article_key": "a2", "text": "Đề nghị bổ sung."},
    )
    comment = Comment.objects.get()
    assert response.status_code == 302 and f"sent={comment.pk}" in response["Location"]
    after = client.get(response["Location"]).content.decode()
    assert "data-drafting-focus" in after and "Hội Người mù tỉnh" in after


def test_a_unit_cannot_comment_for_another_unit(client, cast):
    window = open_window(cast, make_regulation(cast))
    signin(client, cast.member_rep)
    client.post(
        reverse("drafting:comment_add", args=[window.pk]),
        {"article_key": "", "text": "Ý kiến", "unit": cast.deputy_org.pk},
    )
    assert Comment.objects.get().unit == cast.member_org


def test_outsiders_see_nothing(client, cast):
    document = make_regulation(cast)
    signin(client, cast.outsider)
    assert client.get(reverse("drafting:document_detail", args=[document.pk])).status_code == 404


def test_the_head_answers_and_sees_who_has_not_commented(client, cast):
    window = open_window(cast, make_regulation(cast))
    comment = services.add_comment(actor=cast.member_rep, window=window, text="Góp ý chung.")
    signin(client, cast.head_rep)
    page = client.get(reverse("drafting:window_detail", args=[window.pk])).content.decode()
    assert "Hội Nhà báo tỉnh" in page  # has not commented yet
    response = client.post(
        reverse("drafting:comment_answer", args=[comment.pk]),
        {"status": "not_accepted", "reason": "Không phù hợp."},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.answer_status == "not_accepted"
    xlsx = client.get(reverse("drafting:summary_xlsx", args=[window.version.document_id]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert "Không phù hợp." in [c.value for row in sheet.iter_rows() for c in row]
