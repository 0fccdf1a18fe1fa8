"""/open-data: the portal's datasets for reuse, with a DCAT-AP-NL description.

The page lists each dataset with its licence, how often it changes and where to download
it; `/open-data/catalogus.jsonld` is the same catalogue as DCAT-AP-NL JSON-LD, so it can be
registered at data.overheid.nl. The datasets are the API's own collections and exports: no
second copy of the data that could drift.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import selectors

LICENCE = "http://creativecommons.org/licenses/by/4.0/deed.nl"
LICENCE_NAME = "CC BY 4.0"
EU = "http://publications.europa.eu/resource/authority"
FORMATS = {
    "json": ("JSON", "application/json"),
    "csv": ("CSV", "text/csv"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
HEALTH_THEME = "http://standaarden.overheid.nl/owms/terms/Zorg_en_gezondheid"
PUBLIC_ACCESS = {"@id": f"{EU}/access-right/PUBLIC"}


@dataclass
class Distribution:
    title: str
    path: str
    format: str  # json, csv or xlsx


@dataclass
class Dataset:
    identifier: str
    title: str
    description: str
    frequency: str  # EU frequency code: QUARTERLY, IRREG, ...
    frequency_label: str
    keywords: list[str]
    distributions: list[Distribution]
    modified: object = None


def _api(name: str, **query) -> str:
    path = reverse(f"api:{name}")
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


GOALS = "operationeel-doel-list"


def _plan_dataset(modified) -> Dataset:
    """The plan: goals with their text, organisations, initiatives and KPIs."""
    return Dataset(
        "regioplan-drenthe",
        str(_("Regioplan Drenthe: doelen, organisaties en KPI's")),
        str(
            _(
                "Het volledige Regioplan Drenthe: de zes regio-opgaven, de strategische en "
                "operationele doelen met hun tekst, de organisaties en initiatieven, en de "
                "KPI's met nulmeting, streefwaarden en tussendoelen."
            )
        ),
        "IRREG",
        str(_("bij elke wijziging van het plan")),
        ["regioplan", "Drenthe", "gezondheid", "IZA", "doelen"],
        [
            Distribution(
                str(_("Doelen met tekst en organisaties (CSV)")),
                _api(GOALS, formaat="csv", csv_dialect="rfc4180"),
                "csv",
            ),
            Distribution(
                str(_("Doelen met tekst en organisaties (Excel)")),
                _api(GOALS, formaat="xlsx"),
                "xlsx",
            ),
            Distribution(
                str(_("Doelen (API, JSON)")),
                _api(GOALS, uitbreiden="tekst,organisaties,initiatieven,kpis"),
                "json",
            ),
            Distribution(str(_("KPI's (API, JSON)")), _api("kpi-list"), "json"),
            Distribution(str(_("Organisaties (API, JSON)")), _api("organisatie-list"), "json"),
        ],
        modified,
    )


def _figures_dataset(modified) -> Dataset:
    """Approved figures per KPI, period and municipality."""
    return Dataset(
        "meetwaarden",
        str(_("Goedgekeurde meetwaarden per KPI en gemeente")),
        str(
            _(
                "De cijfers waarmee de voortgang van het plan wordt gevolgd: per KPI, periode "
                "en gemeente (of heel Drenthe), alleen goedgekeurde waarden. Voorbeeldgegevens "
                "zijn gemarkeerd in de kolom 'demo'."
            )
        ),
        "QUARTERLY",
        str(_("elk kwartaal, en als er nieuwe cijfers zijn")),
        ["monitoring", "KPI", "gemeenten", "Drenthe"],
        [
            Distribution(
                str(_("Meetwaarden (CSV)")),
                _api("meetwaarde-list", formaat="csv", csv_dialect="rfc4180"),
                "csv",
            ),
            Distribution(
                str(_("Meetwaarden (Excel)")), _api("meetwaarde-list", formaat="xlsx"), "xlsx"
            ),
            Distribution(str(_("Meetwaarden (API, JSON)")), _api("meetwaarde-list"), "json"),
        ],
        modified,
    )


def _participation_dataset(modified) -> Dataset:
    """Published participation: input with answers, initiatives, moments, recommendations."""
    return Dataset(
        "participatie",
        str(_("Participatie: inbreng, bewonersinitiatieven en aanbevelingen")),
        str(
            _(
                "Gepubliceerde inbreng van inwoners met het antwoord, het register van "
                "bewonersinitiatieven, de participatiemomenten per doel en de aanbevelingen "
                "met hun stemmen. Zonder namen, e-mailadressen of andere persoonsgegevens."
            )
        ),
        "IRREG",
        str(_("doorlopend")),
        ["participatie", "inwoners", "bewonersinitiatieven"],
        [
            Distribution(str(_("Inbreng van inwoners (API, JSON)")), _api("inbreng-list"), "json"),
            Distribution(
                str(_("Bewonersinitiatieven (API, JSON)")),
                _api("bewonersinitiatief-list"),
                "json",
            ),
            Distribution(
                str(_("Participatiemomenten (API, JSON)")),
                _api("participatiemoment-list"),
                "json",
            ),
            Distribution(str(_("Aanbevelingen (API, JSON)")), _api("aanbeveling-list"), "json"),
        ],
        modified,
    )


def datasets() -> list[Dataset]:
    """The datasets, each with when its public rows last changed."""
    changed = selectors.last_changed()
    return [
        _plan_dataset(changed["plan"]),
        _figures_dataset(changed["figures"]),
        _participation_dataset(changed["participation"]),
    ]


PUBLISHER = {
    "@type": "foaf:Agent",
    "foaf:name": "Gezonde Marke",
    "foaf:homepage": {"@id": "https://www.gezondemarke.nl"},
}
CONTACT = {
    "@type": "vcard:Organization",
    "vcard:fn": "Programmateam Gezonde Marke",
    "vcard:hasEmail": {"@id": "mailto:info@gezondemarke.nl"},
}
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
# What every dataset and the catalogue itself state: language, licence, access, who publishes.
COMMON = {
    "dct:language": {"@id": f"{EU}/language/NLD"},
    "dct:license": {"@id": LICENCE},
    "dct:accessRights": PUBLIC_ACCESS,
    "dct:publisher": PUBLISHER,
    "dcat:contactPoint": CONTACT,
}


def _distribution(x: Distribution, base: str) -> dict:
    media = FORMATS[x.format][1]
    return {
        "@type": "dcat:Distribution",
        "dct:title": x.title,
        "dcat:accessURL": {"@id": f"{base}{x.path}"},
        "dcat:downloadURL": {"@id": f"{base}{x.path}"},
        "dct:format": {"@id": f"{EU}/file-type/{FORMATS[x.format][0]}"},
        "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media}"},
        "dct:license": {"@id": LICENCE},
    }


def _dataset(d: Dataset, base: str) -> dict:
    page = f"{base}{reverse('open_data')}"
    modified = (
        {"dct:modified": {"@value": d.modified.isoformat(), "@type": "xsd:dateTime"}}
        if d.modified
        else {}
    )
    return {
        "@id": f"{page}#{d.identifier}",
        "@type": "dcat:Dataset",
        "dct:identifier": f"{page}#{d.identifier}",
        "dct:title": d.title,
        "dct:description": d.description,
        **COMMON,
        "dct:accrualPeriodicity": {"@id": f"{EU}/frequency/{d.frequency}"},
        "dct:spatial": {"@id": "http://standaarden.overheid.nl/owms/terms/Drenthe"},
        "dcat:theme": {"@id": HEALTH_THEME},
        "dcat:keyword": d.keywords,
        "dcat:landingPage": {"@id": page},
        **modified,
        "dcat:distribution": [_distribution(x, base) for x in d.distributions],
    }


def catalogue(request, items: list[Dataset]) -> dict:
    """The catalogue as DCAT-AP-NL (DCAT-AP 2) JSON-LD."""
    base = settings.PORTAL_BASE_URL.rstrip("/")
    return {
        "@context": CONTEXT,
        "@id": f"{base}{reverse('open_data_catalogue')}",
        "@type": "dcat:Catalog",
        "dct:title": str(_("Open data van Gezonde Marke")),
        "dct:description": str(
            _("De open gegevens van het portaal van Gezonde Marke over het Regioplan Drenthe.")
        ),
        **COMMON,
        "foaf:homepage": {"@id": f"{base}{reverse('open_data')}"},
        "dcat:dataset": [_dataset(d, base) for d in items],
    }


def open_data(request):
    return render(
        request,
        "opendata/open_data.html",
        {"datasets": datasets(), "licence": LICENCE, "licence_name": LICENCE_NAME},
    )


def open_data_catalogue(request):
    response = JsonResponse(
        catalogue(request, datasets()), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Type"] = "application/ld+json"
    response["Access-Control-Allow-Origin"] = "*"
    return response
