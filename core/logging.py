"""Structured logs: a request id on every line, JSON in production, no personal data."""

import contextvars
import json
import logging
import time
import uuid

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class RequestIdMiddleware:
    """Take X-Request-ID from the proxy or make one; echo it in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = (
            incoming
            if incoming and len(incoming) <= 64 and incoming.replace("-", "").isalnum()
            else uuid.uuid4().hex
        )
        # Not reset after the response: Django logs a 4xx/5xx response after the middleware
        # chain has returned, and that line must carry the id too. The next request sets its own.
        request_id_var.set(rid)
        response = self.get_response(request)
        response["X-Request-ID"] = rid
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


class UtcFormatter(logging.Formatter):
    """Times in UTC with a Z, in every process: Django sets TZ to the portal's zone in its own
    processes, gunicorn and Celery start before it, and mixed offsets confuse an operator."""

    converter = time.gmtime

    def formatTime(self, record, datefmt=None):
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", self.converter(record.created))
        return f"{stamp}.{int(record.msecs):03d}Z"


class JsonFormatter(UtcFormatter):
    """One JSON object per line. Only the message and where it came from: request objects,
    bodies and query strings are never logged, so no names or e-mail addresses end up here."""

    def format(self, record):
        entry = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        status = getattr(record, "status_code", None)
        if status:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = record.exc_info[0].__name__
        return json.dumps(entry, ensure_ascii=False)
