from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

FIELD_LABELS = {
    "code": _("Code"),
    "kind": _("Soort"),
    "status": _("Status"),
    "title": _("Korte titel"),
    "text": _("Volledige tekst"),
    "bullets": _("Toelichting"),
    "target_year": _("Doeljaar"),
    "target_year_undecided": _("Jaar nog niet bepaald"),
    "year_marks": _("Jaren gemarkeerd in de bron"),
    "incomplete_in_source": _("Onvolledig in de bron"),
    "source_note": _("Opmerking over de bron"),
    "source_code": _("Code in de bron"),
    "initiatives_note": _("Toelichting bij initiatieven"),
    "initiators_note": _("Toelichting bij initiatiefnemers"),
    "strategic_goal": _("Strategisch doel"),
    "priority_themes": _("Prioritaire thema's"),
    "related_goals": _("Hangt samen met doelen"),
    "related_strategic_goals": _("Hangt samen met strategische doelen"),
    "initiatives": _("Initiatieven"),
    "initiators": _("Potentiële initiatiefnemers"),
    "organisations": _("Organisaties"),
    "name": _("Naam"),
    "sector": _("Sector"),
    "coalition": _("Coalitie"),
    "is_generic": _("Groep"),
    "municipality": _("Gemeente"),
    "archived": _("Gearchiveerd"),
    "description": _("Beschrijving"),
}


@register.filter
def field_label(name: str) -> str:
    """Return the Dutch label of a recorded field name."""
    return FIELD_LABELS.get(name, name)


@register.filter
def show_value(value) -> str:
    """Render a recorded value for people: lists joined, booleans in words."""
    if value is None or value == "" or value == []:
        return "–"
    if value is True:
        return _("ja")
    if value is False:
        return _("nee")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)
