"""Links into the awards app from other apps' pages: the award history on the organisation's
page."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("awards/includes/history_link.html")
def history_link(org: Any) -> dict[str, Any]:
    return {"org": org}
