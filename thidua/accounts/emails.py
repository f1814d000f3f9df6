"""E-mails to people: one message in both languages, the sender's language first.

The product does not know which language a recipient reads, so every account e-mail carries the
text in Vietnamese and in English, each rendered through gettext from the same template.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

SEPARATOR = "\n\n— — — — —\n\n"


def languages_in_order() -> list[str]:
    codes = [code for code, _name in settings.LANGUAGES]
    current = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    first = current if current in codes else settings.LANGUAGE_CODE
    return [first, *[c for c in codes if c != first]]


def render_bilingual(
    *, subject_template: str, body_template: str, context: dict[str, Any]
) -> tuple[str, str]:
    subjects: list[str] = []
    bodies: list[str] = []
    for code in languages_in_order():
        with translation.override(code):
            subject = " ".join(render_to_string(subject_template, context).split())
            subjects.append(subject)
            bodies.append(render_to_string(body_template, context).strip())
    return " / ".join(dict.fromkeys(subjects)), SEPARATOR.join(bodies) + "\n"


def send_bilingual(
    *, subject_template: str, body_template: str, context: dict[str, Any], to: str
) -> None:
    subject, body = render_bilingual(
        subject_template=subject_template, body_template=body_template, context=context
    )
    EmailMessage(subject=subject, body=body, to=[to]).send()
