"""Loaded by pytest with `-p`: the demo, loaded once and read by every test that asks for it.

Loading the demo takes 15–25 s, and some forty tests only read it. A test that asks for the
`demo_data` fixture (or a module fixture that asks for `shared_demo`) runs inside one outer
transaction holding the loaded demo; its own transaction is a savepoint of that one, rolled back
after it as usual, so every reader starts from the same demo. The tests that read the demo run
one after the other (collection order; one pytest-xdist worker through their `xdist_group`), and
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
OPEN = pytest.StashKey["SharedDemo"]()


@dataclass(frozen=True)
class Loaded:
    output: str  # what `manage.py load_demo` printed
    began: Any  # the clock when the load began (datetime)
    loaded_at: Any  # what the load says is its moment: the end of the demo's story (datetime)


class SharedDemo:
    def __init__(self, blocker: Any, media_root: Path) -> None:
        self._blocker = blocker
        self._media_root = media_root
        self._atomic: Any = None
        self._settings: Any = None
        self.loaded: Loaded | None = None

    def open(self) -> Loaded:
        if self.loaded is not None:
            return self.loaded
        from django.core.management import call_command
        from django.db import connection, transaction
        from django.test import override_settings
        from django.utils import timezone

        from thidua.demo import loader

        with self._blocker.unblock():
            if connection.in_atomic_block:
                raise RuntimeError(
                    "The shared demo must be loaded before the test's transaction begins: ask "
                    "for `demo_data` instead of loading the demo inside the test."
                )
            self._settings = override_settings(MEDIA_ROOT=self._media_root)
            self._settings.enable()
            self._atomic = transaction.atomic()
            # Like a TestCase's own block: the product's durable blocks may run inside it.
            self._atomic._from_testcase = True
            self._atomic.__enter__()
            results = []
            real_load = loader.load

            def load() -> Any:
                results.append(real_load())
                return results[-1]

            out = io.StringIO()
            began = timezone.now()
            try:
                with mock.patch.object(loader, "load", load):
                    call_command("load_demo", stdout=out)
            except BaseException:
                self._close_transaction()
                raise
        self.loaded = Loaded(out.getvalue(), began=began, loaded_at=results[0].loaded_at)
        return self.loaded

    def close(self) -> None:
        if self._atomic is None:
            return
        with self._blocker.unblock():
            self._close_transaction()

    def _close_transaction(self) -> None:
        from django.db import transaction

        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)
        self._atomic = None
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


@pytest.fixture
def demo_data(shared_demo: SharedDemo, db: None) -> Loaded:
    """The demo of SPEC §6 as `manage.py load_demo` leaves it (MEDIA_ROOT in a temporary folder);
    what the test changes is rolled back after it."""
    assert shared_demo.loaded is not None
    return shared_demo.loaded


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that read the shared demo, one after the other where the first one was (after
    pytest-django's ordering, so still among the tests of a rolled-back transaction). Each is
    marked `xdist_group("demo")`, so that pytest-xdist runs them all on one worker."""
    readers = [item for item in items if NEEDS in getattr(item, "fixturenames", ())]
    if not readers:
        return
    for item in readers:
        groups = {m.args[0] if m.args else None for m in item.iter_markers("xdist_group")}
        if groups != {"demo"}:
            raise pytest.UsageError(
                f"{item.nodeid} reads the shared demo: mark it pytest.mark.xdist_group('demo')"
            )
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("transaction"):
            raise pytest.UsageError(f"{item.nodeid}: the shared demo is for rolled-back tests")
    first = items.index(readers[0])
    rest = [item for item in items if NEEDS not in getattr(item, "fixturenames", ())]
    items[:] = rest[:first] + readers + rest[first:]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator:
    yield
    if nextitem is None or NEEDS not in nextitem.fixturenames:
        shared = item.config.stash.get(OPEN, None)
        if shared is not None:
            shared.close()
