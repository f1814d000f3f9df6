"""Importing the settings writes nothing: folders and the local key are made by `make`."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _import_settings(var_dir: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"THIDUA_TESTING", "SECRET_KEY"}}
    env.update({"THIDUA_VAR_DIR": str(var_dir), **extra})
    return subprocess.run(
        [sys.executable, "-c", "import thidua.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_importing_the_settings_creates_no_folder_or_key(tmp_path):
    var_dir = tmp_path / "var"
    result = _import_settings(var_dir, SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert not var_dir.exists()


def test_without_a_key_the_error_says_what_to_run(tmp_path):
    var_dir = tmp_path / "var"
    result = _import_settings(var_dir)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "make var/secret_key" in result.stderr
    assert not var_dir.exists()


def test_the_local_key_file_is_read_when_present(tmp_path):
    (tmp_path / "secret_key").write_text("k" * 60 + "\n")
    result = _import_settings(tmp_path)
    assert result.returncode == 0, result.stderr


def test_a_trusted_proxy_that_is_not_an_address_stops_the_start_naming_it(tmp_path):
    result = _import_settings(
        tmp_path / "var", SECRET_KEY="x" * 50, TRUSTED_PROXIES="10.0.0.1,nginx"
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "“nginx”" in result.stderr
    ok = _import_settings(tmp_path / "var", SECRET_KEY="x" * 50, TRUSTED_PROXIES="10.0.0.0/8, ::1")
    assert ok.returncode == 0, ok.stderr


def test_a_cache_url_that_is_not_redis_stops_the_start_naming_it(tmp_path):
    result = _import_settings(
        tmp_path / "var", SECRET_KEY="x" * 50, CACHE_URL="memcached://127.0.0.1:11211"
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "“memcached://" in result.stderr
    ok = _import_settings(
        tmp_path / "var", SECRET_KEY="x" * 50, CACHE_URL="redis://10.0.0.5:6379/1"
    )
    assert ok.returncode == 0, ok.stderr
