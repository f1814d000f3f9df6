"""`check --deploy` passes with production settings given only by environment variables."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run_check(tmp_path, **overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"THIDUA_TESTING", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE", "SITE_URL"}
    }
    env.update(
        {
            "SECRET_KEY": "x" * 20 + "production-secret-key-for-the-check-0123456789",
            "ALLOWED_HOSTS": "thidua.example.org",
            "SITE_URL": "https://thidua.example.org",
            "DEBUG": "0",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "THIDUA_VAR_DIR": str(tmp_path),
        }
    )
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_with_production_environment(tmp_path):
    result = _run_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_fails_with_debug_on(tmp_path):
    result = _run_check(tmp_path, DEBUG="1")
    assert result.returncode != 0


def test_check_deploy_fails_without_the_public_address(tmp_path):
    """Documents print SITE_URL: production refuses to start checks without it, or with a
    developer's local address."""
    missing = _run_check(tmp_path, SITE_URL="")
    local = _run_check(tmp_path, SITE_URL="http://127.0.0.1:8000")
    assert missing.returncode != 0 and "thidua.E001" in missing.stderr + missing.stdout
    assert local.returncode != 0 and "thidua.E002" in local.stderr + local.stdout
