"""Who may see or change the legal bases and forms: the Board only. Documents read them for
everyone through the selectors."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from thidua.legal.models import DocumentForm, Instrument


def is_board(user: Any) -> bool:
    return bool(user.is_authenticated and getattr(user, "is_board", False))


def require_board(user: Any) -> None:
    if not is_board(user):
        raise PermissionDenied


def get_instrument_for(user: Any, pk: int) -> Instrument:
    require_board(user)
    return get_object_or_404(Instrument.objects.select_related("province", "block"), pk=pk)


def get_form_for(user: Any, pk: int) -> DocumentForm:
    require_board(user)
    return get_object_or_404(DocumentForm.objects.select_related("instrument"), pk=pk)
