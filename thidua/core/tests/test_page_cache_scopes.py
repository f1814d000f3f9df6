"""Pages are keyed on the versions of what they show: a write rebuilds the pages that show what
it changed at once and leaves every other page in the cache; a page stored before a deadline of
what it shows is gone after it."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.services import record_sign_in
from thidua.core import page_cache, versions
from thidua.cycles import services as cycles
from thidua.cycles.models import Cycle
from thidua.drafting.tests.helpers import make_regulation, open_window
from thidua.news.tests.helpers import make_post
from thidua.testing import YEAR, make_block, make_org, signin

pytestmark = pytest.mark.django_db


def _get(client: Client, url: str) -> tuple[str, int]:
    """The page, and whether the cache served it ("hit") or the view built it ("miss")."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response[page_cache.HEADER], len(queries)


def _cycle_url(cycle: Cycle) -> str:
    return reverse("cycles:cycle_detail", args=[cycle.pk])


@pytest.fixture
def other_cycle(cast) -> Cycle:
    first = make_org(cast.province, "Liên minh Hợp tác xã tỉnh", "Liên minh HTX")
    second = make_org(cast.province, "Hội Nông dân tỉnh", "Hội Nông dân")
    block = make_block(cast.province, "Khối thi đua 9", [first, second])
    return cycles.create_cycle(
        actor=None, block=block, year=YEAR, head_unit=first, deputy_unit=second
    )


@pytest.fixture
def two_cycles(cast, other_cycle) -> tuple[str, str]:
    return _cycle_url(cast.cycle), _cycle_url(other_cycle)


def _bump(scope: str) -> None:
    with transaction.atomic():
        versions.bump(scope)


def test_a_change_in_one_block_rebuilds_its_pages_and_leaves_another_blocks_cached(
    client, cast, two_cycles, other_cycle
):
    mine, other = two_cycles
    signin(client, cast.board)
    assert _get(client, mine)[0] == _get(client, other)[0] == "miss"
    assert _get(client, mine)[0] == _get(client, other)[0] == "hit"
    # What every audited write in the other block does inside its transaction.
    _bump(versions.block(other_cycle.block_id))
    state, queries = _get(client, mine)
    assert state == "hit" and queries <= 5  # the view did not run again
    assert _get(client, other)[0] == "miss"
    assert _get(client, other)[0] == "hit"


def test_a_change_to_the_province_rebuilds_every_blocks_pages(client, cast, two_cycles):
    mine, other = two_cycles
    signin(client, cast.board)
    _get(client, mine), _get(client, other)
    _bump(versions.PROVINCE)
    assert _get(client, mine)[0] == _get(client, other)[0] == "miss"


def test_a_real_write_in_one_block_leaves_another_blocks_pages_cached(client, cast, two_cycles):
    mine, other = two_cycles
    signin(client, cast.board)
    _get(client, mine), _get(client, other)
    cycles.set_cycle_units(
        actor=cast.board, cycle=cast.cycle, head_unit=cast.member_org, deputy_unit=cast.head_org
    )
    assert _get(client, mine)[0] == "miss"
    assert _get(client, other)[0] == "hit"


def test_someone_elses_sign_in_leaves_my_pages_cached_and_mine_rebuilds_them(
    client, cast, two_cycles
):
    mine, _ = two_cycles
    signin(client, cast.member_rep)
    _get(client, mine)
    record_sign_in(user=cast.head_rep)
    assert _get(client, mine)[0] == "hit"
    record_sign_in(user=cast.member_rep)
    assert _get(client, mine)[0] == "miss"


def test_nobody_is_served_a_page_stored_for_someone_else(cast, two_cycles):
    mine, _ = two_cycles
    advance = reverse("cycles:cycle_advance", args=[cast.cycle.pk])
    board = signin(Client(), cast.board)
    assert _get(board, mine)[0] == "miss"
    member = signin(Client(), cast.member_rep)
    response = member.get(mine)
    assert response[page_cache.HEADER] == "miss"
    assert advance not in response.content.decode()
    # Someone outside the block is refused, even with the page in the cache for others.
    assert signin(Client(), cast.outsider).get(mine).status_code in {403, 404}


