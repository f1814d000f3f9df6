"""Who may take a cycle's archive."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from thidua.cycles import access as cycles_access
from thidua.cycles.models import Cycle


def can_download_archive(user: Any, cycle: Cycle) -> bool:
    """The archive may hold results members see only once published: Board and head unit."""
    return bool(user.is_board or cycles_access.is_head(user, cycle))


def get_archivable_cycle(user: Any, pk: int) -> Cycle:
    """The cycle if the person may build its archive: outsiders get 404, members 403."""
    cycle = cycles_access.get_cycle_for(user, pk)
    if not can_download_archive(user, cycle):
        raise PermissionDenied
    return cycle
