"""The product speaks Vietnamese unless the person chose English with the language switch; query
parameters are free of NUL characters."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, QueryDict
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Like Django's, but ignores the browser's Accept-Language: an official whose browser is
    set to English still gets the Vietnamese interface until they switch."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class QueryCountHeaderMiddleware:
    """Benchmark only (``THIDUA_BENCH=1``): report the number of SQL queries of each request in an
    ``X-Queries`` header, so that ``make bench`` can print queries per page from the production
    server. Never installed otherwise."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        count = 0

        def counter(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Queries"] = str(count)
        return response


class NulFreeQueryMiddleware:
    """Drop NUL characters from the query string's parameters. Nobody types one; a search or a
    filter that passed it on would make PostgreSQL refuse the query (an HTTP 500) where SQLite
    answers. Forms refuse NUL in posted fields with a message; query parameters are read by
    selectors directly, so they are cleaned here, once. The POST body is not touched: reading
    it here would parse uploads before the views' upload limits are in place."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        if "%00" in request.META.get("QUERY_STRING", ""):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned  # type: ignore[assignment]  # read-only in the stubs only
        return self.get_response(request)
