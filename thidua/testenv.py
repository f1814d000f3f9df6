"""Loaded by pytest with `-p` before Django starts: environment for the test run."""

import os
from pathlib import Path

os.environ.setdefault("THIDUA_TESTING", "1")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("SITE_URL", "https://thidua.example.gov.vn")
# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Settings create no folders when imported; the static files' folder must exist for whitenoise.
_var = Path(os.environ.get("THIDUA_VAR_DIR", Path(__file__).resolve().parent.parent / "var"))
(_var / "static").mkdir(parents=True, exist_ok=True)
