"""Partners report quarterly; the programme team reviews: draft → submitted → returned/approved."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring import services
from monitoring.models import Figure, Kpi, ProgressUpdate, UpdateTransition

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def start(partner, goal, period="2026Q3"):
    return services.update_start(
        goal=goal, organisation=partner.organisation, period=period, by=partner
    )


def fill(update, partner, value="47", **extra):
    kpi = Kpi.objects.get(code="roken-volwassenen")
    return services.update_save(
        update=update,
        by=partner,
        fields={
            "progress": "on_track",
            "done": "Campagne gestart.",
            "next_steps": "Evalueren.",
            **extra,
        },
        figures=[{"kpi": kpi, "period": "2026", "municipality": None, "value": value}],
    )


def test_full_review_cycle_with_return_and_resubmit(ggd_goal, partner, programme_team):
    update = fill(start(partner, ggd_goal), partner, value="9")
    update = services.update_submit(update=update, by=partner)
    assert update.status == "submitted"
    with pytest.raises(ValidationError, match="Geef een reden"):
        services.update_return(update=update, by=programme_team, reason="  ")
    update = services.update_return(update=update, by=programme_team, reason="Noem de gemeenten.")
    assert update.status == "returned" and update.return_reason == "Noem de gemeenten."
    update = fill(update, partner, value="8", done="Campagne gestart in Assen en Emmen.")
    update = services.update_submit(update=update, by=partner)
    assert not Figure.objects.exists()  # nothing counts before approval
    update = services.update_approve(update=update, by=programme_team)
    assert update.status == "approved" and update.approved_by == programme_team
    figure = Figure.objects.get(kpi__code="roken-volwassenen", period="2026")
    assert figure.value == Decimal("8") and figure.origin == "update" and figure.update == update
    steps = list(
        UpdateTransition.objects.filter(update=update).values_list(
            "to_status", "by__username", "reason"
        )
    )
    assert steps == [
        ("draft", "partner-a", ""),
        ("submitted", "partner-a", ""),
        ("returned", "pt", "Noem de gemeenten."),
        ("submitted", "partner-a", ""),
        ("approved", "pt", ""),
    ]


def test_approved_update_is_locked(ggd_goal, partner, programme_team):
    update = services.update_submit(update=fill(start(partner, ggd_goal), partner), by=partner)
    update = services.update_approve(update=update, by=programme_team)
    with pytest.raises(ValidationError, match="kan niet meer worden gewijzigd"):
        fill(update, partner, value="1")
    with pytest.raises(ValidationError, match="Dit kan niet"):
        services.update_submit(update=update, by=partner)


def test_correction_after_approval_is_a_new_revision_that_is_reviewed_again(
    ggd_goal, partner, programme_team
):
    first = services.update_approve(
        update=services.update_submit(
            update=fill(start(partner, ggd_goal), partner, value="9"), by=partner
        ),
        by=programme_team,
    )
    revision = services.update_revise(update=first, by=partner)
    assert (revision.revision, revision.status, revision.previous) == (2, "draft", first)
    revision = fill(revision, partner, value="7")
    assert Figure.objects.get().value == Decimal("9")  # the approved value stands until review
    services.update_approve(
        update=services.update_submit(update=revision, by=partner), by=programme_team
    )
    assert Figure.objects.get().value == Decimal("7")
    assert ProgressUpdate.objects.get(pk=first.pk).status == "approved"


def test_partner_cannot_approve_or_return(ggd_goal, partner):
    update = services.update_submit(update=fill(start(partner, ggd_goal), partner), by=partner)
    with pytest.raises(PermissionDenied):
        services.update_approve(update=update, by=partner)
    with pytest.raises(PermissionDenied):
        services.update_return(update=update, by=partner, reason="x")


def test_partner_cannot_report_for_another_organisations_goal(ggd_goal, partner_b):
    with pytest.raises(PermissionDenied):
        services.update_start(
            goal=ggd_goal, organisation=partner_b.organisation, period="2026Q3", by=partner_b
        )


def test_same_figure_from_two_sources_is_refused(ggd_goal, partner, programme_team):
    services.figure_create(
        kpi=Kpi.objects.get(code="roken-volwassenen"),
        period="2026",
        municipality=None,
        value="10",
        by=programme_team,
    )
    with pytest.raises(ValidationError) as exc:
        fill(start(partner, ggd_goal), partner)
    assert "Er is al een waarde" in " ".join(exc.value.messages)


def test_kpi_not_belonging_to_the_goal_is_refused(ggd_goal, partner):
    update = start(partner, ggd_goal)
    with pytest.raises(ValidationError) as exc:
        services.update_save(
            update=update,
            by=partner,
            fields={},
            figures=[
                {
                    "kpi": Kpi.objects.get(code="acp-ouderen"),
                    "period": "2026",
                    "municipality": None,
                    "value": "5",
                }
            ],
        )
    assert "hoort niet bij doel 2.3.1.B" in exc.value.messages[0]


def test_submit_needs_a_narrative(ggd_goal, partner):
    update = services.update_save(
        update=start(partner, ggd_goal), by=partner, fields={"progress": "on_track"}
    )
    with pytest.raises(ValidationError, match="Vul in wat er is gedaan"):
        services.update_submit(update=update, by=partner)


def test_evidence_is_checked_by_content_and_size(ggd_goal, partner, settings):
    update = start(partner, ggd_goal)
    good = services.evidence_add(
        update=update, uploaded=SimpleUploadedFile("verslag.pdf", PDF), by=partner
    )
    assert good.content_type == "application/pdf"
    with pytest.raises(ValidationError) as exc:
        services.evidence_add(
            update=update,
            uploaded=SimpleUploadedFile("verslag.pdf", b"MZ\x90\x00 not a pdf"),
            by=partner,
        )
    assert "geen echt PDF-bestand" in exc.value.messages[0]
    with pytest.raises(ValidationError, match="alleen PDF"):
        services.evidence_add(
            update=update, uploaded=SimpleUploadedFile("script.exe", b"MZ"), by=partner
        )
    settings.MONITORING_MAX_EVIDENCE_BYTES = 10
    with pytest.raises(ValidationError) as exc:
        services.evidence_add(
            update=update, uploaded=SimpleUploadedFile("groot.pdf", PDF), by=partner
        )
    assert "te groot" in exc.value.messages[0]


def test_bulk_approval_goes_through_the_service(ggd_goal, partner, programme_team):
    update = services.update_submit(update=fill(start(partner, ggd_goal), partner), by=partner)
    draft = start(partner, ggd_goal, period="2026Q2")
    done, problems = services.bulk_approve(updates=[update, draft], by=programme_team)
    assert done == 1 and len(problems) == 1
    assert Figure.objects.count() == 1
    assert UpdateTransition.objects.filter(update=update, to_status="approved").exists()


def test_bulk_approval_on_the_review_page_ignores_ids_that_are_not_numbers(
    client_as, ggd_goal, partner, programme_team
):
    update = services.update_submit(update=fill(start(partner, ggd_goal), partner), by=partner)
    response = client_as(programme_team).post(
        reverse("monitoring:review_queue"),
        {"rapportage": ["abc", str(update.pk), "1e9", "²", "99999999999999999999"]},
        follow=True,
    )
    assert response.status_code == 200
    update.refresh_from_db()
    assert update.status == "approved"
    assert "1 rapportage(s) goedgekeurd" in response.content.decode()


def test_web_flow_partner_submits_with_kpi_value_and_evidence(
    client_as, ggd_goal, partner, programme_team
):
    client = client_as(partner)
    response = client.get(reverse("monitoring:my_goals"))
    assert "2.3.1.B" in response.content.decode()
    response = client.post(
        reverse("monitoring:update_start", args=["2.3.1.B"]), {"period": "2026Q3"}
    )
    update = ProgressUpdate.objects.get()
    assert response.url == reverse("monitoring:update_edit", args=[update.pk])
    kpi = Kpi.objects.get(code="roken-volwassenen")
    data = {
        "progress": "attention",
        "done": "Voorlichting op scholen.",
        "next_steps": "Meer scholen.",
        "obstacles": "",
        "resident_involvement": "Jongerenpanel.",
        "kpi-TOTAL_FORMS": "2",
        "kpi-INITIAL_FORMS": "0",
        "kpi-MIN_NUM_FORMS": "0",
        "kpi-MAX_NUM_FORMS": "60",
        "kpi-0-kpi": kpi.pk,
        "kpi-0-period": "2026",
        "kpi-0-municipality": "",
        "kpi-0-value": "11,5",
        "kpi-1-kpi": "",
        "kpi-1-period": "",
        "kpi-1-municipality": "",
        "kpi-1-value": "",
        "evidence": SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf"),
        "indienen": "1",
    }
    response = client.post(reverse("monitoring:update_edit", args=[update.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    update.refresh_from_db()
    assert update.status == "submitted" and update.figures.get().value == Decimal("11.5")
    assert update.evidence.get().original_name == "verslag.pdf"
    reviewer = client_as(programme_team)
    reviewer.post(
        reverse("monitoring:update_action", args=[update.pk, "terugsturen"]),
        {"reason": "Welke scholen?"},
    )
    client = client_as(partner)
    html = client.get(reverse("monitoring:update_edit", args=[update.pk])).content.decode()
    assert "Welke scholen?" in html
    data["done"], data["evidence"] = "Voorlichting op 4 scholen in Emmen.", ""
    client.post(reverse("monitoring:update_edit", args=[update.pk]), data)
    reviewer = client_as(programme_team)
    reviewer.post(reverse("monitoring:update_action", args=[update.pk, "goedkeuren"]))
    update.refresh_from_db()
    assert update.status == "approved"
    assert Figure.objects.get(kpi=kpi, period="2026").value == Decimal("11.5")


def test_bad_kpi_value_in_the_form_keeps_input_and_explains(client_as, ggd_goal, partner):
    client = client_as(partner)
    client.post(reverse("monitoring:update_start", args=["2.3.1.B"]), {"period": "2026Q3"})
    update = ProgressUpdate.objects.get()
    kpi = Kpi.objects.get(code="roken-volwassenen")
    response = client.post(
        reverse("monitoring:update_edit", args=[update.pk]),
        {
            "progress": "on_track",
            "done": "Mijn tekst blijft staan",
            "next_steps": "",
            "obstacles": "",
            "resident_involvement": "",
            "kpi-TOTAL_FORMS": "1",
            "kpi-INITIAL_FORMS": "0",
            "kpi-MIN_NUM_FORMS": "0",
            "kpi-MAX_NUM_FORMS": "60",
            "kpi-0-kpi": kpi.pk,
            "kpi-0-period": "2026",
            "kpi-0-municipality": "",
            "kpi-0-value": "140",
        },
    )
    html = response.content.decode()
    assert (
        response.status_code == 200
        and "buiten het geldige bereik" in html
        and "Mijn tekst blijft staan" in html
    )
    update.refresh_from_db()
    assert update.done == ""


def test_a_new_update_has_no_status_chosen_and_cannot_be_submitted_without_one(
    client_as, ggd_goal, partner
):
    update = start(partner, ggd_goal, "2026Q2")
    assert update.progress == ""
    client = client_as(partner)
    html = client.get(reverse("monitoring:update_edit", args=[update.pk])).content.decode()
    assert '<option value="" selected>Kies de voortgang</option>' in html
    data = {
        "progress": "",
        "done": "Gedaan.",
        "kpi-TOTAL_FORMS": "0",
        "kpi-INITIAL_FORMS": "0",
        "kpi-MIN_NUM_FORMS": "0",
        "kpi-MAX_NUM_FORMS": "60",
    }
    saved = client.post(reverse("monitoring:update_edit", args=[update.pk]), data)
    assert saved.status_code == 302  # a draft may wait for its status
    submitted = client.post(
        reverse("monitoring:update_edit", args=[update.pk]), {**data, "indienen": "1"}
    )
    assert "Kies hoe het doel ervoor staat" in submitted.content.decode()
    assert ProgressUpdate.objects.get(pk=update.pk).status == ProgressUpdate.Status.DRAFT
