"""Form rendering shared by every app: Bootstrap classes and accessible error messages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.forms.renderers import DjangoTemplates

if TYPE_CHECKING:
    from django.forms.utils import ErrorDict

    # For the type checker the mixin is a form (it is only ever mixed into one).
    _FormBase = forms.BaseForm
else:
    _FormBase = object


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
        for name in self._errors or {}:
            field = self.fields.get(name)
            if field is not None and not field.widget.is_hidden:
                attrs = field.widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"

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
