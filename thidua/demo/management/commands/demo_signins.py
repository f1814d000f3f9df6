"""`python manage.py demo_signins`: one sign-in per role of the demo, and what it can do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand

from thidua.accounts.models import User
from thidua.demo import data, loader


@dataclass(frozen=True)
class SignIn:
    role: str
    username: str
    can: str


def sign_ins() -> list[SignIn]:
    head = data.DEPUTY_2024  # 2024's deputy heads the 2025 cycle by rotation
    return [
        SignIn(
            "Cán bộ Ban Thi đua – Khen thưởng (Board officer)",
            data.BOARD_OFFICER.username,
            "quản lý tỉnh, tổ chức, khối, thành viên, người dùng, loại khen thưởng, quy chế; "
            "mở và chuyển giai đoạn mọi năm thi đua; xem nhật ký hệ thống",
        ),
        SignIn(
            "Đại diện đơn vị trưởng khối 2025 (head unit's representative)",
            data.representative_username(head),
            "chuyển năm thi đua 2025 của Khối thi đua 8 sang giai đoạn tiếp theo; soạn văn bản",
        ),
        SignIn(
            "Đại diện đơn vị thành viên (a member's representative) — Hội Người mù",
            data.representative_username(data.PERSONA_CODE),
            "xem năm thi đua của khối, góp ý, tự chấm, chấm chéo, bỏ phiếu thay mặt đơn vị",
        ),
        SignIn(
            "Lãnh đạo đơn vị thành viên (a member's leader) — Hội Người mù",
            data.leader_username(data.PERSONA_CODE),
            "như người đại diện, và ký giao ước thi đua, văn bản của đơn vị",
        ),
    ]


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
        names = dict(
            User.objects.filter(username__in=[s.username for s in sign_ins()]).values_list(
                "username", "full_name"
            )
        )
        self.stdout.write(
            self.style.MIGRATE_HEADING(
                f"Tài khoản minh hoạ / Demo sign-ins ({data.DEMO_MARK}) — "
                f"mật khẩu chung / password: {data.DEMO_PASSWORD}"
            )
        )
        self.stdout.write("Địa chỉ / address (make run): http://127.0.0.1:8000/")
        for entry in sign_ins():
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS(f"• {entry.role}"))
            self.stdout.write(
                f"  Tên đăng nhập / username: {entry.username}  ({names.get(entry.username, '')})"
            )
            self.stdout.write(f"  Mật khẩu / password: {data.DEMO_PASSWORD}")
            self.stdout.write(f"  Được làm / can: {entry.can}")
            device = loader.demo_device(entry.username)
            if device is not None:
                self.stdout.write("  Xác thực hai lớp / two-factor (TOTP): bắt buộc / required")
                self.stdout.write(f"    Khoá bí mật / secret (base32): {_base32(device)}")
                self.stdout.write(f"    URI: {device.config_url}")
                self.stdout.write(
                    f"    Mã hiện tại / current code: python manage.py demo_totp {entry.username}"
                )


def _base32(device: Any) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode("ascii")
