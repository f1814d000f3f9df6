"""The access matrix: every named URL of the product, who may open it, and how.

Each app lists its routes in `thidua/<app>/tests/matrix.py` as `ROUTES = [Route(...), ...]`.
`test_access_matrix.py` collects them all, fails for any URL pattern without an entry, and checks
every route for anonymous visitors, each role of the cast and an outsider from another block.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thidua.testing import Cast

ROLES = ("board", "head_rep", "member_rep", "member_leader", "outsider")
EVERYONE = frozenset(ROLES)
MEMBERS = frozenset({"head_rep", "member_rep", "member_leader"})
APPS = (
    "core",
    "accounts",
    "orgs",
    "cycles",
    "legal",
    "demo",
    "reports",
    "notifications",
    "drafting",
    "signing",
    "meetings",
    "scoring",
    "voting",
    "awards",
    "activities",
    "news",
    "jobs",
    "api",
    "board",
)


@dataclass(frozen=True)
class Route:
    """One URL name. `allowed` roles get a normal answer; the others get 403 or 404.

    - `kwargs(cast)` builds the URL arguments from the cast.
    - `method` "get" pages must answer 200 to allowed roles (in both languages); "post"
      actions must not answer 403/404 to allowed roles (a redirect or a form error is fine).
    - `public` routes answer anonymous visitors too (with `anonymous_status`).
    - `data(cast)` is the POST body for actions.
    - `ok_status` overrides the status an allowed GET must answer (e.g. 302 for a redirect page).
    """

    name: str
    allowed: frozenset[str] = frozenset()
    kwargs: Callable[[Cast], dict[str, Any]] | None = None
    method: str = "get"
    public: bool = False
    anonymous_status: int = 200
    ok_status: int = 200
    data: Callable[[Cast], dict[str, Any]] | None = None
    query: str = ""
    needs_two_factor_exemption: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def url_kwargs(self, cast: Cast) -> dict[str, Any]:
        return self.kwargs(cast) if self.kwargs else {}


def all_routes() -> list[Route]:
    """Routes from every `thidua/<app>/tests/matrix*.py` module."""
    routes: list[Route] = []
    root = Path(__file__).resolve().parents[1]
    for app in APPS:
        for path in sorted((root / app / "tests").glob("matrix*.py")):
            module = importlib.import_module(f"thidua.{app}.tests.{path.stem}")
            routes.extend(module.ROUTES)
    return routes
