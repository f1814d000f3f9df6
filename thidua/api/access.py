"""Who may do what with the API: the only place that decides it.

- The Board issues, lists and revokes tokens and registers webhooks (its pages).
- A token reads the data of its one province (and of the provinces merged into it); it writes only
  what its scopes list, and as the Board officer who issued it, who must still be one.
- Browsers' sessions never authenticate an API call: a token in the Authorization header does.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from thidua.api.models import ApiToken, WebhookEndpoint
from thidua.core.errors import DomainError
from thidua.orgs.models import Province


def is_board(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_board)


def require_board(user: Any) -> None:
    if not is_board(user):
        raise PermissionDenied


def get_token_for(user: Any, pk: int) -> ApiToken:
    require_board(user)
    return get_object_or_404(ApiToken.objects.select_related("province", "created_by"), pk=pk)


def get_webhook_for(user: Any, pk: int) -> WebhookEndpoint:
    require_board(user)
    return get_object_or_404(WebhookEndpoint.objects.select_related("province"), pk=pk)


class ScopeMissing(DomainError):
    """The token lacks the write it attempts (HTTP 403)."""


def require_scope(token: ApiToken, scope: str) -> None:
    if not token.allows(scope):
        raise ScopeMissing(
            _("This token may not do this: ask the Board for a token with the “%(scope)s” write.")
            % {"scope": scope}
        )


def province_ids(token: ApiToken) -> list[int]:
    """The token's province and those merged into it (their history is the province's now)."""
    ids = [token.province_id]
    merged = Province.objects.filter(merged_into_id=token.province_id).values_list("pk", flat=True)
    return ids + list(merged)
