"""`python manage.py demo_totp <username>`: the current TOTP code of a demo account."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP

from thidua.demo import loader


class Command(BaseCommand):
    help = (
        "In mã xác thực hai lớp hiện tại của một tài khoản minh hoạ (chỉ tài khoản minh "
        "hoạ). / Print the current TOTP code of a demo account (demo accounts only)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        device = loader.demo_device(options["username"])
        if device is None:
            raise CommandError(
                f"“{options['username']}” không phải tài khoản minh hoạ có xác thực hai lớp; "
                "lệnh này chỉ dùng cho dữ liệu minh hoạ. / Not a demo account with two-factor: "
                "this command serves the demo only."
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        self.stdout.write(f"{totp.token():0{device.digits}d}")
