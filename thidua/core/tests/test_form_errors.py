"""A refused form says why at its top: an error summary (focused by thidua.js) whose entries link
to the fields, and each field marked invalid and described by its own message."""

from __future__ import annotations

import re
from pathlib import Path

from django import forms
from django.template import engines
from lxml import html

from thidua.core.forms import StyledForm

ROOT = Path(__file__).resolve().parents[2]


class Everything(StyledForm):
    name = forms.CharField(label="Tên", help_text="Như trên giấy tờ.")
    kind = forms.ChoiceField(
        label="Loại", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    tags = forms.MultipleChoiceField(
        label="Nhãn", choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple
    )
    when = forms.SplitDateTimeField(label="Thời điểm")
    agree = forms.BooleanField(label="Đồng ý")
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Biểu mẫu chưa hợp lệ.")


def _render(form: forms.BaseForm) -> html.HtmlElement:
    return html.fromstring(
        engines["django"].from_string("<div>{{ form }}</div>").render({"form": form})
    )


def test_a_refused_form_starts_with_a_focusable_summary_linking_to_every_field():
    page = _render(Everything(data={"probe": "1"}))
    summary = page.xpath("//*[@data-error-summary]")
    assert len(summary) == 1
    box = summary[0]
    assert box.get("tabindex") == "-1" and box.get("role") == "alert"
    assert page.get_element_by_id(box.get("aria-labelledby")).text_content().strip()
    items = [li.text_content() for li in box.xpath(".//li")]
    assert items[0] == "Biểu mẫu chưa hợp lệ."  # the form-wide error comes first
    assert len(items) == 7  # + name, kind, tags, when, agree, and the hidden token (no link)
    links = {a.get("href") for a in box.xpath(".//a")}
    assert links == {"#id_name", "#id_kind_0", "#id_tags_0", "#id_when_0", "#id_agree"}
    for href in links:  # every link lands on an element that takes the focus
        assert page.get_element_by_id(href[1:]).tag in {"input", "select", "textarea"}


def test_the_summary_comes_before_the_fields():
    text = html.tostring(_render(Everything(data={"probe": "1"})), encoding=str)
    assert text.index("data-error-summary") < text.index('name="name"')


def test_each_invalid_field_is_marked_and_described_by_its_message():
    page = _render(Everything(data={"probe": "1"}))
    name = page.get_element_by_id("id_name")
    assert name.get("aria-invalid") == "true"
    described = name.get("aria-describedby").split()
    assert described == ["id_name_helptext", "id_name_error"]
    message = page.get_element_by_id("id_name_error").text_content()
    assert "Lỗi:" in message or "Error:" in message  # said in words, not only in red
    assert "bắt buộc" in message or "required" in message
    radios = page.xpath('//input[@name="kind"]')
    assert radios and all(r.get("aria-invalid") == "true" for r in radios)
    group = radios[0].getparent()
    while group.tag != "fieldset":
        group = group.getparent()
    assert group.get("aria-describedby") == "id_kind_error"


def test_ids_stay_unique_with_several_errors_on_one_field():
    class TwoErrors(StyledForm):
        code = forms.CharField(label="Mã")

        def clean_code(self):
            raise forms.ValidationError(["Sai định dạng.", "Đã có người dùng."])

    page = _render(TwoErrors(data={"code": "x"}))
    ids = [e.get("id") for e in page.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    assert len(page.get_element_by_id("id_code_error").xpath(".//p")) == 2


def test_forms_with_a_prefix_get_their_own_summary_ids():
    page = _render(Everything(data={"probe": "1"}, prefix="pw"))
    box = page.xpath("//*[@data-error-summary]")[0]
    assert box.get("id") == "pw-error-summary"
    assert "#id_pw-name" in {a.get("href") for a in box.xpath(".//a")}


def test_a_valid_or_unbound_form_has_no_summary():
    assert not _render(Everything()).xpath("//*[@data-error-summary]")


def test_error_messages_left_for_the_next_page_take_the_focus(rf):
    from django.contrib import messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = rf.get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    messages.error(request, "Không thể kết thúc lấy ý kiến.")
    messages.success(request, "Đã lưu.")
    page = html.fromstring(
        engines["django"]
        .from_string('<div>{% include "includes/messages.html" %}</div>')
        .render({"messages": messages.get_messages(request)})
    )
    focused = page.xpath("//*[@data-error-summary]")
    assert [e.text_content() for e in focused] == ["Không thể kết thúc lấy ý kiến."]
    assert focused[0].get("tabindex") == "-1" and focused[0].get("role") == "alert"
    assert page.xpath('//*[@role="status"]')[0].text_content() == "Đã lưu."


# Forms that post elsewhere and come back with their refusal as a focused message instead.
ANSWERED_BY_MESSAGE = {"orgs/block_detail.html"}
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
FIELDS = re.compile(r"\{\{\s*[a-z_]*form[.\s}]|as_field_group")


def test_every_template_that_renders_form_fields_renders_the_error_summary():
    """`{{ form }}` renders the summary itself (forms/div.html); templates that lay fields out by
    hand must include forms/error_summary.html (or their app's summary) before the fields."""
    missing, checked = [], 0
    for path in sorted(ROOT.glob("*/templates/**/*.html")):
        name = path.as_posix().split("/templates/", 1)[1]
        text = path.read_text()
        for match in FORM.finditer(text):
            attrs, body = match.groups()
            if 'method="get"' in attrs or not FIELDS.search(body):
                continue
            checked += 1
            whole_form = re.search(r"\{\{\s*[a-z_]*form\s*\}\}", body)
            summary = "error_summary" in text[: match.start()] + body
            if not (whole_form or summary) and name not in ANSWERED_BY_MESSAGE:
                missing.append(name)
    assert checked > 40, checked  # the sweep found the product's forms
    assert not missing, f"forms without an error summary: {missing}"
