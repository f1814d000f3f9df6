import pytest


@pytest.fixture(autouse=True)
def _no_public_page_cache(settings):
    """These tests write rows directly (bulk posts, rankings, awards), bypassing the audited
    services whose audit events the portal's page cache keys on; the cache itself is tested in
    thidua/core/tests/test_page_cache_visitors.py."""
    settings.PUBLIC_PAGE_CACHE = False
