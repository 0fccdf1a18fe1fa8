"""Security headers that Django does not set itself, NUL-byte refusal and the client address."""

from django.conf import settings
from django.utils.translation import gettext as _


def client_ip(request) -> str:
    """The address a request came from, for throttling. X-Forwarded-For is only trusted for
    the NUM_PROXIES hops our own reverse proxies add; anything left of that is client-written
    and could be forged to dodge a rate limit."""
    if request is None:
        return ""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.NUM_PROXIES
    if hops:
        forwarded = [
            a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
        ]
        if forwarded:
            return forwarded[-min(hops, len(forwarded))]
    return remote


class SecurityHeadersMiddleware:
    """A Content Security Policy without 'unsafe-inline', and a Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.csp)
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class RejectNulBytesMiddleware:
    """Refuse text input containing NUL characters (400), before it reaches a database that
    cannot store them: in the path, the query, a text body, or a form field or file name of a
    multipart body. The bytes of uploaded files are binary and left alone."""

    TEXT_TYPES = ("application/json", "application/x-www-form-urlencoded", "text/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            from django.http import HttpResponseBadRequest, JsonResponse

            if request.path.startswith("/api/"):
                from core.api.problems import PROBLEM, problem

                return JsonResponse(
                    problem(400, _("De aanvraag bevat een ongeldig teken (NUL)."), request=request),
                    status=400,
                    content_type=PROBLEM,
                )
            return HttpResponseBadRequest(_("Ongeldig teken in de aanvraag."))
        return self.get_response(request)

    def _has_nul(self, request) -> bool:
        if "%00" in request.META.get("QUERY_STRING", "").lower() or "\x00" in request.path:
            return True
        content_type = request.META.get("CONTENT_TYPE", "").lower()  # media types ignore case
        if content_type.startswith(self.TEXT_TYPES):
            body = request.body
            return b"\x00" in body or b"\\u0000" in body or b"%00" in body.lower()
        if content_type.startswith("multipart/") and request.method == "POST":
            fields = (v for _k, values in request.POST.lists() for v in values)
            names = (f.name or "" for _k, files in request.FILES.lists() for f in files)
            return any("\x00" in text for text in (*fields, *names))
        return False
