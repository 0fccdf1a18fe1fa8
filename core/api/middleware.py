import datetime as dt

from django.utils import timezone

from . import API_VERSION


class ApiUtcMiddleware:
    """API timestamps in UTC (ending in Z), whatever the portal's own time zone (NL ADR)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        with timezone.override(dt.UTC):
            return self.get_response(request)


class ApiVersionHeaderMiddleware:
    """Every API response carries `API-Version` with the full semantic version (NL ADR)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            response["API-Version"] = API_VERSION
        return response
