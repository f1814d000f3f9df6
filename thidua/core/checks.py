"""System checks of the deployment settings the product itself needs."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def site_url(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Documents print the site's address (verification links, QR codes): it must be the real
    public one, not missing and not a developer's machine."""
    url = getattr(settings, "SITE_URL", "")
    parts = urlsplit(url)
    if not url or parts.scheme not in ("http", "https") or not parts.hostname:
        return [
            Error(
                "SITE_URL is not set to the site's public address (e.g. "
                "https://thidua.example.gov.vn).",
                hint="Set the SITE_URL environment variable; documents print it.",
                id="thidua.E001",
            )
        ]
    if parts.hostname in ("127.0.0.1", "localhost", "::1") and not settings.DEBUG:
        return [
            Error(
                f"SITE_URL is {url}, a local address: documents would print it.",
                hint="Set SITE_URL to the address the public reaches the site at.",
                id="thidua.E002",
            )
        ]
    return []
