"""Forms for drafting: creating a document, editing its articles, windows, comments, answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import StyledForm
from thidua.drafting.docx_import import MAX_BYTES
from thidua.drafting.models import AnswerStatus

BODY_HELP = _(
    "Plain lines become paragraphs. Allowed formatting: paragraphs, lists, bold, italic and "
    "tables (HTML tags p, ul, ol, li, strong, em, table, tr, th, td); everything else is removed."
)


class DocumentCreateForm(StyledForm):
    kind = forms.ChoiceField(label=_("Document"))
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        required=False,
        help_text=_("Leave empty for the usual title."),
    )
    start = forms.ChoiceField(
        label=_("Start from"),
        initial="empty",
        choices=[
            ("empty", _("An empty document")),
            ("previous", _("Last year's latest version of the same document")),
            ("docx", _("A Word (DOCX) file")),
        ],
    )
    file = forms.FileField(
        label=_("Word file"),
        required=False,
        help_text=_(
            "DOCX, at most 5 MB. Headings “Điều 1…”, “Chương I…” or Heading styles "
            "start the articles."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("kind").choices = kinds

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if data.get("start") == "docx":
            if not upload:
                self.add_error("file", _("Choose the Word file to import."))
            elif upload.size > MAX_BYTES:
                self.add_error("file", _("The file is larger than 5 MB."))
        return data


class VersionForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    preamble = forms.CharField(
        label=_("Preamble"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Text before the first article (legal basis), if any."),
    )
    note = forms.CharField(
        label=_("What changed"),
        max_length=500,
        required=False,
        help_text=_("A short note shown in the list of versions."),
    )


class ArticleForm(StyledForm):
    key = forms.CharField(widget=forms.HiddenInput, required=False)
    number = forms.CharField(
        label=_("Number"),
        max_length=60,
        required=False,
        help_text=_("For example “Điều 3” or “II.”"),
    )
    heading = forms.CharField(label=_("Heading"), max_length=300, required=False)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=BODY_HELP,
    )


ArticleFormSet = forms.formset_factory(ArticleForm, extra=1, can_delete=True, max_num=200)


class WindowForm(StyledForm):
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Member units may comment until this time."),
    )


class ReopenForm(WindowForm):
    reason = forms.CharField(
        label=_("Why the window is reopened"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the member units and recorded in the audit log."),
    )


class CommentForm(StyledForm):
    article_key = forms.ChoiceField(label=_("Comment on"), required=False)
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, articles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("article_key").choices = articles


class AnswerForm(StyledForm):
    status = forms.ChoiceField(label=_("Answer"), choices=[("", "—"), *AnswerStatus.choices])
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the comment is not fully accepted."),
    )
