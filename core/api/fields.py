"""Serializer fields shared by every app's API."""

from rest_framework import serializers


def codes(slug_field="code", **kwargs):
    """A read-only list of related objects by their key (code, slug, CBS code)."""
    return serializers.SlugRelatedField(slug_field=slug_field, many=True, read_only=True, **kwargs)
