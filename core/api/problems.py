"""Errors as application/problem+json (RFC 9457), with per-field invalid parameters."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from core.errors import Conflict

PROBLEM = "application/problem+json"

TITLES = {
    400: _("Ongeldige aanvraag"),
    401: _("Niet ingelogd"),
    403: _("Geen toegang"),
    404: _("Niet gevonden"),
    405: _("Methode niet toegestaan"),
    406: _("Formaat niet beschikbaar"),
    409: _("Conflict"),
    412: _("Versie klopt niet"),
    415: _("Formaat niet ondersteund"),
    429: _("Te veel aanvragen"),
    500: _("Interne fout"),
    503: _("Tijdelijk niet beschikbaar"),
}


class ProblemJSONRenderer(JSONRenderer):
    media_type = PROBLEM
    format = "problem+json"


def _invalid_params(detail, prefix="") -> list[dict]:
    out = []
    if isinstance(detail, dict):
        for name, value in detail.items():
            key = f"{prefix}.{name}" if prefix else str(name)
            out.extend(_invalid_params(value, key))
    elif isinstance(detail, list):
        if all(not isinstance(v, (dict, list)) for v in detail):
            for reason in detail:
                out.append(
                    {
                        "name": prefix or "nonFieldErrors",
                        "code": getattr(reason, "code", "invalid"),
                        "reason": str(reason),
                    }
                )
        else:
            for i, value in enumerate(detail):
                out.extend(_invalid_params(value, f"{prefix}.{i}" if prefix else str(i)))
    else:
        out.append(
            {
                "name": prefix or "nonFieldErrors",
                "code": getattr(detail, "code", "invalid"),
                "reason": str(detail),
            }
        )
    return out


def problem(status_code: int, detail: str, *, request=None, invalid_params=None, **extra) -> dict:
    body = {
        "type": "about:blank",
        "title": str(TITLES.get(status_code, _("Fout"))),
        "status": status_code,
        "detail": detail,
    }
    if request is not None:
        body["instance"] = request.get_full_path()
    if invalid_params:
        body["invalid-params"] = invalid_params
    body.update(extra)
    return body


def _api_names(errors: dict, context) -> dict:
    """Name the fields of a service's error as the API names them ('period' -> 'periode')."""
    view = context.get("view")
    try:
        fields = view.get_serializer().fields if view is not None else {}
    except Exception:
        fields = {}
    by_source = {field.source: name for name, field in fields.items()}
    # A field read from the whole object (source "*") names the service field it stands for.
    by_source |= {
        field.service_source: name
        for name, field in fields.items()
        if getattr(field, "service_source", None)
    }
    return {by_source.get(key, key): value for key, value in errors.items()}


def exception_handler(exc, context):
    """Turn every API error into problem+json, whatever format the request asked for."""
    request = context.get("request")
    if request is not None:  # an export (formaat=csv/xlsx) that fails still answers in JSON
        request.accepted_renderer, request.accepted_media_type = ProblemJSONRenderer(), PROBLEM
    if isinstance(exc, Conflict):
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        body = problem(
            409,
            _("Dit botst met wat al is opgeslagen."),
            request=context.get("request"),
            invalid_params=_invalid_params(messages),
        )
        return Response(body, status=409, content_type=PROBLEM)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            _api_names(exc.message_dict, context) if hasattr(exc, "error_dict") else exc.messages
        )
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    if isinstance(exc, exceptions.ValidationError):
        detail = _("Een of meer velden zijn niet goed ingevuld.")
        body = problem(
            response.status_code,
            detail,
            request=request,
            invalid_params=_invalid_params(exc.detail),
        )
    else:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        body = problem(response.status_code, str(detail), request=request)
    response.data = body
    response.content_type = PROBLEM
    return response
