"""Django's database sessions, read with one plain query: every request that carries a session
cookie reads its session, and compiling the ORM's query cost more than running it."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone

_SESSION_SQL = "SELECT {key}, {data} FROM {table} WHERE {key} = %s AND {expires} > %s"


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Any:
        """The session if it exists and has not expired (as Django's: else the key is
        forgotten, so that a new one is made)."""
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        sql = _SESSION_SQL.format(
            data=quote(model._meta.get_field("session_data").column),
            table=quote(model._meta.db_table),
            key=quote(model._meta.get_field("session_key").column),
            expires=quote(model._meta.get_field("expire_date").column),
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=row[0], session_data=row[1])
