"""The contract, proved by a client generated from it (openapi-python-client), as an
integrator would: a full pull, an incremental pull after an edit, and a bulk load with a
dry run, against the live server."""

import datetime as dt
import importlib
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

GENERATOR = Path(sys.executable).parent / "openapi-python-client"
PACKAGE = "gm_generated_client"


@pytest.fixture
def generated_client(tmp_path, live_server):
    import httpx

    document = tmp_path / "openapi.json"
    document.write_bytes(httpx.get(f"{live_server.url}/api/v1/openapi.json").content)
    config = tmp_path / "config.yaml"
    config.write_text("post_hooks: []\n")
    done = subprocess.run(
        [
            str(GENERATOR),
            "generate",
            "--path",
            str(document),
            "--output-path",
            str(tmp_path / PACKAGE),
            "--config",
            str(config),
            "--meta",
            "none",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    # Everything but the CSV body of the bulk endpoint (a plain string) is generated.
    warnings = [line for line in done.stdout.splitlines() if line.startswith("WARNING")]
    assert all("text/csv" in w or "Unsupported content type" in w for w in warnings) or (
        not warnings
    ), done.stdout
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith(PACKAGE)]:
            del sys.modules[name]


@pytest.mark.django_db(transaction=True)
def test_a_generated_client_pulls_syncs_and_bulk_loads(generated_client, live_server):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from accounts import roles
    from accounts.services import token_create
    from monitoring.models import Figure

    for name in roles.ROLES:
        Group.objects.get_or_create(name=name)
    call_command("load_regioplan", verbosity=0)
    user = get_user_model().objects.create_user(username="integrator")
    user.groups.add(Group.objects.get(name=roles.PROGRAMME_TEAM))
    _token, key = token_create(user=user, name="datawarehouse")

    pkg = generated_client
    api = importlib.import_module(f"{PACKAGE}.api")
    models = importlib.import_module(f"{PACKAGE}.models")
    goals_list = importlib.import_module(
        f"{PACKAGE}.api.operationele_doelen.operationele_doelen_list"
    )
    orgs_list = importlib.import_module(f"{PACKAGE}.api.organisaties.organisaties_list")
    orgs_patch = importlib.import_module(f"{PACKAGE}.api.organisaties.organisaties_partial_update")
    orgs_delete = importlib.import_module(f"{PACKAGE}.api.organisaties.organisaties_destroy")
    tombstones = importlib.import_module(f"{PACKAGE}.api.verwijderingen.verwijderingen_list")
    bulk = importlib.import_module(f"{PACKAGE}.api.meetwaarden.meetwaarden_bulk_create")
    assert api is not None
    client = pkg.AuthenticatedClient(
        base_url=f"{live_server.url}/api/v1",
        token=key,
        prefix="Token",
        raise_on_unexpected_status=True,
    )

    # 1. A full pull of the plan: every goal with its text, in pages of 100.
    goals, page = [], 1
    while True:
        result = goals_list.sync(
            client=client, page=page, page_size=100, uitbreiden="tekst,organisaties,kpis"
        )
        goals.extend(result.resultaten)
        if not result.volgende:
            break
        page += 1
    assert len(goals) == 86 and all(isinstance(g.tekst, str) for g in goals)
    assert sum(bool(g.tekst) for g in goals) == 84  # two goals are a title only in the plan

    # 2. An incremental pull after an edit and an archiving.
    since = dt.datetime.now(dt.UTC) - dt.timedelta(milliseconds=1)
    orgs_patch.sync("treant", client=client, body=models.PatchedOrganisationRequest(sector="Zorg"))
    orgs_delete.sync_detailed("cosis", client=client)
    changed = orgs_list.sync(client=client, gewijzigd_sinds=since, sorteer="gewijzigd_op")
    assert {o.sleutel for o in changed.resultaten} == {"treant", "cosis"}
    gone = tombstones.sync(client=client, gewijzigd_sinds=since)
    assert [(t.collectie, t.sleutel) for t in gone.resultaten] == [("organisaties", "cosis")]

    # 3. A bulk load: first a dry run, then for real.
    body = models.BulkRequestRequest(
        meetwaarden=[
            models.BulkFigureRequest(kpi="overgewicht-volwassenen", periode="2024", waarde="39,5"),
            models.BulkFigureRequest(kpi="bestaat-niet", periode="2024", waarde="1"),
        ]
    )
    trial = bulk.sync(client=client, body=body, proefdraai=True)
    assert trial.proefdraai and trial.aantallen.aangemaakt == 1 and trial.aantallen.geweigerd == 1
    assert not Figure.objects.filter(kpi__code="overgewicht-volwassenen").exists()
    real = bulk.sync(client=client, body=body)
    assert real.aantallen.aangemaakt == 1
    assert Figure.objects.get(kpi__code="overgewicht-volwassenen").value == 39.5
