"""The organisation list and the block page cost the same number of queries at any size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.orgs.tests.bulk import bulk_organisations
from thidua.testing import YEAR, make_block, signin


def query_count(client, url):
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def measure(client, cast, n, url_for):
    block = make_block(cast.province, f"Khối {n}", [])
    bulk_organisations(cast.province, n, block=block, year=YEAR, prefix=f"Hội {n}")
    return query_count(client, url_for(block))


def test_the_organisation_list_costs_the_same_with_10_and_500_organisations(client, cast):
    signin(client, cast.board)
    url = reverse("orgs:organisation_list")
    bulk_organisations(cast.province, 10, prefix="Hội nhỏ")
    small = query_count(client, url)
    bulk_organisations(cast.province, 490, prefix="Hội lớn")
    large = query_count(client, url)
    assert small == large


@pytest.mark.usefixtures("page_builds")
def test_the_block_page_costs_the_same_with_10_and_500_members(client, cast):
    signin(client, cast.board)
    small = measure(client, cast, 10, lambda b: reverse("orgs:block_detail", args=[b.pk]))
    large = measure(client, cast, 500, lambda b: reverse("orgs:block_detail", args=[b.pk]))
    assert small == large


def test_the_block_page_costs_the_same_for_a_member(client, cast):
    bulk_organisations(cast.province, 500, block=cast.block, year=YEAR + 1, prefix="Hội năm sau")
    signin(client, cast.member_rep)
    url = reverse("orgs:block_detail", args=[cast.block.pk])
    large = query_count(client, url)
    small = query_count(client, url + f"?year={YEAR}")
    assert small == large
