"""Screenshots of the board's summary page and a municipality profile for docs/img/.

Builds the plan and demo data in a scratch SQLite database, renders the last closed
quarter's report and Assen's profile with the real engine, and writes PNGs of the pages
with pypdfium2 (a dev dependency). Run: .venv/bin/python scripts/report_screenshots.py
"""

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
scratch = Path(tempfile.mkdtemp())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gezondemarke.settings.dev")
os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'screens.sqlite3'}"

import django  # noqa: E402

django.setup()

import pypdfium2  # noqa: E402
from django.core.management import call_command  # noqa: E402

from monitoring.periods import last_closed_quarter  # noqa: E402
from monitoring.reporting.data import profile_data, report_data  # noqa: E402
from monitoring.reporting.render import render_pdf  # noqa: E402
from monitoring.services.demo import seed_demo  # noqa: E402
from regioplan.models import Municipality, Plan  # noqa: E402

OUT = ROOT / "docs" / "img"


def save(pdf: bytes, page: int, name: str) -> None:
    document = pypdfium2.PdfDocument(pdf)
    image = document[page].render(scale=1.4).to_pil()
    image.save(OUT / name, optimize=True)
    print(f"{OUT / name} ({image.width}x{image.height})")


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_regioplan", verbosity=0)
    today = dt.date(2026, 11, 23)
    seed_demo(scale=1, today=today)
    plan = Plan.objects.get()
    quarter = last_closed_quarter(today)
    report, _pages = render_pdf(report_data(plan, quarter))
    save(report, 2, "report-summary.png")  # cover, contents, summary
    save(report, 3, "report-briefing.png")  # off-track KPIs, late reports, questions
    assen = Municipality.objects.get(cbs_code="GM0106")
    profile, _pages = render_pdf(
        profile_data(plan, quarter, assen), template="monitoring/report/profile.html"
    )
    save(profile, 0, "municipality-profile.png")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    main()
