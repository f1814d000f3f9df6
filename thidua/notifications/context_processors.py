"""The unread count on the navigation's notification badge."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest

from thidua.notifications.models import Notification

#: Plain SQL: this runs on every signed-in page, and compiling the ORM's query cost more than
#: running it (the index on recipient and read_at answers it).
_UNREAD_SQL = "SELECT COUNT(*) FROM {table} WHERE recipient_id = %s AND read_at IS NULL"


def unread_count(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    # Same gate as the navigation: no badge until a required second factor is entered.
    if user is None or not user.is_authenticated or getattr(request, "two_factor_pending", False):
        return {}
    return {"unread_notifications": unread_for(user.pk)}


def unread_for(person_id: int) -> int:
    table = connection.ops.quote_name(Notification._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_UNREAD_SQL.format(table=table), [person_id])
        row = cursor.fetchone()
    return int(row[0]) if row else 0
