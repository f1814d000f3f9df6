"""Loaded by pytest with `-p`: what the tests share. The demo, loaded once and read by every
test that asks for it; the data the migrations write, written again after a test that empties the
database; and the share-out of modules between pytest-xdist's workers (`make test`).

Loading the demo takes 15–25 s, and some forty tests only read it. A test that asks for the
`demo_data` fixture (or a module fixture that asks for `shared_demo`) runs inside one outer
transaction holding the loaded demo; its own transaction is a savepoint of that one, rolled back
after it as usual, so every reader starts from the same demo. The tests that read the demo run
one after the other (collection order; on one pytest-xdist worker, see READERS), and
the outer transaction is rolled back as soon as the next test does not ask for the demo, before
that test starts: every other test still finds an empty database.

The outer transaction must begin before the test's own: the autouse fixture below opens it, and
this plugin is registered before pytest-django, so its autouse fixture runs first. Opening it
inside a test's transaction raises instead of silently sharing nothing.
"""

from __future__ import annotations

import io
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

NEEDS = "shared_demo"
# The modules whose tests read the shared demo (checked at collection): pytest-xdist gives them
# to one worker.
READERS = {
    "thidua/demo/tests/test_archive.py",
    "thidua/demo/tests/test_demo_activities.py",
    "thidua/demo/tests/test_demo_drafting.py",
    "thidua/demo/tests/test_demo_news.py",
    "thidua/demo/tests/test_demo_scoring.py",
    "thidua/demo/tests/test_demo_voting.py",
    "thidua/demo/tests/test_live.py",
    "thidua/demo/tests/test_load_demo.py",
    "thidua/demo/tests/test_story.py",
    "thidua/tests/test_documents_layout.py",
    "thidua/tests/test_shared_fixtures.py",
    "thidua/tests/test_spreadsheets.py",
}
OPEN = pytest.StashKey["SharedDemo"]()


class HeldTransaction:
    """A transaction held open across several tests, each of whose own transactions is then a
    savepoint of it; rolled back at the end, so what it held never reaches later tests."""

    def __init__(self, blocker: Any) -> None:
        self._blocker = blocker
        self._atomic: Any = None

    @property
    def is_open(self) -> bool:
        return self._atomic is not None

    def begin(self) -> None:
        from django.db import connection, transaction

        with self._blocker.unblock():
            if connection.in_atomic_block:
                raise RuntimeError(
                    "A transaction shared by several tests must begin before the test's own: "
                    "ask for the shared fixture instead of building its data inside the test."
                )
            self._atomic = transaction.atomic()
            # Like a TestCase's own block: the product's durable blocks may run inside it.
            self._atomic._from_testcase = True
            self._atomic.__enter__()

    def roll_back(self) -> None:
        from django.db import transaction

        if self._atomic is None:
            return
        with self._blocker.unblock():
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)
        self._atomic = None


@dataclass(frozen=True)
class Loaded:
    output: str  # what `manage.py load_demo` printed
    began: Any  # the clock when the load began (datetime)
    loaded_at: Any  # what the load says is its moment: the end of the demo's story (datetime)


class SharedDemo:
    def __init__(self, blocker: Any, media_root: Path) -> None:
        self._blocker = blocker
        self._media_root = media_root
        self._held = HeldTransaction(blocker)
        self._settings: Any = None
        self.loaded: Loaded | None = None

    def open(self) -> Loaded:
        if self.loaded is not None:
            return self.loaded
        from django.conf import settings
        from django.core.management import call_command
        from django.test import override_settings
        from django.utils import timezone, translation

        from thidua.demo import loader

        self._held.begin()
        self._settings = override_settings(MEDIA_ROOT=self._media_root)
        self._settings.enable()
        with self._blocker.unblock():
            results = []
            real_load = loader.load

            def load() -> Any:
                results.append(real_load())
                return results[-1]

            out = io.StringIO()
            began = timezone.now()
            try:
                # In the site's language, as `make run` loads it, whatever a test left active.
                language = translation.override(settings.LANGUAGE_CODE)
                with mock.patch.object(loader, "load", load), language:
                    call_command("load_demo", stdout=out)
            except BaseException:
                self.close()
                raise
        self.loaded = Loaded(out.getvalue(), began=began, loaded_at=results[0].loaded_at)
        return self.loaded

    def close(self) -> None:
        if not self._held.is_open:
            return
        self._held.roll_back()
        self._settings.disable()
        self.loaded = None


