from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from regioplan.permissions import can_edit_plan


class ApiPermission(BasePermission):
    """Base: a method the view does not offer answers 405, whoever asks (not 401/403)."""

    def has_permission(self, request, view):
        if request.method.lower() not in view.http_method_names:
            return True
        return request.method in SAFE_METHODS or self.may_write(request.user, request, view)

    def may_write(self, user, request, view) -> bool:
        return False


class ReadOnlyOrPlanEditor(ApiPermission):
    """Anyone reads the public plan; only the programme team (and admins) write."""

    message = _("Alleen het programmateam mag het plan wijzigen.")

    def may_write(self, user, request, view):
        return can_edit_plan(user)
