"""Every API resource through the same generic checks."""

import pytest

from .base import ApiResourceTests, clone

N = 110  # rows to add: more than one page of 100

pytestmark = pytest.mark.django_db

ANON_AND_PARTNER_REFUSED = {"anonymous": 401, "partner": 403, "board": 403}


class TestThemes(ApiResourceTests):
    resource, detail_key, min_count, ordering = "regio-opgaven", "2.1", 6, "code"
    filter_params, filter_count = {"zoek": "zorg"}, 1

    def grow(self):
        from regioplan.models import Theme

        clone(Theme, N, code=lambda i: f"{10 + i // 10}.{i % 10}")


class TestPriorityThemes(ApiResourceTests):
    resource, detail_key, detail_field, min_count, ordering = (
        "prioritaire-themas",
        "leefstijl",
        "sleutel",
        6,
        "nummer",
    )
    filter_params = {"zoek": "ouder"}

    def grow(self):
        from regioplan.models import PriorityTheme

        clone(PriorityTheme, N, number=lambda i: 100 + i, slug=lambda i: f"pt-{i}")


class TestStrategicGoals(ApiResourceTests):
    resource, detail_key, min_count, ordering = "strategische-doelen", "2.2.2", 17, "code"
    filter_params, filter_count = {"opgave": "2.6"}, 4

    def grow(self):
        from regioplan.models import StrategicGoal

        clone(StrategicGoal, N, code=lambda i: f"9.{i}.1")


class TestOperationalGoals(ApiResourceTests):
    resource, detail_key, min_count, ordering = "operationele-doelen", "2.1.1.A", 86, "code"
    filter_params, filter_count = {"opgave": "2.5"}, 10
    write_body = {
        "code": "2.5.1.K",
        "strategisch_doel": "2.5.1",
        "titel": "Nieuw doel",
        "tekst": "Nieuw doel.",
    }
    write_status = {**ANON_AND_PARTNER_REFUSED, "programme_team": 201}

    def grow(self):
        from regioplan.models import OperationalGoal

        clone(OperationalGoal, N, code=lambda i: f"9.9.{i}.A")


class TestInitiatives(ApiResourceTests):
    resource, detail_key, detail_field, min_count, ordering = (
        "initiatieven",
        "grolloozorgt",
        "sleutel",
        100,
        "naam",
    )
    filter_params = {"zoek": "assen"}
    write_body = {"naam": "Samen Sterk Emmen", "beschrijving": "Buurtinitiatief"}
    write_status = {**ANON_AND_PARTNER_REFUSED, "programme_team": 201}

    def grow(self):
        from regioplan.models import Initiative

        clone(Initiative, N, name=lambda i: f"Initiatief {i}", slug=lambda i: f"initiatief-{i}")


class TestOrganisations(ApiResourceTests):
    resource, detail_key, detail_field, min_count, ordering = (
        "organisaties",
        "cosis",
        "sleutel",
        100,
        "naam",
    )
    filter_params = {"coalitie": "leidend"}
    write_body = {"naam": "Buurtzorg Drenthe", "sector": "VVT"}
    write_status = {**ANON_AND_PARTNER_REFUSED, "programme_team": 201}

    def grow(self):
        from regioplan.models import Organisation

        clone(Organisation, N, name=lambda i: f"Organisatie {i}", slug=lambda i: f"organisatie-{i}")


class TestProgrammes(ApiResourceTests):
    resource, detail_key, detail_field, min_count, ordering = (
        "transformatieprogrammas",
        "8",
        "nummer",
        8,
        "nummer",
    )
    filter_params = {"zoek": "hart"}

    def grow(self):
        from regioplan.models import TransformationProgramme

        clone(TransformationProgramme, N, number=lambda i: 100 + i)


class TestMunicipalities(ApiResourceTests):
    resource, detail_key, detail_field, min_count, ordering = (
        "gemeenten",
        "GM0106",
        "cbs_code",
        12,
        "naam",
    )
    filter_params, filter_count = {"zoek": "Assen"}, 1

    def grow(self):
        from regioplan.models import Municipality

        clone(Municipality, N, cbs_code=lambda i: f"GM9{i:03d}", name=lambda i: f"Gemeente {i}")


class TestKpis(ApiResourceTests):
    resource, detail_key, min_count, ordering = "kpis", "acp-ouderen", 18, "code"
    filter_params, filter_count = {"doel": "2.3.1.B"}, 10

    def grow(self):
        from monitoring.models import Kpi

        clone(Kpi, N, code=lambda i: f"kpi-{i}")


class FigureData:
    @pytest.fixture(autouse=True)
    def figures(self, plan):
        import datetime as dt

        from monitoring.services.demo import seed_demo

        seed_demo(scale=1, today=dt.date(2026, 11, 23))


class TestFigures(FigureData, ApiResourceTests):
    resource, min_count, ordering = "meetwaarden", 100, "periode"
    max_page_size = 1000  # a sync of many figures takes pages of up to 1,000 (API 1.4)
    detail_field = "id"
    filter_params = {"kpi": "overgewicht-volwassenen", "gemeente": "GM0106", "periode_van": "2025"}
    write_body = {"kpi": "acp-ouderen", "periode": "2023", "waarde": "55.5"}
    write_status = {"anonymous": 401, "board": 403, "programme_team": 201}

    @pytest.fixture(autouse=True)
    def key(self, figures):
        from monitoring.models import Figure

        self.detail_key = str(Figure.objects.order_by("pk").first().pk)

    def grow(self):
        from monitoring.models import Figure

        clone(Figure, N, period=lambda i: str(1800 + i), status=lambda i: "approved")


class TestProgressUpdates(FigureData, ApiResourceTests):
    resource, min_count, ordering = "voortgangsrapportages", 100, "kwartaal"
    detail_field = "id"
    filter_params = {"kwartaal": "2025Q2"}

    @pytest.fixture(autouse=True)
    def key(self, figures):
        from monitoring.models import ProgressUpdate

        self.detail_key = str(
            ProgressUpdate.objects.filter(status="approved").order_by("pk").first().pk
        )

    def grow(self):
        from monitoring.models import ProgressUpdate

        clone(
            ProgressUpdate,
            N,
            period=lambda i: f"{1800 + i}Q1",
            status=lambda i: "approved",
            previous=lambda i: None,
        )


class TestReports(ApiResourceTests):
    resource, min_count, ordering, detail_field = "kwartaalrapporten", 1, "kwartaal", "id"
    filter_params, filter_count = {"kwartaal": "2026Q3"}, 1

    @pytest.fixture(autouse=True)
    def report(self, plan):
        from monitoring.models import QuarterlyReport

        QuarterlyReport.objects.create(quarter="2026Q2", version=1, status="failed", error="test")
        report = QuarterlyReport.objects.create(
            quarter="2026Q3", version=1, status="failed", error="test"
        )
        self.detail_key = str(report.pk)

    def grow(self):
        from monitoring.models import QuarterlyReport

        clone(
            QuarterlyReport,
            N,
            quarter=lambda i: f"{1900 + i // 4}Q{i % 4 + 1}",
            version=lambda i: 1,
            status=lambda i: "failed",
        )
