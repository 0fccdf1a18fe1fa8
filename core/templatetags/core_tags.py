from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """Look a key up in a dict from a template; the key itself when it is missing."""
    return mapping.get(key, key)
