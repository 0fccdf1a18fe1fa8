from django.core.management.base import BaseCommand, CommandError

from monitoring.models import QuarterlyReport
from monitoring.periods import Period
from monitoring.reporting.builds import report_build, report_request


class Command(BaseCommand):
    help = (
        "Build the quarterly progress report (PDF) for a quarter, e.g. 2025Q4, and print its path."
    )

    def add_arguments(self, parser):
        parser.add_argument("quarter")

    def handle(self, *args, quarter, **options):
        try:
            period = Period.parse(quarter)
        except Exception as exc:
            raise CommandError(str(exc)) from exc
        if not period.is_quarter:
            raise CommandError("Geef een kwartaal, bijvoorbeeld 2025Q4.")
        report, _created = report_request(
            quarter=period, source=QuarterlyReport.Source.COMMAND, enqueue=False
        )
        # The same service the worker runs; here it runs in this process and waits.
        report = report_build(report.pk, takeover=True)
        if report.status != QuarterlyReport.Status.READY:
            raise CommandError(
                f"Het rapport is niet gemaakt: {report.error or report.get_status_display()}"
            )
        self.stdout.write(report.file.path)
        self.stdout.write(
            f"{report.page_count} pagina's, {report.size} bytes, SHA-256 {report.sha256}"
        )
