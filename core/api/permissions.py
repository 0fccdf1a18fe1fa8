from rest_framework.permissions import SAFE_METHODS, BasePermission


class ApiPermission(BasePermission):
    """Base: a method the view does not offer answers 405, whoever asks (not 401/403)."""

    def has_permission(self, request, view):
        if request.method.lower() not in view.http_method_names:
            return True
        return request.method in SAFE_METHODS or self.may_write(request.user, request, view)

    def may_write(self, user, request, view) -> bool:
        return False
