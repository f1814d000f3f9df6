import copy
from collections.abc import Iterator
from typing import Any

import pytest

from thidua.testing import Cast, make_cast
from thidua.testing.browser import DESKTOP, launch_chromium


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """pytest-django's test databases, with the sessions other threads left open ended before
    they are dropped: the live server's threads keep their persistent connection (CONN_MAX_AGE)
    while a browser holds theirs open, and PostgreSQL refuses to drop a database in use."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=True):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
            connection.close()


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Every test starts with an empty cache: ids and (synthetic) timestamps repeat between
    tests, so a cached computation of one test must not answer the next."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def _default_language() -> None:
    """Every test starts in the site's language: a request in English leaves English active in
    the thread (LocaleMiddleware activates it and nothing deactivates it), and the next test, on
    a pytest-xdist worker any other module's, must not depend on that."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def page_builds(settings: Any) -> None:
    """Query budgets measure what building a page costs, not serving it from the page cache
    (thidua/core/page_cache.py, tested on its own)."""
    settings.PERSON_PAGE_CACHE = False
    settings.PUBLIC_PAGE_CACHE = False


@pytest.fixture
def cast(db) -> Cast:
    return make_cast()


@pytest.fixture(scope="module")
def module_cast(django_db_setup: None, django_db_blocker: Any) -> Iterator[Cast]:
    """One cast for a whole module (the sweeps over every page, which build nothing else of
    their own): made in a transaction around the module's tests, each of which runs in a
    savepoint of it as usual, rolled back after the module. A module opts in by overriding
    `cast` with `cast_of_the_module` (below)."""
    from thidua.testshared import HeldTransaction

    held = HeldTransaction(django_db_blocker)
    held.begin()
    try:
        with django_db_blocker.unblock():
            made = make_cast()
        yield made
    finally:
        held.roll_back()


@pytest.fixture
def cast_of_the_module(module_cast: Cast, db: None) -> Cast:
    """The module's cast, copied for each test (as Django's setUpTestData does) so that what a
    test changes in its objects never reaches the next test."""
    return copy.deepcopy(module_cast)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """One browser per module: Playwright's synchronous API keeps an event loop running in the
    test thread while it is open, and the modules a pytest-xdist worker runs next (pyHanko's
    validation calls asyncio.run) must not find it there."""
    yield from launch_chromium()


@pytest.fixture
def page(chromium, live_server) -> Iterator[Any]:
    context = chromium.new_context(viewport=DESKTOP, locale="vi-VN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page
    finally:
        context.close()
