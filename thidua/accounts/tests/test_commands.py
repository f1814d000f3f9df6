import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from thidua.accounts.models import Role
from thidua.core.models import AuditEvent

User = get_user_model()


@pytest.mark.django_db
def test_create_board_officer_makes_an_audited_board_account(monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "a-long-enough-passphrase")
    call_command(
        "create_board_officer", "ban.tdkt", full_name="Nguyễn Văn An", email="an@example.org"
    )
    user = User.objects.get(username="ban.tdkt")
    assert user.role == Role.BOARD_OFFICER and user.is_board
    assert user.check_password("a-long-enough-passphrase")
    assert AuditEvent.objects.filter(action="person.create", object_id=str(user.pk)).exists()


@pytest.mark.django_db
def test_create_board_officer_refuses_a_weak_password(monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "123")
    with pytest.raises(CommandError):
        call_command("create_board_officer", "ban.tdkt", full_name="Nguyễn Văn An")
    assert not User.objects.filter(username="ban.tdkt").exists()


@pytest.mark.django_db
def test_djangos_createsuperuser_path_gives_a_board_officer():
    user = User.objects.create_superuser("root", "root@example.org", "a-long-enough-passphrase")
    assert user.role == Role.BOARD_OFFICER and user.is_board
