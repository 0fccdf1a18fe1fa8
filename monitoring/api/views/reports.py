"""Quarterly reports in the API: what was built, and the PDF for those who may read it."""

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError

from accounts.permissions import can_read_internal
from core.api.base import ReadOnlyApiViewSet

from ...filtersets import ReportFilterSet
from ...models import QuarterlyReport
from ..serializers.reports import ReportSerializer


@extend_schema_view(
    list=extend_schema(summary="Kwartaalrapporten (gegevens)"),
    retrieve=extend_schema(summary="Eén kwartaalrapport (gegevens)"),
)
class ReportViewSet(ReadOnlyApiViewSet):
    """Gegevens van de kwartaalrapporten.

    De PDF alleen voor programmateam, programmaraad en beheer.
    """

    serializer_class = ReportSerializer
    ordering_map = {"kwartaal": "quarter", "versie": "version", "gewijzigd_op": "updated_at"}
    queryset = QuarterlyReport.objects.order_by("-quarter", "-version")
    filterset_class = ReportFilterSet

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "may_download": can_read_internal(self.request.user),
        }

    @extend_schema(
        summary="PDF downloaden",
        responses={(200, "application/pdf"): OpenApiResponse(description="PDF")},
    )
    @action(detail=True, methods=["get"], url_path="download", url_name="download")
    def download(self, request, pk=None):
        if not request.user.is_authenticated:
            raise PermissionDenied(_("Log in of gebruik een token om het rapport te downloaden."))
        if not can_read_internal(request.user):
            raise PermissionDenied(
                _("Alleen het programmateam, de programmaraad en beheer downloaden rapporten.")
            )
        report = self.get_object()
        if report.status != QuarterlyReport.Status.READY:
            raise ValidationError({"status": [_("Dit rapport is nog niet klaar.")]})
        return FileResponse(
            report.file.open("rb"),
            as_attachment=True,
            content_type="application/pdf",
            filename=f"gezonde-marke-kwartaalrapport-{report.quarter}-v{report.version}.pdf",
        )
