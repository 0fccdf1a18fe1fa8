"""The served OpenAPI document passes the Logius API Design Rules linter (ADR 2.1.0) clean:
no error and no warning. Spectral comes from npm (package.json), the ruleset from shared/."""

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RULESET = ROOT.parent / "shared" / "tools" / "adr" / "logius-adr-2.1.0.spectral.yml"
SPECTRAL = ROOT / "node_modules" / ".bin" / "spectral"


@pytest.mark.skipif(not RULESET.exists(), reason="the ADR ruleset lives in ../shared")
def test_the_served_document_passes_the_adr_linter_without_errors_or_warnings(
    client, plan, tmp_path
):
    assert SPECTRAL.exists(), "run `make assets` (npm ci installs Spectral)"
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = tmp_path / "openapi.json"
    document.write_bytes(response.content)
    done = subprocess.run(
        [str(SPECTRAL), "lint", "-r", str(RULESET), str(document), "--fail-severity", "warn"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_the_document_is_readable_from_any_origin_and_describes_itself(client, plan):
    response = client.get("/api/v1/openapi.json")
    assert response["Access-Control-Allow-Origin"] == "*"
    document = json.loads(response.content)
    assert document["servers"][0]["url"].startswith("https://")
    assert document["servers"][0]["url"].endswith("/api/v1")
    assert "/openapi.json" in document["paths"]
    ok = document["paths"]["/kpis"]["get"]["responses"]["200"]
    assert "API-Version" in ok["headers"]
    errors = document["paths"]["/meetwaarden"]["post"]["responses"]
    assert {"400", "401", "403", "409"} <= set(errors)
    assert "application/problem+json" in errors["409"]["content"]


def test_a_304_still_carries_api_version(client, plan):
    first = client.get("/api/v1/kpis")
    again = client.get("/api/v1/kpis", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    assert again["API-Version"] == first["API-Version"]
