"""Property-based API check: schemathesis generates requests from our own OpenAPI document.

All read operations anonymously, the partner's write operations with a partner token, and every
write operation with a programme-team token. A
small, fixed number of examples per operation keeps the suite fast. It must find no server
error and no response body that contradicts the schema.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from accounts.services import token_create

MAX_EXAMPLES = 4
PARTNER_WRITES = {
    ("POST", "/api/v1/voortgangsrapportages"),
    ("PATCH", "/api/v1/voortgangsrapportages/{id}"),
    ("POST", "/api/v1/meetwaarden"),
}

raw = SchemaGenerator().get_schema(request=None, public=True)
schema = schemathesis.openapi.from_dict(raw)
schema.app = get_wsgi_application()

# The binary PDF download is left out: its body is a file, not JSON.
reads = schema.include(method="GET").exclude(path_regex=r".*/download$")
writes = schema.include(method=["POST", "PATCH"]).include(
    path_regex=r"^/api/v1/(voortgangsrapportages(/\{id\})?|meetwaarden)$"
)


@pytest.fixture(autouse=True)
def keep_test_connection():
    """Calls go straight to the WSGI app; like Django's test client, keep the test's database
    connection open across requests instead of closing it at the end of each one."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def partner_header(partner):
    from regioplan.models import GoalOrganisation, OperationalGoal

    GoalOrganisation.objects.create(
        goal=OperationalGoal.objects.get(code="2.3.1.B"),
        organisation=partner.organisation,
        role="partner",
    )
    return {"Authorization": f"Token {token_create(user=partner, name='schemathesis')[1]}"}


@pytest.mark.django_db
@reads.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_read_operations_conform(case, plan):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])


@pytest.mark.django_db
@writes.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_partner_write_operations_conform(case, plan, partner_header):
    case.call_and_validate(
        headers=partner_header, checks=[not_a_server_error, response_schema_conformance]
    )


all_writes = schema.include(method=["POST", "PUT", "PATCH", "DELETE"])


@pytest.fixture
def team_header(programme_team):
    return {"Authorization": f"Token {token_create(user=programme_team, name='schemathesis')[1]}"}


@pytest.mark.django_db
@all_writes.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_write_operation_with_a_team_token_gives_no_server_error(case, plan, team_header):
    """The whole document's writes, as the programme team (who may write everywhere)."""
    case.call_and_validate(
        headers=team_header, checks=[not_a_server_error, response_schema_conformance]
    )
