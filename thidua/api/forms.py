"""Forms of the Board's API pages. They check the shape of the input; the services the rules."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.api.models import Scope, WebhookEvent
from thidua.core.forms import StyledForm
from thidua.orgs.models import Province

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _provinces() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.filter(merged_into__isnull=True).order_by("name"),
        help_text=_("The integration sees and changes this province's data only."),
    )


class TokenForm(StyledForm):
    name = forms.CharField(
        label=_("Integration"),
        max_length=150,
        help_text=_("Who will use the token, e.g. “Văn phòng điện tử – Sở Nội vụ”."),
    )
    province = _provinces()
    scopes = forms.MultipleChoiceField(
        label=_("Writes allowed"),
        choices=Scope.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave both unticked for a read-only token."),
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        widget=DATE_WIDGET,
        help_text=_("At most one year from today."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + dt.timedelta(days=180)


class WebhookForm(StyledForm):
    name = forms.CharField(label=_("Integration"), max_length=150)
    url = forms.URLField(
        label=_("Address (HTTPS)"),
        max_length=500,
        assume_scheme="https",
        help_text=_("The integration's address that receives the events, starting with https://."),
    )
    province = _provinces()
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
    )
