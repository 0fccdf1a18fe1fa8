"""Helpers the apps' views share for forms and list pages."""

from django.core.exceptions import ValidationError


def apply_service_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the field exists, else on
    top. The form keeps what the user typed."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def querystring_without_page(request) -> str:
    """The current filters, for pagination links that set their own page."""
    params = request.GET.copy()
    params.pop("pagina", None)
    return params.urlencode()
