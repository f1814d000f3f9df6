"""In-process timings of the heavy work, one per process so that peak memory is the task's own:

    python bench/tasks.py ranking|archive|minutes|import

Each prints one JSON line: {"task", "seconds", "peak_mb", "baseline_mb", "detail"}.
`ranking` and `import` build their own data in a scratch SQLite database (a 40-unit block; an
empty registry); `archive` and `minutes` read the benchmark database given by DATABASE_URL.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = Path(tempfile.gettempdir()) / "thidua-bench-scratch.sqlite3"


def _rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _setup(scratch: bool) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    os.environ.setdefault("HTTPS", "0")
    if scratch:
        SCRATCH.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH}"
    import django

    django.setup()
    if scratch:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def _closed_cycle() -> Any:
    from thidua.cycles.models import Cycle, Phase

    cycle = (
        Cycle.objects.filter(phase=Phase.CLOSED, published_ranking__isnull=False)
        .order_by("-year", "pk")
        .first()
    )
    if cycle is None:
        raise SystemExit("No closed cycle with a published ranking: seed the database first.")
    return cycle


def task_ranking() -> dict[str, Any]:
    """Compute and publish the ranking of a 40-unit block, 60 items, 39 scorers per unit."""
    from django.core.management import call_command
    from django.db import transaction

    from thidua.accounts.models import User
    from thidua.cycles.models import Cycle, Phase
    from thidua.scoring import ranking_services
    from thidua.scoring.models import PublishedRanking

    call_command(
        "seed_synthetic",
        "--blocks",
        "1",
        "--units-per-block",
        "40",
        "--years",
        "2",
        "--seed",
        "1",
        stdout=io.StringIO(),
    )
    cycle = _closed_cycle()
    head = User.objects.filter(organisation=cycle.head_unit).order_by("pk").first()
    baseline = _rss_mb()
    with transaction.atomic():
        # Back to the moment before publication: cross-scoring done, nothing published.
        PublishedRanking.objects.filter(cycle=cycle).delete()
        Cycle.objects.filter(pk=cycle.pk).update(phase=Phase.CROSS_SCORING)
        cycle.refresh_from_db()
        began = time.perf_counter()
        published = ranking_services.publish_ranking(actor=head, cycle=cycle)
        took = time.perf_counter() - began
        transaction.set_rollback(True)
    scorers = max(len(e.get("scorers", {})) for e in published.entries)
    return {
        "seconds": took,
        "baseline_mb": baseline,
        "detail": f"{len(published.entries)} units, {scorers} scorers each",
    }


def _warm_up() -> None:
    """Load the document libraries, fonts and the URL configuration (with every view module it
    imports) once, as a running server already has."""
    from django.urls import reverse

    from thidua.reports import docx, layout, pdf, xlsx

    reverse("core:floor")  # loads the URL configuration and every view module it imports

    doc = layout.Document(
        letterhead=layout.Letterhead(issuer="KHỐI THI ĐUA", place="Lâm Đồng", date=dt.date.today()),
        title="KHỞI ĐỘNG",
        blocks=[layout.Paragraph("Khởi động")],
    )
    pdf.render(doc)
    docx.render(doc)
    xlsx.single_table("T", ["a"], [["b"]])


def task_archive() -> dict[str, Any]:
    from thidua.reports import archive

    cycle = _closed_cycle()
    _warm_up()
    baseline = _rss_mb()
    began = time.perf_counter()
    data = archive.build(cycle)
    took = time.perf_counter() - began
    return {
        "seconds": took,
        "baseline_mb": baseline,
        "detail": f"{cycle} — {len(data) / 1024:.0f} KiB",
    }


def task_minutes() -> dict[str, Any]:
    from thidua.voting import documents  # type: ignore[attr-defined]

    cycle = _closed_cycle()
    documents.minutes_pdf(cycle)  # fonts and templates loaded once, as in a running server
    baseline = _rss_mb()
    began = time.perf_counter()
    data = documents.minutes_pdf(cycle)
    took = time.perf_counter() - began
    return {"seconds": took, "baseline_mb": baseline, "detail": f"{len(data) / 1024:.0f} KiB"}


def task_import() -> dict[str, Any]:
    """Import an XLSX of 10,000 organisations into an empty registry (check, then apply)."""
    from thidua.orgs import services
    from thidua.orgs.importer.applying import apply_import
    from thidua.orgs.importer.workbooks import build_workbook

    services.create_province(actor=None, code="bench", name="Tỉnh Thử nghiệm")
    rows = [
        [f"Hội Thử nghiệm số {n:05d}", f"HTN {n}", "bench", f"hoi{n}@example.org", "Đà Lạt"]
        for n in range(1, 10_001)
    ]
    data = build_workbook(organisations=rows)
    baseline = _rss_mb()
    began = time.perf_counter()
    summary = apply_import(actor=None, data=data, file_name="bench.xlsx")
    took = time.perf_counter() - began
    return {"seconds": took, "baseline_mb": baseline, "detail": str(summary)[:120]}


TASKS = {
    "ranking": (task_ranking, True),
    "archive": (task_archive, False),
    "minutes": (task_minutes, False),
    "import": (task_import, True),
}


def main() -> None:
    name = sys.argv[1]
    function, scratch = TASKS[name]
    _setup(scratch)
    result = function()
    result.update(task=name, peak_mb=_rss_mb())
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
