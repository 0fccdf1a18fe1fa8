"""Progress updates in the API: a partner's drafts and the programme team's review, through
the same workflow table (services/workflow.py) as the pages."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.response import Response

from accounts.permissions import can_review
from core.api.base import ApiModelViewSet
from core.api.permissions import ApiPermission

from ... import services
from ...filtersets import UpdateFilterSet
from ...models import ProgressUpdate, UpdateFigure
from ...services import workflow
from ...services.submissions import update_begin
from ..serializers.updates import ProgressUpdateSerializer


def _update_qs(updates=None):
    updates = ProgressUpdate.objects.all() if updates is None else updates
    return updates.select_related("goal", "organisation").prefetch_related(
        Prefetch("figures", queryset=UpdateFigure.objects.select_related("kpi", "municipality"))
    )


class UpdateWriters(ApiPermission):
    message = gettext_lazy(
        "Alleen partners (voor hun eigen doelen) en het programmateam kunnen rapportages wijzigen."
    )

    def may_write(self, user, request, view):
        return getattr(user, "is_authenticated", False) and (user.is_partner or can_review(user))


@extend_schema_view(
    list=extend_schema(
        summary="Voortgangsrapportages", description="Zonder rechten alleen goedgekeurde."
    ),
    retrieve=extend_schema(summary="Eén voortgangsrapportage"),
    create=extend_schema(summary="Rapportage starten (partner)"),
    partial_update=extend_schema(
        summary="Rapportage bijwerken, indienen (partner) of beoordelen (programmateam)"
    ),
)
class ProgressUpdateViewSet(ApiModelViewSet):
    """Kwartaalrapportages van partners, met hun beoordeling."""

    serializer_class = ProgressUpdateSerializer
    filterset_class = UpdateFilterSet
    permission_classes = [UpdateWriters]
    http_method_names = ["get", "post", "patch", "head", "options"]
    ordering_map = {"kwartaal": "period", "doel": "goal__code", "gewijzigd_op": "updated_at"}

    def get_queryset(self):
        visible = ProgressUpdate.objects.visible_to(self.request.user)
        return _update_qs(visible).order_by("-period", "goal__code", "-revision")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        update, created = update_begin(by=request.user, goal=data["goal"], period=data["period"])
        self._apply(update, data, request.user)
        # 201 for a new update; 200 when the organisation's update for that quarter already existed.
        return Response(
            self.get_serializer(_update_qs().get(pk=update.pk)).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def partial_update(self, request, *args, **kwargs):
        update = self.get_object()
        serializer = self.get_serializer(update, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        self._apply(update, serializer.validated_data, request.user)
        return Response(self.get_serializer(_update_qs().get(pk=update.pk)).data)

    @staticmethod
    def _apply(update, data, user):
        figures = None
        if "figures" in data:
            figures = [
                {
                    "kpi": f["kpi"],
                    "period": f.get("period") or update.period,
                    "municipality": f.get("municipality"),
                    "value": f["value"],
                }
                for f in data["figures"]
            ]
        services.update_apply(
            update=ProgressUpdate.objects.get(pk=update.pk),
            by=user,
            fields={k: data[k] for k in services.UPDATE_FIELDS if k in data},
            figures=figures,
            # The status asked for names the step that leads to it (workflow.STEPS); "concept"
            # is where an update starts, not a step to take: nothing to do.
            step=getattr(workflow.BY_TARGET.get(data.get("status", "")), "key", ""),
            reason=data.get("return_reason", ""),
        )
