from collections.abc import Iterator
from typing import Any

import pytest

from thidua.testing import Cast, make_cast
from thidua.testing.browser import DESKTOP, launch_chromium


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Every test starts with an empty cache: ids and (synthetic) timestamps repeat between
    tests, so a cached computation of one test must not answer the next."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    yield


@pytest.fixture
def page_builds(settings: Any) -> None:
    """Query budgets measure what building a page costs, not serving it from the page cache
    (thidua/core/page_cache.py, tested on its own)."""
    settings.PERSON_PAGE_CACHE = False
    settings.PUBLIC_PAGE_CACHE = False


@pytest.fixture
def cast(db) -> Cast:
    return make_cast()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
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
