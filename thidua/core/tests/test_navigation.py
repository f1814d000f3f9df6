"""The main menu: the Board's daily work on the bar, what is set up now and then in one group that
opens, so that the bar stays on one line; members see their short menu."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from thidua.testing import signin

pytestmark = pytest.mark.django_db


def _bar(page: str) -> str:
    return re.search(r'<nav class="site-nav.*?</nav>', page, re.S).group(0)


def test_the_board_sees_its_work_on_the_bar_and_the_setup_in_a_group(client, cast):
    signin(client, cast.board)
    bar = _bar(client.get(reverse("board:home")).content.decode())
    top = re.findall(r'<a class="nav-link[^"]*" href="[^"]*"[^>]*>([^<]+)</a>', bar)
    assert top == [
        "Trang chính",
        "Khối thi đua",
        "Năm thi đua",
        "Hồ sơ đề nghị",
        "Tổ chức",
        "Người dùng",
        "Tin tức",
    ]
    group = re.search(r'data-bs-toggle="dropdown"[^>]*>Quản trị</button>(.*?)</ul>', bar, re.S)
    assert group, "the Administration group opens as a menu"
    inside = re.findall(r'class="dropdown-item[^"]*" href="([^"]+)"', group.group(1))
    assert reverse("core:audit") in inside and reverse("api:token_list") in inside
    assert len(inside) == 6


def test_inside_the_group_the_current_page_is_marked_and_so_is_the_group(client, cast):
    signin(client, cast.board)
    bar = _bar(client.get(reverse("core:audit")).content.decode())
    assert re.search(r'class="nav-link dropdown-toggle active"[^>]*>Quản trị<', bar)
    assert re.search(
        rf'class="dropdown-item active" href="{reverse("core:audit")}" aria-current="page"', bar
    )
    assert bar.count('aria-current="page"') == 1


def test_a_member_sees_the_short_menu_without_a_group(client, cast):
    signin(client, cast.member_rep)
    bar = _bar(client.get(reverse("board:home")).content.decode())
    assert "dropdown" not in bar
    assert "Khối của tôi" in bar
