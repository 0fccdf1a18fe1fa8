"""Quarterly reports in the API: what was built, and the PDF link for those who may read it."""

from django.urls import reverse
from rest_framework import serializers

from core.api.fields import DutchChoiceField

from ...models import REPORT_WORDS, QuarterlyReport


class ReportSerializer(serializers.ModelSerializer):
    kwartaal = serializers.CharField(source="quarter")
    versie = serializers.IntegerField(source="version")
    aanleiding = DutchChoiceField(REPORT_WORDS["source"], source="source", read_only=True)
    status = DutchChoiceField(REPORT_WORDS["status"], read_only=True)
    met_latere_correcties = serializers.BooleanField(source="later_corrections", read_only=True)
    aangevraagd_op = serializers.DateTimeField(source="requested_at")
    klaar_op = serializers.DateTimeField(source="finished_at", allow_null=True)
    paginas = serializers.IntegerField(source="page_count")
    grootte = serializers.IntegerField(source="size")
    fout = serializers.CharField(source="error")
    download = serializers.SerializerMethodField()
    gewijzigd_op = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = QuarterlyReport
        fields = [
            "id",
            "kwartaal",
            "versie",
            "status",
            "aanleiding",
            "met_latere_correcties",
            "aangevraagd_op",
            "klaar_op",
            "paginas",
            "grootte",
            "sha256",
            "fout",
            "download",
            "gewijzigd_op",
        ]

    def get_download(self, report) -> str | None:
        """The download URL, for callers allowed to download (programme team, board, admin)."""
        if report.status != QuarterlyReport.Status.READY or not self.context.get("may_download"):
            return None
        request = self.context.get("request")
        url = reverse("api:kwartaalrapport-download", args=[report.pk])
        return request.build_absolute_uri(url) if request else url
