"""`python manage.py demo_signins`: one sign-in per role of the demo, and the first thing to try."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from thidua.accounts.models import User
from thidua.demo import data, loader, signins


class Command(BaseCommand):
    help = "In tài khoản đăng nhập của dữ liệu minh hoạ / print the demo's sign-ins per role."

    def handle(self, *args: Any, **options: Any) -> None:
        if not loader.is_loaded():
            self.stdout.write(
                self.style.WARNING(
                    "Chưa nạp dữ liệu minh hoạ vào cơ sở dữ liệu này, nên không có tài khoản minh "
                    "hoạ. / The demo is not loaded in this database: no demo sign-ins. "
                    "(python manage.py load_demo — chỉ với cơ sở dữ liệu trống / "
                    "empty database only)"
                )
            )
            return
        entries = signins.sign_ins()
        names = dict(
            User.objects.filter(username__in=[s.username for s in entries]).values_list(
                "username", "full_name"
            )
        )
        site = settings.SITE_URL
        self.stdout.write(
            self.style.MIGRATE_HEADING(
                f"Tài khoản minh hoạ / Demo sign-ins ({data.DEMO_MARK}) — {site}/ — "
                f"mật khẩu chung / password: {data.DEMO_PASSWORD}"
            )
        )
        missing = [e.username for e in entries if e.username not in names]
        if missing:
            self.stdout.write(
                self.style.WARNING(
                    "Cơ sở dữ liệu này chứa bản minh hoạ cũ, thiếu tài khoản "
                    f"{', '.join(missing)}: xoá var/thidua.sqlite3 và var/media/ rồi chạy lại "
                    "make run. / This database holds an older demo: delete var/thidua.sqlite3 "
                    "and var/media/, then make run again."
                )
            )
        for entry in entries:
            if entry.username not in names:
                continue
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS(f"• {entry.role}"))
            self.stdout.write(f"  {entry.username} ({names.get(entry.username, '')})")
            self.stdout.write(f"  Thử ngay / try: {entry.task}")
            self.stdout.write(f"  {site}{entry.path}")
            device = loader.demo_device(entry.username)
            if device is not None:
                secret = b32encode(device.bin_key).decode("ascii")
                self.stdout.write(
                    f"  Mã hai lớp / TOTP: python manage.py demo_totp {entry.username}"
                    f"  (khoá / secret {secret})"
                )
