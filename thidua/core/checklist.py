"""What is unfinished before an irreversible step: blockers, warnings and consequences.

A service that does something that cannot be undone (advance a phase, close a comment window,
freeze a text for signing, submit a dossier) builds a `Checklist` of the state it would act on,
and calls `enforce()` inside its transaction:

- a **blocker** refuses the step, saying why (`ChecklistRefused`), whatever the person ticks;
- a **warning** lets the step go on only when the person acknowledges it with a reason; the
  warnings and the reason go into the audit event (`enforce()` returns them for `after=`);
- a **consequence** is said on the confirmation page in every case (e.g. "freezing closes the
  comment window") and needs nothing.

The page shows the same checklist (template `includes/checklist.html`) with `AcknowledgeForm`,
so what the person read is what the service checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.errors import DomainError
from thidua.core.forms import StyledForm


@dataclass(frozen=True)
class Item:
    """One unfinished thing: a sentence, and where it is fixed (`url`, with the link's words)."""

    text: str
    url: str = ""
    action: str = ""


@dataclass
class Checklist:
    blockers: list[Item] = field(default_factory=list)
    warnings: list[Item] = field(default_factory=list)
    consequences: list[str] = field(default_factory=list)

    def block(self, text: str, *, url: str = "", action: str = "") -> None:
        self.blockers.append(Item(text, url, action))

    def warn(self, text: str, *, url: str = "", action: str = "") -> None:
        self.warnings.append(Item(text, url, action))

    def say(self, text: str) -> None:
        self.consequences.append(text)

    def extend(self, other: Checklist) -> Checklist:
        self.blockers.extend(other.blockers)
        self.warnings.extend(other.warnings)
        self.consequences.extend(other.consequences)
        return self

    @classmethod
    def merged(cls, parts: Iterable[Checklist]) -> Checklist:
        whole = cls()
        for part in parts:
            whole.extend(part)
        return whole

    @property
    def blocked(self) -> bool:
        return bool(self.blockers)

    @property
    def needs_acknowledgement(self) -> bool:
        return bool(self.warnings)

    @property
    def empty(self) -> bool:
        return not (self.blockers or self.warnings or self.consequences)

    @property
    def first_fix(self) -> Item | None:
        """The one thing to do next: the first blocker with a link, else the first warning."""
        for item in [*self.blockers, *self.warnings]:
            if item.url:
                return item
        return None

    def enforce(self, *, acknowledge: bool, reason: str) -> dict[str, Any]:
        """Refuse the step on a blocker, or on warnings not acknowledged with a reason.
        Returns what the audit event records: the warnings passed and the reason (or nothing)."""
        if self.blockers:
            raise ChecklistRefused(self, _("This step is refused: %(why)s") % {"why": self._why()})
        if not self.warnings:
            return {}
        reason = (reason or "").strip()
        if not acknowledge:
            raise ChecklistRefused(
                self,
                _("Tick the box to confirm you have read the warnings."),
                field="acknowledge",
            )
        if not reason:
            raise ChecklistRefused(
                self, _("Say why you go on despite the warnings."), field="reason"
            )
        return {"warnings": [w.text for w in self.warnings], "reason": reason}

    def _why(self) -> str:
        return " ".join(b.text for b in self.blockers)


class ChecklistRefused(DomainError):
    """A service refused an irreversible step; `checklist` says what is unfinished."""

    def __init__(self, checklist: Checklist, message: str, *, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.checklist = checklist


class AcknowledgeForm(StyledForm):
    """The acknowledgement under a checklist: a tick and a reason, required only when the
    checklist has warnings (without warnings the form has no field at all)."""

    acknowledge = forms.BooleanField(
        label=gettext_lazy("I have read the warnings and still go on"), required=False
    )
    reason = forms.CharField(
        label=gettext_lazy("Why you go on despite the warnings"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Recorded in the audit log with the warnings you saw."),
    )

    def __init__(self, *args: Any, checklist: Checklist, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checklist = checklist
        if not checklist.warnings:
            del self.fields["acknowledge"]
            del self.fields["reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.checklist.warnings:
            if not data.get("acknowledge"):
                self.add_error(
                    "acknowledge", _("Tick the box to confirm you have read the warnings.")
                )
            if not (data.get("reason") or "").strip():
                self.add_error("reason", _("Say why you go on despite the warnings."))
        return data

    def acknowledgement(self) -> dict[str, Any]:
        """Keyword arguments for the service."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return {
            "acknowledge": bool(data.get("acknowledge")),
            "reason": data.get("reason") or "",
        }


def add_refusal(form: forms.BaseForm, error: DomainError) -> None:
    """Attach a checklist refusal to the acknowledgement form's field, if it has it."""
    name = error.field if error.field in form.fields else None
    form.add_error(name, error.message)
