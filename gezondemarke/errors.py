"""Error responses: problem+json under /api/, a styled Dutch page elsewhere, nothing leaked."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.csrf import csrf_failure as django_csrf_failure

from core.api.problems import PROBLEM, problem

DETAILS = {
    400: lambda: _("De aanvraag is ongeldig."),
    413: lambda: _("De aanvraag is te groot."),
    403: lambda: _("U heeft geen toegang tot dit onderdeel."),
    404: lambda: _("Dit adres bestaat niet in de API."),
    500: lambda: _("Er ging aan onze kant iets mis. Probeer het later opnieuw."),
}


def _api(request) -> bool:
    return request.path.startswith("/api/")


def _problem(request, status: int, detail: str | None = None) -> JsonResponse:
    return JsonResponse(
        problem(status, detail or DETAILS[status](), request=request),
        status=status,
        content_type=PROBLEM,
        headers={"API-Version": _api_version()},
    )


def _api_version() -> str:
    from core.api import API_VERSION

    return API_VERSION


def bad_request(request, exception=None):
    if _api(request):
        if isinstance(exception, RequestDataTooBig):
            mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
            return _problem(
                request, 413, _("De aanvraag is te groot: hoogstens %(n)s MB.") % {"n": mb}
            )
        return _problem(request, 400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if _api(request):
        return _problem(request, 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if _api(request):
        return _problem(request, 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _api(request):
        return _problem(request, 500)
    return defaults.server_error(request)


def csrf_failure(request, reason=""):
    """A form posted without a valid CSRF token: explain what to do, in Dutch."""
    if _api(request):
        return _problem(
            request, 403, _("Deze aanvraag mist een geldig CSRF-token; gebruik een API-token.")
        )
    return django_csrf_failure(request, reason=reason, template_name="403_csrf.html")
