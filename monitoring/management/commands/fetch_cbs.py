from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from monitoring.models import Kpi
from monitoring.sources.base import SourceUnavailable
from monitoring.sources.cbs import import_cbs


class Command(BaseCommand):
    help = (
        "Fetch a CBS StatLine measure for the 12 Drenthe municipalities "
        "and store it as figures of a KPI."
    )

    def add_arguments(self, parser):
        parser.add_argument("kpi", help="KPI code, e.g. overgewicht-volwassenen")
        parser.add_argument("table", help="CBS table id, e.g. 85012NED")
        parser.add_argument("measure", help="measure key from the table's DataProperties")
        parser.add_argument("--from", dest="first", type=int, required=True)
        parser.add_argument("--to", dest="last", type=int, required=True)

    def handle(self, *args, kpi, table, measure, first, last, **options):
        target = Kpi.objects.filter(code=kpi).first()
        if target is None:
            raise CommandError(f"Onbekende KPI '{kpi}'.")
        try:
            result = import_cbs(
                kpi=target, table=table, measure=measure, first_year=first, last_year=last, by=None
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except SourceUnavailable as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{result.created} nieuw, {result.updated} bijgewerkt, {result.unchanged} ongewijzigd."
        )
        for line in result.skipped:
            self.stdout.write(f"overgeslagen: {line}")
