"""Loaded by pytest with `-p` before Django starts: environment for the test run."""

import os

os.environ.setdefault("THIDUA_TESTING", "1")
os.environ.setdefault("HTTPS", "0")
