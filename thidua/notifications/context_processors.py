"""The unread count on the navigation's notification badge."""

from __future__ import annotations

from django.http import HttpRequest

from thidua.notifications.models import Notification


def unread_count(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    # Same gate as the navigation: no badge until a required second factor is entered.
    if user is None or not user.is_authenticated or getattr(request, "two_factor_pending", False):
        return {}
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    return {"unread_notifications": unread}
