"""The Board dashboard's filters of the progress table."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import StyledForm
from thidua.cycles.selectors import phase_choices


class ProgressFilterForm(StyledForm):
    """Which current cycles the progress table shows (read from the page's address)."""

    phase = forms.ChoiceField(label=_("Phase"), required=False)
    behind = forms.BooleanField(label=_("Only cycles behind schedule"), required=False)
    q = forms.CharField(label=_("Block name contains"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("phase").choices = [("", _("Every phase")), *phase_choices()]
        self.fields["phase"].error_messages["invalid_choice"] = _(
            "There is no phase “%(value)s”: pick one from the list."
        )
        self.fields["q"].error_messages["max_length"] = _(
            "Type at most %(limit_value)d characters of the block's name."
        )
