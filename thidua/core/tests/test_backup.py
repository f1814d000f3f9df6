import shutil
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

from thidua.orgs.models import Organisation


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_brings_back_the_data_and_a_valid_audit_chain(tmp_path):
    if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    from thidua.testing import make_cast

    make_cast()
    before = Organisation.objects.count()
    call_command("backup", dir=str(tmp_path))
    archive = next(Path(tmp_path).glob("thidua-*.tar.gz"))
    Organisation.objects.filter(name="Tỉnh đoàn").update(name="changed")
    caches["pages"].set("page:taken-back-version", "stale")
    call_command("restore", str(archive), yes=True)
    assert caches["pages"].get("page:taken-back-version") is None
    assert Organisation.objects.count() == before
    assert Organisation.objects.filter(name="Tỉnh đoàn").exists()
