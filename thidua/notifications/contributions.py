"""What notifications contributes to the floor's hubs."""

from __future__ import annotations

from django.db.models import Count, Max, Q
from django.http import HttpRequest

from thidua.core.page_cache import person_key_parts
from thidua.notifications.models import Notification


@person_key_parts.register(key="notifications", order=20)
def unread_and_newest(request: HttpRequest) -> str:
    # A new notification or one read changes the badge and the list.
    mine = Notification.objects.filter(recipient_id=request.user.pk).aggregate(
        unread=Count("pk", filter=Q(read_at__isnull=True)), newest=Max("pk")
    )
    return f"{mine['unread']}:{mine['newest'] or 0}"
