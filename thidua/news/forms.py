"""Forms of the news pages: the post editor, photos, readers' comments (with their spam traps)."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.core.forms import StyledForm
from thidua.lib import images
from thidua.news.models import Post, PostStatus
from thidua.news.services import PostValues
from thidua.orgs.models import Block

# A person reads a little before writing; a script posts at once.
MIN_SECONDS_ON_PAGE = 3
MAX_SECONDS_ON_PAGE = 24 * 60 * 60
TOKEN_SALT = "news.comment"


def image_messages() -> dict[str, str]:
    """The messages in the current language (the module-level dict is only the default)."""
    return {
        "type": str(_("Only JPEG and PNG photos are accepted.")),
        "size": str(_("The photo is too large (at most 10 MB and 40 megapixels).")),
        "broken": str(_("The photo cannot be read.")),
    }


class PhotoField(forms.FileField):
    """A photo checked by content and size, returned as a web-ready re-encoded image."""

    def to_python(self, data: Any) -> images.WebImage | None:  # type: ignore[override]
        upload = super().to_python(data)
        if upload is None:
            return None
        try:
            return images.prepare(upload, messages=image_messages())
        except images.ImageRejected as err:
            raise forms.ValidationError(str(err), code="photo") from err


class Checkboxes(forms.CheckboxSelectMultiple):
    """Bootstrap's form-check layout: the box, then its label, one per line."""

    template_name = "news/widgets/checkboxes.html"
    option_template_name = "news/widgets/checkbox_option.html"


class RelatedField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        day = obj.published_at.strftime("%d/%m/%Y") if obj.published_at else ""
        return f"{obj.title} ({day})"


class PostForm(StyledForm):
    title = forms.CharField(label=pgettext_lazy("news", "Title"), max_length=250)
    lead = forms.CharField(
        label=_("Lead"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences shown in lists and when the post is shared."),
    )
    body = forms.CharField(
        label=_("Body"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Plain text (one paragraph per line) or simple HTML: paragraphs, lists, bold, "
            "italic and tables. Anything else is removed."
        ),
    )
    byline = forms.CharField(
        label=_("Byline"), max_length=150, required=False, help_text=_("For example: N. HÂN")
    )
    tags = forms.CharField(
        label=_("Tags"), max_length=300, required=False, help_text=_("Separated by commas.")
    )
    block = forms.ModelChoiceField(label=_("Block"), queryset=Block.objects.none(), required=False)
    related = RelatedField(
        label=_("Related posts"),
        queryset=Post.objects.none(),
        required=False,
        widget=Checkboxes,
        help_text=_("Shown under the post; recent posts of the same block are added after them."),
    )
    featured = forms.BooleanField(label=_("Featured (“Nổi bật”)"), required=False)
    dont_miss = forms.BooleanField(label=_("Don't miss"), required=False)
    photo = PhotoField(
        label=_("Add a photo"),
        required=False,
        help_text=_("JPEG or PNG; its location data is removed and it is resized for the web."),
    )
    caption = forms.CharField(label=_("Caption of the photo"), max_length=300, required=False)

    def __init__(
        self, *args: Any, blocks: Any, board: bool, post: Post | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        block_field = self.fields["block"]
        assert isinstance(block_field, forms.ModelChoiceField)
        block_field.queryset = blocks
        if board:
            block_field.empty_label = str(_("Province-wide (the Board)"))
        else:
            block_field.required = True
            block_field.empty_label = None
        related = Post.objects.filter(status=PostStatus.PUBLISHED).order_by("-published_at")
        if post is not None:
            related = related.exclude(pk=post.pk)
        related_field = self.fields["related"]
        assert isinstance(related_field, forms.ModelMultipleChoiceField)
        related_field.queryset = Post.objects.filter(
            pk__in=list(related.values_list("pk", flat=True)[:30])
        ).order_by("-published_at")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("photo") and not (data.get("caption") or "").strip():
            self.add_error(
                "caption", _("Every photo needs a caption (it is read out to blind readers).")
            )
        return data

    @staticmethod
    def initial_for(post: Post) -> dict[str, Any]:
        return {
            "title": post.title,
            "lead": post.lead,
            "body": post.body,
            "byline": post.byline,
            "tags": post.tags,
            "block": post.block_id,
            "related": list(post.related.values_list("pk", flat=True)),
            "featured": post.featured,
            "dont_miss": post.dont_miss,
        }

    def values(self) -> PostValues:
        d = self.cleaned_data
        return PostValues(
            title=d["title"],
            lead=d["lead"],
            body=d["body"],
            byline=d["byline"],
            tags=d["tags"],
            featured=d["featured"],
            dont_miss=d["dont_miss"],
        )


class PhotoForm(StyledForm):
    photo = PhotoField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=300)


class DraftFromForm(StyledForm):
    record = forms.TypedChoiceField(label=_("Record"), coerce=int)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["record"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = choices


# --- readers' comments -----------------------------------------------------------------------


def make_token(now: float | None = None) -> str:
    """When the page was shown, signed: a comment sent too soon after is a script's."""
    return signing.dumps({"t": now if now is not None else time.time()}, salt=TOKEN_SALT)


def token_age(token: str) -> float | None:
    try:
        shown = float(signing.loads(token, salt=TOKEN_SALT)["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return time.time() - shown


class CommentForm(StyledForm):
    name = forms.CharField(label=_("Your name"), max_length=100)
    email = forms.EmailField(
        label=_("Your e-mail"), help_text=_("Not shown on the page."), max_length=254
    )
    text = forms.CharField(
        label=_("Comment"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    # Left empty by people (it is hidden from them); filled in by form-filling robots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        if not self.is_bound:
            self.initial["token"] = make_token()

    @property
    def is_spam(self) -> bool:
        """The honeypot was filled in, or the form came back too fast or too late."""
        if (self.data.get("website") or "").strip():
            return True
        age = token_age(self.data.get("token") or "")
        return age is None or age < MIN_SECONDS_ON_PAGE or age > MAX_SECONDS_ON_PAGE
