from . import API_VERSION


class ApiVersionHeaderMiddleware:
    """Every API response carries `API-Version` with the full semantic version (NL ADR)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            response["API-Version"] = API_VERSION
        return response
