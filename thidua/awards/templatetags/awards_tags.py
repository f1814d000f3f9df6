"""Links into the awards app from other apps' pages: the dossiers' status on the cycle's page
(one query) and the award history on the organisation's page."""

from __future__ import annotations

from typing import Any

from django import template

from thidua.awards.models import Proposal

register = template.Library()


@register.inclusion_tag("awards/includes/dossier_status.html")
def dossier_status(cycle: Any) -> dict[str, Any]:
    proposals = Proposal.objects.filter(cycle=cycle).select_related("award_type")
    return {"cycle": cycle, "proposals": list(proposals)}


@register.inclusion_tag("awards/includes/history_link.html")
def history_link(org: Any) -> dict[str, Any]:
    return {"org": org}
