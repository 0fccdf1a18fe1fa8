from django import template
from django.utils.safestring import mark_safe

from core import slots

register = template.Library()


@register.filter
def get_item(mapping, key):
    """Look a key up in a dict from a template; the key itself when it is missing."""
    return mapping.get(key, key)


@register.filter
def get_list(mapping, key):
    """Look a key up in a dict of lists from a template; an empty list when it is missing."""
    return mapping.get(key, []) if mapping else []


@register.simple_tag
def slot(name, **kwargs):
    """Render slot `name` (core.slots): what higher apps put on this page."""
    return mark_safe(slots.render(name, **kwargs))
