"""Forms shared by every app: Bootstrap classes, accessible error messages, and choices that
name a record by its id refusing any value that cannot be an id (a 26-digit number, a
superscript digit…) with the field's own message, before it reaches the database (SQLite raises
an overflow on a number past 64 bits, PostgreSQL refuses it in an IN list)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict

if TYPE_CHECKING:
    from django.forms.utils import ErrorDict

    # For the type checker the mixin is a form (it is only ever mixed into one).
    _FormBase = forms.BaseForm
else:
    _FormBase = object


#: The largest id a BigAutoField holds on either database.
MAX_ID = 2**63 - 1


def parse_whole(value: object, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """``value`` as a whole number from ``low`` to ``high`` written in ASCII digits, else None.
    ``str.isdigit`` is not enough: it accepts "²", which int() then refuses."""
    text = str(value).strip() if value is not None else ""
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if low <= number <= high else None


def parse_id(value: object) -> int | None:
    """``value`` as a record id (1 to MAX_ID), else None."""
    return parse_whole(value, low=1)


class IdChoiceMixin:
    """For a model choice field keyed on the id: a value that cannot be an id is an invalid
    choice (the field's usual message), never a database error."""

    to_field_name: str | None
    error_messages: dict[str, Any]
    queryset: Any

    def _keyed_on_id(self) -> bool:
        """Keyed on an integer primary key (a UUID key is left to Django's own checks)."""
        if self.to_field_name not in (None, "pk", "id") or self.queryset is None:
            return False
        return isinstance(self.queryset.model._meta.pk, models.IntegerField)

    def to_python(self, value: Any) -> Any:
        if self._keyed_on_id() and value not in (None, "", [], (), {}) and parse_id(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)  # type: ignore[misc]

    def _check_values(self, value: Any) -> Any:
        if self._keyed_on_id():
            for item in value:
                if parse_id(item) is None:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": str(item)[:50]},
                    )
        return super()._check_values(value)  # type: ignore[misc]


_ID_CHECKED: dict[type, type] = {}


def _with_id_check(cls: type) -> type:
    """The field class with IdChoiceMixin in front, made once per class."""
    if cls not in _ID_CHECKED:
        _ID_CHECKED[cls] = type(cls.__name__, (IdChoiceMixin, cls), {"__module__": cls.__module__})
    return _ID_CHECKED[cls]


def posted(request: HttpRequest) -> QueryDict | None:
    """The data a form is bound to: the POST, even an empty one (every checkbox unticked, every
    field left out), else None. ``request.POST or None`` treats an empty POST as a GET and
    shows the form again with no message at all."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest) -> MultiValueDict[str, UploadedFile] | None:
    """The uploaded files of a POST (possibly none), else None."""
    return request.FILES if request.method == "POST" else None


class StyledBoundField(forms.BoundField):
    @property
    def anchor_id(self) -> str:
        """The id of the element an error summary links to: the field's first input (a radio
        group or a split date has no element with the field's own id)."""
        if self.is_hidden:
            return ""
        if direct := self.id_for_label:
            return direct
        own = self.field.widget.attrs.get("id") or self.auto_id
        if not own:
            return ""
        subwidgets = self.subwidgets
        if subwidgets and (first := subwidgets[0].id_for_label) and first != own:
            return str(first)
        if isinstance(self.field.widget, forms.MultiWidget):
            return f"{own}_0"
        return str(own)


class FormRenderer(DjangoTemplates):
    """Renders `{{ form }}` and `{{ field.as_field_group }}` with the product's templates; every
    bound field knows the element an error summary links to (`field.anchor_id`)."""

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"
    bound_field_class = StyledBoundField


class StyledFormMixin(_FormBase):
    """Adds Bootstrap classes, and marks invalid fields for assistive technology once the form
    has been validated (never during __init__, so subclasses may still change their fields)."""

    _errors: ErrorDict | None  # set by BaseForm; the stubs leave it out

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and not isinstance(field, IdChoiceMixin):
                # Every model choice of every form (declared, or made by a ModelForm for a
                # foreign key) refuses values that cannot be ids; the field is this form's copy.
                field.__class__ = _with_id_check(type(field))
            widget = field.widget
            if isinstance(
                widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect
            ):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        self._show_hidden_field_errors()
        for name in self._errors or {}:
            field = self.fields.get(name)
            if field is not None and not field.widget.is_hidden:
                attrs = field.widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"

    def _show_hidden_field_errors(self) -> None:
        """A hidden field has no place to show its error: say it for the whole form (as
        Django's own layouts do), or the form would come back with no visible reason."""
        if not self._errors:
            return
        for name, field in self.fields.items():
            if name in self._errors and field.widget.is_hidden:
                for message in self._errors[name]:
                    self._errors.setdefault(
                        NON_FIELD_ERRORS, self.error_class(error_class="nonfield")
                    )
                    if message not in self._errors[NON_FIELD_ERRORS]:
                        self._errors[NON_FIELD_ERRORS].append(message)

    # The stubs type every entry of `fields` as a plain Field: these name the kind of field a
    # form narrows in __init__ (its choices, its queryset).
    def choice_field(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def model_choice_field(self, name: str) -> forms.ModelChoiceField[Any]:
        return cast("forms.ModelChoiceField[Any]", self.fields[name])


class StyledForm(StyledFormMixin, forms.Form):
    pass


class StyledModelForm(StyledFormMixin, forms.ModelForm):
    pass


def add_domain_error(form: forms.BaseForm, error: Any) -> None:
    """Attach a service's DomainError to the field it names, or to the form as a whole."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
