"""What accounts contributes to the floor's hubs."""

from __future__ import annotations

from django.http import HttpRequest

from thidua.accounts.reauth import is_recently_authenticated
from thidua.core.page_cache import person_key_parts


@person_key_parts.register(key="fresh_auth", order=10)
def fresh_authentication(request: HttpRequest) -> str:
    # The ballot and signing pages offer the form or the re-authentication link.
    return str(int(is_recently_authenticated(request)))
