"""Journeys of issues 21 and 22 in a real browser: a colleague invited by the organisation's
account manager reports for it; a partner's story is moderated, shortlisted and selected by
the board, and the partner reads why; a resident's story shows no name."""

import re

import pytest
from django.core import mail

from accounts import roles
from governance.models import Story
from regioplan.models import GoalOrganisation, OperationalGoal, Organisation

from .conftest import axe_violations, login
from .test_scenarios import user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_invited_colleague_sets_a_password_and_reports_for_the_organisation(
    page, django_user_model
):
    gerda = user(django_user_model, "gerda", roles.PARTNER, "GGD Drenthe")
    gerda.is_organisation_admin = True
    gerda.save()
    goal = OperationalGoal.objects.get(code="2.3.1.B")
    GoalOrganisation.objects.create(
        goal=goal, organisation=Organisation.objects.get(name="GGD Drenthe"), role="lead"
    )
    login(page, "gerda")
    page.goto("/account/organisatie/")
    page.get_by_label("E-mailadres van uw collega").fill("nina@ggd.example")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    assert "We hebben een e-mail gestuurd naar nina@ggd.example" in page.inner_text("main")
    link = re.search(r"/account/uitnodiging/\S+/", mail.outbox[-1].body).group(0)
    page.get_by_role("button", name="Uitloggen").click()

    page.goto(link)
    page.get_by_label("Voornaam").fill("Nina")
    page.get_by_label("Achternaam").fill("Nieuw")
    page.get_by_label("Kies een wachtwoord").fill("Drentse-hei-2040!")
    page.get_by_label("Herhaal het wachtwoord").fill("Drentse-hei-2040!")
    page.get_by_role("button", name="Account maken").click()
    login(page, "nina@ggd.example", "Drentse-hei-2040!")
    page.goto("/monitoring/mijn-doelen/")
    page.get_by_role("button", name=re.compile("Rapporteren 2.3.1.B")).click()
    assert "2.3.1.B" in page.inner_text("main")


def test_a_story_is_selected_by_the_board_and_the_teller_reads_why(page, django_user_model):
    user(django_user_model, "petra", roles.PARTNER, "GGD Drenthe")
    user(django_user_model, "pim", roles.PROGRAMME_TEAM)
    user(django_user_model, "bea", roles.BOARD)

    login(page, "petra")
    page.goto("/verhalen/vertellen/")
    page.get_by_label("Over welk doel gaat uw verhaal?").select_option(
        value=str(OperationalGoal.objects.get(code="2.3.1.B").pk)
    )
    page.get_by_label("Gezondheid en leefstijl").check()
    page.get_by_label("Titel").fill("Wandelen in Emmen-Zuid")
    page.get_by_label("Wat is er veranderd?").fill("Twintig ouderen wandelen nu samen.")
    page.get_by_label("Voor wie?").fill("Eenzame ouderen.")
    page.get_by_label("Waarom is dit belangrijk?").fill("Ze kennen nu hun buren.")
    page.get_by_role("button", name="Verhaal versturen").click()
    story_url = page.url

    login(page, "pim")
    page.goto("/verhalen/moderatie/")
    page.get_by_label("Publiceren", exact=True).check()
    page.get_by_role("button", name="Verwerken").click()
    quarter = Story.objects.get().quarter
    page.goto(f"/verhalen/selectie/?kwartaal={quarter}")
    page.get_by_role("button", name=re.compile("Op de shortlist")).click()

    login(page, "bea")
    page.goto(f"/verhalen/selectie/?kwartaal={quarter}")
    page.get_by_label("Waarom is dit het belangrijkste verhaal?").fill(
        "Het laat zien wat samenwerking in de wijk oplevert."
    )
    page.get_by_role("button", name=re.compile("^Kiezen")).click()
    assert "De verteller krijgt bericht" in page.inner_text("main")

    login(page, "petra")
    page.goto(story_url)
    main = page.inner_text("main")
    assert "Gekozen door de programmaraad" in main
    assert "wat samenwerking in de wijk oplevert" in main
    page.goto("/doelen/2.3.1.B/")
    assert "Wandelen in Emmen-Zuid" in page.inner_text("main")
    assert axe_violations(page) == []


def test_a_residents_story_is_published_without_the_name(page, django_user_model):
    user(django_user_model, "zora", roles.COORDINATOR, "Zorgbelang Drenthe")
    page.goto("/verhalen/inwoner/")
    page.get_by_label("Over welk doel gaat uw verhaal?").select_option(
        value=str(OperationalGoal.objects.get(code="2.3.1.B").pk)
    )
    page.get_by_label("Regie bij de inwoner").check()
    page.get_by_label("Titel").fill("Weer zelf aan het roer")
    page.get_by_label("Wat is er veranderd?").fill("Ik regel mijn eigen afspraken.")
    page.get_by_label("Voor wie?").fill("Mij.")
    page.get_by_label("Waarom is dit belangrijk?").fill("Ik ben weer baas.")
    page.get_by_label("Uw naam").fill("Geertje Geheim")
    page.get_by_label(re.compile("Ik geef toestemming")).check()
    page.get_by_role("button", name="Verhaal versturen").click()
    assert "Dank u voor uw verhaal" in page.inner_text("main")

    login(page, "zora")
    page.goto("/verhalen/moderatie/")
    assert "Geertje Geheim" in page.inner_text("main")  # the moderator sees it, nobody else
    page.get_by_label("Publiceren", exact=True).check()
    page.get_by_role("button", name="Verwerken").click()
    page.get_by_role("button", name="Uitloggen").click()
    page.goto("/verhalen/")
    main = page.inner_text("main")
    assert "Weer zelf aan het roer" in main and "Geheim" not in main and "een inwoner" in main
