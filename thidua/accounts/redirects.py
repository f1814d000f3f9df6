"""Where a `next` parameter may send someone: only to a path of this site, never elsewhere."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def home_url() -> str:
    return resolve_url("board:home")


def safe_next(request: HttpRequest, candidate: str | None, default: str | None = None) -> str:
    """`candidate` if it is a local path (or a URL of this host), else `default` (None: home)."""
    fallback = home_url() if default is None else default
    if not candidate:
        return fallback
    candidate = candidate.strip()
    # Backslashes and control characters are read as slashes by some browsers.
    if "\\" in candidate or any(ord(ch) < 32 for ch in candidate):
        return fallback
    if not url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return fallback
    parts = urlsplit(candidate)
    path = parts.path or "/"
    if not path.startswith("/") or path.startswith("//"):
        return fallback
    return path + (f"?{parts.query}" if parts.query else "")


def same_site_referer(request: HttpRequest) -> str | None:
    """The referring page's path and query when it is this site, else None."""
    referer = request.headers.get("Referer", "")
    if not referer:
        return None
    parts = urlsplit(referer)
    if parts.netloc and parts.netloc != request.get_host():
        return None
    if parts.scheme and parts.scheme != request.scheme:
        return None
    local = parts.path + (f"?{parts.query}" if parts.query else "")
    safe = safe_next(request, local, default="")
    return safe or None
