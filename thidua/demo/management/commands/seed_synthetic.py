"""`python manage.py seed_synthetic --blocks 40 --units-per-block 15 --years 10 --seed 1`:
a province-scale synthetic dataset for the benchmark (issue 7)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django_otp.oath import TOTP

from thidua.cycles.models import Phase
from thidua.demo import synthetic
from thidua.demo.synthetic import orgs
from thidua.demo.synthetic.base import Config, Context
from thidua.demo.synthetic.names import SCOPES, SUBJECTS

REFUSED = 3


class Command(BaseCommand):
    help = (
        "Build a synthetic province (blocks × units, years of cycles with documents, "
        "signatures, complete scoring, rankings, ballots, decisions and awards, news posts with "
        "photos and comments, and the audit "
        "log) with bulk inserts. Deterministic for a given --seed. Refuses (exit code 3) a "
        "database that already holds organisations unless --force is given; with --force the "
        "province is added next to the existing data. A database that already holds the "
        "synthetic province is always refused. Sign-ins: every account has the password "
        f"“{orgs.PASSWORD}”; --totp-code prints the current two-factor code they share."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--blocks", type=int, default=40)
        parser.add_argument("--units-per-block", type=int, default=15)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--last-year", type=int, default=2025, help="The current year (its cycles are open)."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though the database already holds organisations.",
        )
        parser.add_argument(
            "--totp-code",
            action="store_true",
            help="Print the current two-factor code of the synthetic accounts and stop.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["totp_code"]:
            totp = TOTP(bytes.fromhex(orgs.TOTP_KEY), step=30, t0=0, digits=6)
            totp.time = time.time()
            self.stdout.write(f"{totp.token():06d}")
            return
        config = Config(
            blocks=options["blocks"],
            units_per_block=options["units_per_block"],
            years=options["years"],
            seed=options["seed"],
            last_year=options["last_year"],
        )
        self._check(config)
        began = time.perf_counter()
        self.stdout.write(
            f"Seeding {config.blocks} blocks × {config.units_per_block} units × "
            f"{config.years} years ({config.first_year}–{config.last_year}), seed {config.seed}, "
            f"on {connection.vendor}:"
        )
        try:
            ctx = synthetic.build(config, self.stdout, force=options["force"])
        except synthetic.Refused as refused:
            raise CommandError(
                f"Không tạo dữ liệu tổng hợp / not seeded: {refused} Use --force to add the "
                "province anyway (never twice in one database).",
                returncode=REFUSED,
            ) from None
        seconds = time.perf_counter() - began
        rows = sum(ctx.totals.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {rows:,} rows in {seconds:.0f} s ({rows / seconds:,.0f} rows/s)."
            )
        )
        self._signins(ctx)

    def _check(self, config: Config) -> None:
        if config.blocks < 1 or config.units_per_block < 3 or config.years < 1:
            raise CommandError("Needs at least 1 block, 3 units per block and 1 year.")
        if config.blocks * config.units_per_block + 2 * config.blocks > len(SUBJECTS) * len(SCOPES):
            raise CommandError("Too many organisations for the name generator.")

    def _signins(self, ctx: Context) -> None:
        current = [c for c in ctx.cycles if c.year == ctx.config.last_year]
        closed = (
            next(c for c in ctx.cycles if c.year == ctx.config.last_year - 1)
            if (ctx.config.years > 1)
            else None
        )
        # A cycle under way with scores to look at, when the province is big enough to have one.
        sample = next((c for c in current if c.phase == Phase.CROSS_SCORING), current[0])
        head = ctx.people[sample.head_unit_id]
        member = ctx.people[ctx.members(sample)[-1].pk]
        lines = [
            ("Board officer", ctx.board[0].username),
            ("Board officer", ctx.board[1].username),
            (f"head unit's representative ({sample.block.name})", head.representative.username),
            (f"head unit's leader ({sample.block.name})", head.leader.username),
            (f"member's representative ({sample.block.name})", member.representative.username),
            (f"member's leader ({sample.block.name})", member.leader.username),
        ]
        self.stdout.write(f"Sign-ins (password “{orgs.PASSWORD}” for all):")
        for role, username in lines:
            self.stdout.write(f"  {username:<20} {role}")
        self.stdout.write(
            "  Two-factor code (shared by every synthetic account): "
            "python manage.py seed_synthetic --totp-code"
        )
        self.stdout.write(f"  A current cycle: /cycles/{sample.pk}/")
        if closed is not None:
            self.stdout.write(
                f"  A closed cycle: /cycles/{closed.pk}/  ranking: "
                f"/scoring/cycles/{closed.pk}/ranking/"
            )
