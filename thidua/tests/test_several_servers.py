"""Two application servers on one PostgreSQL database, one Redis (CACHE_URL) and one
S3-compatible bucket (S3_BUCKET) act as one site: the public comment limit counts a visitor's
comments on both, what one server caches the other reads, a write through one refreshes the
pages both serve, and a job started on one, run by the worker, is downloaded from the other —
with nothing written to any server's own disk.

Real processes in production mode (gunicorn as `make run` serves, `manage.py db_worker` as the
Procfile runs it), a scratch database the test creates and drops, the machine's Redis (started
by .ci/run when none answers) and a local moto S3 server (thidua/tests/s3.py). Without
PostgreSQL or Redis the test skips, saying why (in CI it fails instead)."""

from __future__ import annotations

import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest

from thidua.tests.s3 import Bucket, moto_bucket

ROOT = Path(__file__).resolve().parents[2]
REDIS = os.environ.get("THIDUA_TEST_REDIS", "redis://127.0.0.1:6379/15")
POSTGRES = os.environ.get("THIDUA_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
SLUG = "hai-may-chu"

SETUP = """
import json
from django.core.cache import caches
from django.test import Client
from django.utils import timezone
from thidua.news.models import Post, PostStatus
from thidua.news.tests.helpers import make_post
from thidua.testing import make_cast, signin

[caches[n].clear() for n in ("default", "pages")]
cast = make_cast()
Post.objects.create(title="Hai máy chủ", slug="SLUG", lead="Tin thử.", body="<p>x</p>",
                    status=PostStatus.PUBLISHED, published_at=timezone.now())
post = make_post(cast, publish=True, title="Tin của khối trước khi sửa")
client = signin(Client(), cast.board)
print("SETUP " + json.dumps({"session": client.cookies["sessionid"].value,
                             "cycle": cast.cycle.pk, "block": cast.block.pk,
                             "post": post.pk, "slug": post.slug}))
""".replace("SLUG", SLUG)


@dataclass(frozen=True)
class Site:
    urls: list[str]
    database: str  # the scratch database's URL
    bucket: Bucket
    media: list[Path]  # each process's own MEDIA_ROOT: must stay empty
    env: dict[str, str]
    ids: dict[str, object]  # what SETUP made: the Board officer's session, a cycle, a post


def _redis_answers() -> bool:
    host, port = re.match(r"redis://([^:/]+):(\d+)", REDIS).groups()  # type: ignore[union-attr]
    try:
        with socket.create_connection((host, int(port)), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _postgres(database: str = "postgres") -> Any:
    import psycopg

    return psycopg.connect(f"{POSTGRES}/{database}", autocommit=True, connect_timeout=3)


def _postgres_answers() -> str:
    """Empty when PostgreSQL answers, else why not."""
    try:
        with _postgres() as db:
            db.execute("SELECT 1")
    except Exception as err:
        return str(err).strip() or type(err).__name__
    return ""


def _unavailable(reason: str) -> None:
    if os.environ.get("THIDUA_REQUIRE_BROWSER") == "1":  # CI: .ci/run starts both
        pytest.fail(reason)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
        capture_output=True,
        text=True,
    )
    return done.stdout


@pytest.fixture(scope="module")
def servers(tmp_path_factory) -> Iterator[Site]:
    if not _redis_answers():
        _unavailable(f"no Redis answers at {REDIS} (start redis-server to run this test)")
    if why := _postgres_answers():
        _unavailable(f"no PostgreSQL answers at {POSTGRES} ({why})")
    var = tmp_path_factory.mktemp("servers")
    name = f"thidua_servers_{os.getpid()}"
    with _postgres() as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    bucket_cm = moto_bucket()
    bucket = bucket_cm.__enter__()
    procs: list[subprocess.Popen] = []
    try:
        env = {
            **os.environ,
            # Production mode: the database task queue, audit guards, compressed static files.
            "THIDUA_TESTING": "0",
            "DEBUG": "0",
            "HTTPS": "0",
            "SECRET_KEY": "several-servers-test-only-0123456789-abcdefghijklmnopqrstuvwxyz",
            "SITE_URL": "http://127.0.0.1",
            "DATABASE_URL": f"{POSTGRES}/{name}",
            "CACHE_URL": REDIS,
            "THIDUA_VAR_DIR": str(var),
            **bucket.env("site"),
        }
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "collectstatic", "--noinput", "-v0")
        out = _manage(env, "shell", "-c", SETUP)
        ids = json.loads(out[out.index("SETUP ") + 6 :])
        ports = [_free_port(), _free_port()]
        media = [var / f"media-{n}" for n in ("web-1", "web-2", "worker")]
        for port, own in zip(ports, media, strict=False):
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "thidua.wsgi",
                        "-b",
                        f"127.0.0.1:{port}",
                        "-w",
                        "1",
                    ],
                    cwd=ROOT,
                    env={**env, "MEDIA_ROOT": str(own)},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url in urls:
            for _ in range(120):
                try:
                    build_opener().open(url + "/healthz", timeout=2)
                    break
                except OSError:
                    time.sleep(0.5)
            else:
                pytest.fail(f"{url} did not start")
        yield Site(urls, f"{POSTGRES}/{name}", bucket, media, env, ids)
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=30)
        bucket_cm.__exit__(None, None, None)
        with _postgres() as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _sql(site: Site, query: str, *params: object) -> object:
    import psycopg

    with psycopg.connect(site.database, autocommit=True) as db:
        cursor = db.execute(query, params)
        row = cursor.fetchone() if cursor.description else None
    return row[0] if row else None


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
    return int(_sql(site, "SELECT count(*) FROM news_comment"))  # type: ignore[call-overload]


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
    _sql(servers, "UPDATE news_post SET title = 'Tên khác' WHERE slug = %s", SLUG)
    page = build_opener().open(second + url).read().decode()
    assert "Hai máy chủ" in page and "Tên khác" not in page


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _board_officer(site: Site) -> Any:
    """A browser session of the Board officer SETUP signed in (sessions live in the database,
    so both servers know it)."""
    import requests

    browser = requests.Session()
    # Cookies ignore the port: both servers (127.0.0.1) receive them.
    browser.cookies.set("sessionid", str(site.ids["session"]), domain="127.0.0.1")
    browser.cookies.set("django_language", "en", domain="127.0.0.1")
    return browser


