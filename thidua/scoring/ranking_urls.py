"""Ranking and analysis URLs (owned by the ranking work); included at the end of urls.py."""

from __future__ import annotations

urlpatterns: list = []