def test_the_block_is_found_inside_the_one_query_that_reads_the_versions(client, cast, two_cycles):
    mine, _ = two_cycles
    signin(client, cast.member_rep)
    _get(client, mine)
    with CaptureQueriesContext(connection) as queries:
        client.get(mine)
    version_reads = [q["sql"] for q in queries if "core_version" in q["sql"]]
    assert len(version_reads) == 1 and "cycles_cycle" in version_reads[0]


def test_the_board_home_shows_the_whole_log_and_a_members_home_every_block(client, cast):
    signin(client, cast.board)
    assert _get(client, "/")[0] == "miss"
    member = signin(Client(), cast.member_rep)
    assert _get(member, "/")[0] == "miss"
    record_sign_in(user=cast.outsider)  # the Board's home lists the latest events
    assert _get(client, "/")[0] == "miss"
    assert _get(member, "/")[0] == "hit"
    _bump(versions.block(cast.other_block.pk))
    assert _get(member, "/")[0] == "miss"


def test_publishing_news_changes_the_portal_and_no_signed_in_block_page(client, cast, two_cycles):
    _, other = two_cycles
    signin(client, cast.board)
    url = reverse("news:post_list")
    _get(client, other)
    make_post(cast, publish=True, title="Bài thứ nhất")
    assert _get(Client(), url)[0] == "miss"
    assert _get(Client(), url)[0] == "hit"
    public = versions.total([versions.PUBLIC])
    make_post(cast, publish=True, title="Bài thứ hai")
    assert versions.total([versions.PUBLIC]) > public
    assert _get(Client(), url)[0] == "miss"
    # The post is the first block's: another block's page stays.
    assert _get(client, other)[0] == "hit"


# --- deadlines -------------------------------------------------------------------------------


def test_a_page_is_stored_only_until_the_next_deadline_of_its_block(cast, two_cycles):
    document = make_regulation(cast)
    window = open_window(cast, document, days=1)
    now = timezone.now()
    in_block = page_cache.Scopes.of_blocks(
        Cycle.objects.filter(pk=cast.cycle.pk).values("block_id")
    )
    assert page_cache.next_deadline(in_block, now) == min(
        window.deadline, page_cache.next_deadline(page_cache.Scopes(), now)
    )
    # Another block has no deadline before midnight.
    elsewhere = Cycle.objects.filter(block=cast.other_block).values("block_id")
    midnight = page_cache.next_deadline(page_cache.Scopes(), now)
    assert page_cache.next_deadline(page_cache.Scopes.of_blocks(elsewhere), now) == midnight
    assert timezone.localtime(midnight).time() == dt.time()
    assert page_cache.ttl_until(now + dt.timedelta(seconds=90), now, page_cache.TTL) == 90
    assert page_cache.ttl_until(now + dt.timedelta(days=2), now, page_cache.TTL) == page_cache.TTL
    assert page_cache.ttl_until(now - dt.timedelta(seconds=5), now, page_cache.TTL) == 1


def test_a_page_cached_just_before_a_comment_window_closes_is_rebuilt_after_it(
    client, cast, monkeypatch
):
    document = make_regulation(cast)
    window = open_window(cast, document)
    closing = timezone.now() + dt.timedelta(seconds=90)
    type(window).objects.filter(pk=window.pk).update(deadline=closing)
    url = reverse("drafting:document_detail", args=[document.pk])
    signin(client, cast.member_rep)
    stored: list[int] = []
    pages = caches["pages"]
    real_set = pages.set
    monkeypatch.setattr(pages, "set", lambda k, v, ttl: stored.append(ttl) or real_set(k, v, ttl))
    assert _get(client, url)[0] == "miss"
    assert 0 < stored[-1] <= 90
    assert _get(client, url)[0] == "hit"
    # A minute and a half later, nobody having written anything, the window is closed.
    later = time.time() + 91
    monkeypatch.setattr(time, "time", lambda: later)
    assert _get(client, url)[0] == "miss"
