from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.accounts.models import Role
from thidua.accounts.services import create_person
from thidua.core.errors import DomainError


class Command(BaseCommand):
    help = "Create the first Board officer of a new installation (audited like any account)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--full-name", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--superuser",
            action="store_true",
            help="also make this person the system administrator",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        try:
            validate_password(password)
        except ValidationError as err:
            raise CommandError(" ".join(err.messages)) from err
        try:
            user = create_person(
                actor=None,
                username=options["username"],
                full_name=options["full_name"],
                email=options["email"],
                role=Role.BOARD_OFFICER,
                password=password,
            )
        except DomainError as err:
            raise CommandError(err.message) from err
        if options["superuser"]:
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        self.stdout.write(self.style.SUCCESS(f"Board officer {user.username} created."))
