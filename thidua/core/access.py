from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied


def require_audit_reader(user: Any) -> None:
    """The audit log is for Board officers (and the system admin)."""
    if not (user.is_authenticated and user.is_board):
        raise PermissionDenied
