"""/open-data: every dataset with licence, frequency and working downloads, and the same
catalogue as DCAT-AP-NL JSON-LD for data.overheid.nl."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_open_data_page_lists_datasets_with_working_downloads(client, plan):
    page = client.get(reverse("open_data"))
    assert page.status_code == 200
    text = page.content.decode()
    for title in ("Regioplan Drenthe", "meetwaarden", "Participatie"):
        assert title in text
    assert "CC BY 4.0" in text and "Hoe vaak bijgewerkt" in text
    links = [x.path for d in page.context["datasets"] for x in d.distributions]
    assert len(links) >= 10
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link
    assert 'href="/open-data/"' in client.get("/").content.decode()  # in every page's footer


def test_the_catalogue_is_dcat_ap_nl(client, plan):
    response = client.get(reverse("open_data_catalogue"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    catalogue = response.json()
    assert catalogue["@type"] == "dcat:Catalog"
    assert len(catalogue["dcat:dataset"]) == 3
    required = {
        "dct:identifier",
        "dct:title",
        "dct:description",
        "dct:language",
        "dct:license",
        "dct:publisher",
        "dcat:contactPoint",
        "dct:accrualPeriodicity",
        "dcat:theme",
        "dcat:distribution",
    }
    for dataset in catalogue["dcat:dataset"]:
        assert required <= set(dataset), required - set(dataset)
        assert dataset["dct:accrualPeriodicity"]["@id"].startswith(
            "http://publications.europa.eu/resource/authority/frequency/"
        )
        for distribution in dataset["dcat:distribution"]:
            assert distribution["dcat:accessURL"]["@id"].startswith("http")
            assert distribution["dct:format"]["@id"].rsplit("/", 1)[1] in {"CSV", "JSON", "XLSX"}
