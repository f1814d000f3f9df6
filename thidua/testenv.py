"""Loaded by pytest with `-p` before Django starts: environment for the test run."""

import os
from pathlib import Path

os.environ.setdefault("THIDUA_TESTING", "1")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("SITE_URL", "https://thidua.example.gov.vn")
# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Each pytest-xdist worker (make test runs the suite on every core) keeps its local files (the
# demo's seal keys, media) in a folder of its own, so that two workers never write the same file.
_repo_var = Path(__file__).resolve().parent.parent / "var"
_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker and "THIDUA_VAR_DIR" not in os.environ:
    os.environ["THIDUA_VAR_DIR"] = str(_repo_var / "tests" / _worker)
# Settings create no folders when imported; the static files' folder must exist for whitenoise.
_var = Path(os.environ.get("THIDUA_VAR_DIR", _repo_var))
(_var / "static").mkdir(parents=True, exist_ok=True)
