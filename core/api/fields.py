"""Serializer fields shared by every app's API."""

from rest_framework import serializers


def codes(slug_field="code", **kwargs):
    """A read-only list of related objects by their key (code, slug, CBS code)."""
    return serializers.SlugRelatedField(slug_field=slug_field, many=True, read_only=True, **kwargs)


class DutchChoiceField(serializers.ChoiceField):
    """A choice that the API writes and reads in Dutch, while the database keeps its own values.

    `names` maps each stored value to its Dutch API word. Input also accepts the stored
    values themselves (`legacy`), for clients written before the vocabulary became Dutch; the
    OpenAPI document names only the Dutch words."""

    def __init__(self, names: dict[str, str], *, legacy: bool = True, **kwargs):
        self.names = dict(names)
        self.values = {dutch: value for value, dutch in self.names.items()}
        self.legacy = legacy
        super().__init__(choices=list(self.values), **kwargs)

    def to_internal_value(self, data):
        if data == "" and self.allow_blank:
            return ""
        text = str(data)
        if text in self.values:
            return self.values[text]
        if self.legacy and text in self.names:
            return text
        self.fail("invalid_choice", input=data)

    def to_representation(self, value):
        return self.names.get(value, value) if value else value