@pytest.fixture(scope="session")
def shared_demo(
    request: pytest.FixtureRequest,
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[SharedDemo]:
    shared = SharedDemo(django_db_blocker, tmp_path_factory.mktemp("shared-demo-media"))
    request.config.stash[OPEN] = shared
    yield shared
    shared.close()  # before the test database is dropped


@pytest.fixture(autouse=True)
def _open_shared_demo(request: pytest.FixtureRequest) -> None:
    if NEEDS in request.fixturenames:
        request.getfixturevalue(NEEDS).open()


# What the migrations write into a new database (get_or_create, so running them again is safe).
MIGRATIONS_DATA = [
    ("thidua.core.migrations.0004_audit_chains", "main_head"),
    ("thidua.legal.migrations.0002_national_instruments", "seed"),
]


def _transactional(item: pytest.Item) -> bool:
    fixtures = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    return (
        "transactional_db" in fixtures
        or "live_server" in fixtures
        or (marker is not None and bool(marker.kwargs.get("transaction")))
    )


@pytest.fixture(autouse=True)
def _migrations_data_after_a_flush(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test with real commits ends by emptying every table (Django's flush), the migrations'
    data included; the tests that run after it on this worker (pytest-xdist mixes modules of
    both kinds) find that data again, as in a new database."""
    yield
    if not _transactional(request.node):
        return
    from importlib import import_module

    from django.apps import apps

    with request.getfixturevalue("django_db_blocker").unblock():
        for module, function in MIGRATIONS_DATA:
            getattr(import_module(module), function)(apps, None)


@pytest.fixture
def demo_data(shared_demo: SharedDemo, db: None) -> Loaded:
    """The demo of SPEC §6 as `manage.py load_demo` leaves it (MEDIA_ROOT in a temporary folder);
    what the test changes is rolled back after it."""
    assert shared_demo.loaded is not None
    return shared_demo.loaded


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that read the shared demo, one after the other where the first one was (after
    pytest-django's ordering, so still among the tests of a rolled-back transaction)."""
    readers = [item for item in items if NEEDS in getattr(item, "fixturenames", ())]
    for item in readers:
        module = item.nodeid.split("::", 1)[0]
        if module not in READERS:
            raise pytest.UsageError(
                f"{module} reads the shared demo: add it to READERS in thidua/testshared.py"
            )
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("transaction"):
            raise pytest.UsageError(f"{item.nodeid}: the shared demo is for rolled-back tests")
    if readers:
        first = items.index(readers[0])
        rest = [item for item in items if NEEDS not in getattr(item, "fixturenames", ())]
        items[:] = rest[:first] + readers + rest[first:]


# Modules of a few tests of a minute or more each, which pytest-xdist may share out.
ONE_TEST_A_UNIT = {"thidua/tests/test_browser_axe_sweep.py"}


@pytest.hookimpl(tryfirst=True, optionalhook=True)  # optional: `-p no:xdist` still runs
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With `--dist loadscope` (make test): each module is one unit of work for one worker (its
    module fixtures made once), the modules that read the shared demo are one unit together, so
    that it is loaded once, and the minute-long tests of ONE_TEST_A_UNIT are a unit each."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            if module in READERS:
                return "the shared demo"
            return nodeid if module in ONE_TEST_A_UNIT else module

    return Scheduling(config, log)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator:
    yield
    if nextitem is None or NEEDS not in getattr(nextitem, "fixturenames", ()):
        shared = item.config.stash.get(OPEN, None)
        if shared is not None:
            shared.close()
