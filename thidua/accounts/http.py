"""The request type of the views that require sign-in."""

from __future__ import annotations

from thidua.accounts.models import User
from thidua.core.http import HtmxHttpRequest


class AuthenticatedRequest(HtmxHttpRequest):
    """What a `login_required` view receives: `request.user` is a signed-in person, never
    AnonymousUser. Only for annotations: the decorator, not this type, makes it true."""

    user: User