def _csrf(browser: Any, url: str) -> str:
    page = browser.get(url, allow_redirects=False)
    assert page.status_code == 200, (url, page.status_code)
    return CSRF.search(page.text).group(1)  # type: ignore[union-attr]


def _nothing_on_local_disks(site: Site) -> None:
    for media in site.media:
        assert not media.exists() or not any(media.rglob("*")), f"{media} holds files"


def test_a_job_started_on_one_server_is_run_by_the_worker_and_downloaded_from_the_other(servers):
    first, second = servers.urls
    browser = _board_officer(servers)
    archive = f"/cycles/{servers.ids['cycle']}/archive/"
    started = browser.post(
        first + archive,
        data={"csrfmiddlewaretoken": _csrf(browser, first + archive)},
        allow_redirects=False,
    )
    assert started.status_code == 302, started.status_code
    job_url = started.headers["Location"]
    pk = int(re.fullmatch(r"/jobs/(\d+)/", job_url).group(1))  # type: ignore[union-attr]
    assert _sql(servers, "SELECT status FROM jobs_job WHERE id = %s", pk) == "queued"
    assert browser.get(second + f"/jobs/{pk}/result/").status_code == 404, "not done yet"

    # The worker, on a third machine as far as files go (a MEDIA_ROOT of its own), once.
    _manage(
        {**servers.env, "MEDIA_ROOT": str(servers.media[2])},
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
    )
    assert _sql(servers, "SELECT status FROM jobs_job WHERE id = %s", pk) == "done"
    assert "/result/" in browser.get(second + job_url).text

    result = browser.get(second + f"/jobs/{pk}/result/")
    assert result.status_code == 200
    assert result.headers["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(result.content)).namelist(), "a readable archive"
    name = _sql(servers, "SELECT result FROM jobs_job WHERE id = %s", pk)
    assert f"site/{name}" in servers.bucket.keys("site/jobs/")
    _nothing_on_local_disks(servers)

    # Nobody else gets it, from either server.
    import requests

    assert requests.get(second + f"/jobs/{pk}/result/", allow_redirects=False).status_code == 302


def test_a_write_through_one_server_refreshes_the_page_on_both_and_its_photo_is_on_both(
    servers,
):
    from thidua.news.tests.helpers import jpeg_bytes

    first, second = servers.urls
    article = f"/news/p/{servers.ids['slug']}/"
    for url in (first, second):  # cached by the first, served from the cache by the second
        assert "Tin của khối trước khi sửa" in build_opener().open(url + article).read().decode()

    browser = _board_officer(servers)
    edit = f"/news/manage/{servers.ids['post']}/edit/"
    saved = browser.post(
        first + edit,
        data={
            "csrfmiddlewaretoken": _csrf(browser, first + edit),
            "title": "Tin của khối đã sửa",
            "lead": "Các hội thành viên ký kết giao ước thi đua.",
            "body": "Nội dung bài viết.",
            "byline": "P.V.",
            "tags": "",
            "block": str(servers.ids["block"]),
            "caption": "Lễ ký kết",
        },
        files={"photo": ("le-ky-ket.jpg", jpeg_bytes(), "image/jpeg")},
        allow_redirects=False,
    )
    assert saved.status_code == 302, re.findall(
        r'class="invalid-feedback[^"]*"[^>]*>([^<]+)', saved.text
    )

    for url in (first, second):
        page = build_opener().open(url + article).read().decode()
        assert "Tin của khối đã sửa" in page and "trước khi sửa" not in page, url
    photo = re.search(r'src="(/news/photo/\d+/)"', page)
    assert photo, "the article shows the photo"
    for url in (second, first):
        response = build_opener().open(url + photo.group(1))
        assert response.headers["Content-Type"] == "image/jpeg"
        assert response.read()[:3] == b"\xff\xd8\xff"
    assert any(key.startswith("site/news/") for key in servers.bucket.keys("site/"))
    _nothing_on_local_disks(servers)
