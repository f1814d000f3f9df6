"""Two application servers on one database and one Redis (CACHE_URL) act as one site: the public
comment limit counts a visitor's comments on both, and what one server caches the other reads.

Real processes (gunicorn, as `make run` serves), a database file both open, and the machine's Redis
(started by .ci/run when none answers; elsewhere the test skips, saying why)."""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS = os.environ.get("THIDUA_TEST_REDIS", "redis://127.0.0.1:6379/15")
SLUG = "hai-may-chu"


@dataclass(frozen=True)
class Site:
    urls: list[str]
    database: Path


def _redis_answers() -> bool:
    host, port = re.match(r"redis://([^:/]+):(\d+)", REDIS).groups()  # type: ignore[union-attr]
    try:
        with socket.create_connection((host, int(port)), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=300)


@pytest.fixture(scope="module")
def servers(tmp_path_factory) -> Iterator[Site]:
    if not _redis_answers():
        if os.environ.get("THIDUA_REQUIRE_BROWSER") == "1":  # CI: .ci/run starts Redis
            pytest.fail(f"no Redis answers at {REDIS}")
        pytest.skip(f"no Redis answers at {REDIS} (start redis-server to run this test)")
    var = tmp_path_factory.mktemp("servers")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}",
        "CACHE_URL": REDIS,
        "THIDUA_VAR_DIR": str(var),
        "MEDIA_ROOT": str(var / "media"),
        "HTTPS": "0",
    }
    _manage(env, "migrate", "--noinput", "-v0")
    post = (
        f"Post.objects.create(title='Hai máy chủ', slug='{SLUG}', lead='Tin thử.', "
        "body='<p>x</p>', status=PostStatus.PUBLISHED, published_at=timezone.now())"
    )
    _manage(
        env,
        "shell",
        "-c",
        "from django.core.cache import caches; from django.utils import timezone; "
        "from thidua.news.models import Post, PostStatus; "
        f"[caches[n].clear() for n in ('default', 'pages')]; {post}",
    )
    ports = [_free_port(), _free_port()]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "thidua.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url in urls:
            for _ in range(120):
                try:
                    build_opener().open(url + "/healthz", timeout=2)
                    break
                except OSError:
                    time.sleep(0.5)
            else:
                pytest.fail(f"{url} did not start")
        yield Site(urls, var / "db.sqlite3")
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=30)


FORM_FIELDS = re.compile(r'<input[^>]*name="(csrfmiddlewaretoken|token)"[^>]*value="([^"]+)"')


def _comment_form(opener, url: str) -> dict[str, str]:
    page = opener.open(f"{url}/news/p/{SLUG}/").read().decode()
    fields = dict(FORM_FIELDS.findall(page[page.index('class="news-comment-form"') :]))
    assert set(fields) == {"csrfmiddlewaretoken", "token"}, "the comment form was not found"
    return fields


def _send(opener, url: str, fields: dict[str, str], n: int) -> str:
    data = {
        **fields,
        "name": f"Bạn đọc {n}",
        "email": f"ban-doc-{n}@example.org",
        "text": f"Góp ý số {n}.",
        "website": "",
    }
    request = Request(
        f"{url}/news/p/{SLUG}/comment/",
        data=urlencode(data).encode(),
        headers={"Referer": f"{url}/news/p/{SLUG}/"},
    )
    return opener.open(request).read().decode()


def _comments(site: Site) -> int:
    with sqlite3.connect(site.database) as db:
        return int(db.execute("SELECT count(*) FROM news_comment").fetchone()[0])


def test_the_comment_limit_counts_a_visitor_on_every_server(servers):
    from thidua.news.portal_views import COMMENT_LIMIT

    first, second = servers.urls
    refused = "Có quá nhiều bình luận"
    opener = build_opener(HTTPCookieProcessor())
    fields = _comment_form(opener, first)
    time.sleep(3.2)  # a person reads before writing (the form refuses faster answers)
    for n in range(COMMENT_LIMIT):
        assert refused not in _send(opener, first, fields, n)
    assert _comments(servers) == COMMENT_LIMIT  # all stored: the limit was not yet reached
    other = build_opener(HTTPCookieProcessor())  # the same visitor's address, another server
    fields = {**_comment_form(other, second), "token": fields["token"]}  # read long enough
    assert refused in _send(other, second, fields, COMMENT_LIMIT)
    assert _comments(servers) == COMMENT_LIMIT


def test_a_page_one_server_cached_is_served_by_the_other(servers):
    """The page cache is one: the article is cached by the first server; its title is then
    changed in the database behind the product's back (no write of record, so no new key), and
    the second server still serves the page the first one stored."""
    first, second = servers.urls
    url = f"/news/p/{SLUG}/"
    assert "Hai máy chủ" in build_opener().open(first + url).read().decode()
    with sqlite3.connect(servers.database) as db:
        db.execute("UPDATE news_post SET title = 'Tên khác' WHERE slug = ?", (SLUG,))
    page = build_opener().open(second + url).read().decode()
    assert "Hai máy chủ" in page and "Tên khác" not in page
