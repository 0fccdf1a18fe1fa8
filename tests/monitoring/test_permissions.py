"""Monitoring permission matrix: role x action -> expected status."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring import services
from monitoring.models import ProgressUpdate

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 minimal"


@pytest.fixture
def submitted(ggd_goal, partner):
    update = services.update_start(
        goal=ggd_goal, organisation=partner.organisation, period="2026Q3", by=partner
    )
    services.update_save(
        update=update, by=partner, fields={"done": "Gedaan.", "progress": "on_track"}
    )
    services.evidence_add(update=update, uploaded=SimpleUploadedFile("a.pdf", PDF), by=partner)
    return services.update_submit(update=ProgressUpdate.objects.get(pk=update.pk), by=partner)


ROLES = ["anonymous", "partner", "partner_b", "programme_team", "board"]


def as_role(request, client, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


@pytest.mark.parametrize(
    "action, expected",
    [
        # anonymous, partner (own org), partner of another org, programme team, board
        (
            "my_goals",
            {
                "anonymous": 302,
                "partner": 200,
                "partner_b": 200,
                "programme_team": 403,
                "board": 403,
            },
        ),
        (
            "start",
            {
                "anonymous": 302,
                "partner": 302,
                "partner_b": 403,
                "programme_team": 403,
                "board": 403,
            },
        ),
        (
            "edit",
            {
                "anonymous": 302,
                "partner": 302,
                "partner_b": 404,
                "programme_team": 403,
                "board": 403,
            },
        ),
        (
            "detail",
            {
                "anonymous": 302,
                "partner": 200,
                "partner_b": 404,
                "programme_team": 200,
                "board": 404,
            },
        ),
        (
            "approve",
            {
                "anonymous": 403,
                "partner": 403,
                "partner_b": 404,
                "programme_team": 302,
                "board": 403,
            },
        ),
        (
            "evidence",
            {
                "anonymous": 403,
                "partner": 200,
                "partner_b": 404,
                "programme_team": 200,
                "board": 404,
            },
        ),
        (
            "review",
            {
                "anonymous": 302,
                "partner": 403,
                "partner_b": 403,
                "programme_team": 200,
                "board": 403,
            },
        ),
        (
            "figure_create",
            {
                "anonymous": 302,
                "partner": 403,
                "partner_b": 403,
                "programme_team": 200,
                "board": 403,
            },
        ),
        (
            "import",
            {
                "anonymous": 302,
                "partner": 403,
                "partner_b": 403,
                "programme_team": 200,
                "board": 403,
            },
        ),
        (
            "cbs",
            {
                "anonymous": 302,
                "partner": 403,
                "partner_b": 403,
                "programme_team": 200,
                "board": 403,
            },
        ),
        ("dashboard", dict.fromkeys(ROLES, 200)),
    ],
)
def test_monitoring_permission_matrix(request, client, submitted, action, expected):
    for role in ROLES:
        client.logout()
        c = as_role(request, client, role)
        pk = submitted.pk
        evidence = submitted.evidence.get().pk
        response = {
            "my_goals": lambda: c.get(reverse("monitoring:my_goals")),
            "start": lambda: c.post(
                reverse("monitoring:update_start", args=["2.3.1.B"]), {"period": "2026Q2"}
            ),
            "edit": lambda: c.get(reverse("monitoring:update_edit", args=[pk])),
            "detail": lambda: c.get(reverse("monitoring:update_detail", args=[pk])),
            "approve": lambda: c.post(reverse("monitoring:update_action", args=[pk, "goedkeuren"])),
            "evidence": lambda: c.get(reverse("monitoring:evidence_download", args=[evidence])),
            "review": lambda: c.get(reverse("monitoring:review_queue")),
            "figure_create": lambda: c.get(reverse("monitoring:figure_create")),
            "import": lambda: c.get(reverse("monitoring:figure_import")),
            "cbs": lambda: c.get(reverse("monitoring:cbs_fetch")),
            "dashboard": lambda: c.get(reverse("monitoring:dashboard")),
        }[action]()
        assert response.status_code == expected[role], (action, role, response.status_code)
    # Only the programme team's approval counts: a partner's attempt leaves it submitted.
    status = ProgressUpdate.objects.get(pk=submitted.pk).status
    assert status == ("approved" if action == "approve" else "submitted")


def test_board_reads_approved_updates(client_as, submitted, programme_team, board):
    services.update_approve(update=submitted, by=programme_team)
    assert (
        client_as(board).get(reverse("monitoring:update_detail", args=[submitted.pk])).status_code
        == 200
    )


def test_partner_cannot_return_either(client_as, submitted, partner):
    response = client_as(partner).post(
        reverse("monitoring:update_action", args=[submitted.pk, "terugsturen"]),
        {"reason": "zelf terugsturen"},
    )
    assert response.status_code == 403
    assert ProgressUpdate.objects.get(pk=submitted.pk).status == "submitted"
