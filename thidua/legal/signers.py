"""Who signs a block's documents: the names and positions printed in signature blocks.

A signature block never carries an empty name: when nobody is recorded, `MISSING_NAME` says so
in the document, and the page that offers the document says where to enter it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from thidua.accounts.models import Role, User
from thidua.cycles.models import Cycle
from thidua.lib.text import casefold, nfc
from thidua.orgs.models import Organisation

#: Printed where a signer's name belongs but none is recorded.
MISSING_NAME = "(Chưa ghi họ tên người ký)"


@dataclass(frozen=True)
class Signer:
    name: str
    position: str  # the person's own position, e.g. "Chủ tịch Hội Người cao tuổi tỉnh"


def name_or_missing(name: str | None) -> str:
    return nfc(name) or MISSING_NAME


def position_in(position: str, organisation: Organisation | None, day: dt.date) -> str:
    """ "Chủ tịch" → "Chủ tịch Hội Nhà báo tỉnh": a bare title (up to three words) gets the
    unit's name of that day; a position that goes on ("Chủ tịch Hội Người cao tuổi") or already
    names the unit is kept as written."""
    position = nfc(position)
    if not position or organisation is None or len(position.split()) > 3:
        return position
    name = organisation.name_on(day)
    known = [casefold(n) for n in (name, organisation.short_name) if n]
    if any(n in casefold(position) for n in known):
        return position
    return f"{position} {name}"


def unit_leader(organisation: Organisation | None, day: dt.date) -> Signer | None:
    """The unit's leader recorded in the product (its first active leader), if any."""
    if organisation is None:
        return None
    leader = (
        User.objects.filter(organisation=organisation, role=Role.LEADER, is_active=True)
        .order_by("pk")
        .first()
    )
    if leader is None:
        return None
    return Signer(name=leader.full_name, position=position_in(leader.position, organisation, day))


def head_signer(cycle: Cycle, day: dt.date) -> Signer | None:
    """Who signs for the block in `cycle`: the head unit's leader."""
    return unit_leader(cycle.head_unit, day)


def head_positions(cycle: Cycle, day: dt.date, own_position: str = "") -> str:
    """The position lines under "TM. KHỐI …": "TRƯỞNG KHỐI", then the head unit's position of
    the signer (one line each; the renderers break lines at newlines)."""
    lines = ["TRƯỞNG KHỐI"]
    # "Trưởng khối, Chủ tịch Hội …": the first line already says "Trưởng khối".
    parts = [p.strip() for p in nfc(own_position).split(",")]
    own = ", ".join(p for p in parts if p and casefold(p) != "trưởng khối")
    own = position_in(own, cycle.head_unit, day)
    if own:
        lines.append(own.upper())
    return "\n".join(lines)
