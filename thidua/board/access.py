from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied


def require_board(user: Any) -> None:
    """The dashboard's province-wide tables are for Board officers."""
    if not (user.is_authenticated and user.is_board):
        raise PermissionDenied
