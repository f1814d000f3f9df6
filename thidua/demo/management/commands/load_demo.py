"""`python manage.py load_demo`: the demo of SPEC §6, into an empty database only."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thidua.demo import data, loader, mail

REFUSED = 3  # `make run` treats this exit code as "already loaded, keep the data"
LABELS = {"provinces": "tỉnh", "organisations": "tổ chức", "users": "người dùng"}


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu minh hoạ (Khối thi đua 8, tỉnh Bình Thuận) qua các service của hệ thống. "
        "Load the demo data; refuses (exit code 3) a database that already holds data."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with mail.counted() as emails:
                result = loader.load()
        except loader.DemoRefused as refused:
            found = ", ".join(
                f"{n} {LABELS.get(what, what)}" for what, n in refused.args[0].items()
            )
            raise CommandError(
                "Không nạp dữ liệu minh hoạ: cơ sở dữ liệu đã có dữ liệu "
                f"({found}). Dữ liệu hiện có được giữ nguyên. / "
                "Demo not loaded: the database already holds data; nothing was changed.",
                returncode=REFUSED,
            ) from None
        years = ", ".join(f"{c.year} ({c.get_phase_display()})" for c in result.cycles)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nạp dữ liệu minh hoạ / Demo loaded: {result.organisations} tổ chức, "
                f"{result.people} người dùng; {data.BLOCK8_NAME} năm {years}; "
                f"{result.live} năm thi đua đang diễn ra ở tỉnh {data.LAM_DONG.name}."
            )
        )
        self.stdout.write(
            f"{emails.count} thư thông báo của dữ liệu minh hoạ không được gửi đi / "
            f"{emails.count} demo notification e-mails were not sent."
        )
        self.stdout.write("Xem tài khoản đăng nhập / sign-ins: python manage.py demo_signins")
