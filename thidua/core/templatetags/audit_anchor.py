"""The audit log's checkpoints on pages: a section of the Board's audit page, and the latest
anchored head in the public portal's footer (so that anyone can note it and hold the log to it)."""

from __future__ import annotations

from typing import Any

from django import template

from thidua.core import checkpoints

register = template.Library()


@register.inclusion_tag("core/_audit_checkpoints.html")
def audit_checkpoints() -> dict[str, Any]:
    return {"cp": checkpoints.overview()}


@register.simple_tag
def latest_audit_checkpoint() -> checkpoints.Checkpoint | None:
    return checkpoints.latest_checkpoint()
