"""End-to-end scenarios in a real browser, and axe-core scans of the key pages."""

import re

import pytest
from django.contrib.auth.models import Group

from accounts import roles
from monitoring.models import ProgressUpdate, QuarterlyReport
from monitoring.periods import last_closed_quarter
from regioplan.models import GoalOrganisation, OperationalGoal, Organisation

from .conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def user(django_user_model, username, role=None, org=None):
    u = django_user_model.objects.create_user(
        username=username,
        password="pw",
        first_name=username.title(),
        organisation=Organisation.objects.get(name=org) if org else None,
    )
    if role:
        u.groups.add(Group.objects.get(name=role))
    return u


def test_programme_team_edits_a_goal_and_sees_it_in_the_history(page, django_user_model):
    user(django_user_model, "pim", roles.PROGRAMME_TEAM)
    login(page, "pim")
    page.goto("/doelen/2.2.1.B/bewerken/")
    page.locator("#id_target_year").fill("2026")
    page.get_by_label("Reden van de wijziging").fill("Besluit programmaraad")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/doelen/2.2.1.B/")
    history = page.locator("#geschiedenis").locator("..")
    assert "Besluit programmaraad" in history.inner_text()
    page.locator("details summary").first.click()
    assert "2026" in history.inner_text()


def test_partner_update_return_resubmit_approve(page, django_user_model, tmp_path):
    user(django_user_model, "petra", roles.PARTNER, "GGD Drenthe")
    user(django_user_model, "pim", roles.PROGRAMME_TEAM)
    goal = OperationalGoal.objects.get(code="2.3.1.B")
    GoalOrganisation.objects.create(
        goal=goal, organisation=Organisation.objects.get(name="GGD Drenthe"), role="partner"
    )
    evidence = tmp_path / "verslag.pdf"
    evidence.write_bytes(PDF)

    login(page, "petra")
    page.goto("/monitoring/mijn-doelen/")
    page.get_by_role("button", name=re.compile("Rapporteren 2.3.1.B")).click()
    page.get_by_label("Voortgang").select_option("on_track")  # nothing is preselected
    page.get_by_label("Wat is er gedaan").fill("Voorlichting op vier scholen.")
    page.locator("#id_kpi-0-kpi").select_option(label="Volwassenen (18+) die roken")
    page.locator("#id_kpi-0-period").fill("2026")
    page.locator("#id_kpi-0-value").fill("11,5")
    page.get_by_label("Bewijsstuk toevoegen").set_input_files(str(evidence))
    page.get_by_role("button", name="Opslaan en indienen").click()
    page.wait_for_url(re.compile(r"/monitoring/rapportages/\d+/$"))
    assert "Ingediend" in page.inner_text("main") and "verslag.pdf" in page.inner_text("main")
    update_url = page.url

    login(page, "pim")
    page.goto(update_url)
    page.get_by_label("Reden van terugsturen").fill("Welke scholen?")
    page.get_by_role("button", name="Terugsturen").click()
    assert "Teruggestuurd" in page.inner_text("main")

    login(page, "petra")
    page.goto(update_url + "bewerken/")
    assert "Welke scholen?" in page.inner_text("main")
    page.get_by_label("Wat is er gedaan").fill("Voorlichting op vier scholen in Emmen.")
    page.get_by_role("button", name="Opslaan en indienen").click()
    page.wait_for_url(update_url)

    login(page, "pim")
    page.goto(update_url)
    page.get_by_role("button", name="Goedkeuren").click()
    assert "Goedgekeurd" in page.inner_text("main")
    assert ProgressUpdate.objects.get().status == "approved"


def test_board_requests_the_report_waits_and_downloads(page, django_user_model):
    user(django_user_model, "bea", roles.BOARD)
    login(page, "bea")
    page.goto("/monitoring/kwartaalrapporten/")
    # The board picks from the closed quarters; the last closed one is preselected.
    chosen = page.get_by_label("Kwartaal").input_value()
    assert chosen == str(last_closed_quarter())
    page.get_by_role("button", name="Rapport aanvragen").click()
    link = page.get_by_role("link", name=re.compile("Download PDF"))
    link.wait_for(timeout=60_000)
    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    assert open(path, "rb").read(4) == b"%PDF"
    assert QuarterlyReport.objects.get().status == "ready"


def test_resident_input_coordinator_answer_shows_on_goal_page(page, django_user_model):
    user(django_user_model, "zora", roles.COORDINATOR, "Zorgbelang Drenthe")
    page.goto("/doelen/2.3.1.B/")
    page.get_by_role("link", name="Geef uw mening", exact=True).click()
    page.get_by_label("Idee of suggestie").check()
    page.get_by_label("Uw inbreng").fill("Meer wandelgroepen in Emmen.")
    page.get_by_label(re.compile("mag op de website staan")).check()
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_url("**/bedankt/")

    login(page, "zora")
    page.goto("/participatie/moderatie/")
    page.get_by_role("link", name=re.compile("Idee of suggestie #")).click()
    page.get_by_role("button", name="Publiceren").click()
    page.get_by_label("Status").select_option(label="Beantwoord")
    page.get_by_label("Antwoord aan de inwoner").fill(
        "Goed idee: we starten in 2026 met twee groepen."
    )
    page.get_by_role("button", name="Antwoord opslaan").click()

    page.context.clear_cookies()
    page.goto("/doelen/2.3.1.B/")
    text = page.inner_text("main")
    assert "Meer wandelgroepen in Emmen." in text and "we starten in 2026 met twee groepen" in text


def test_keyboard_only_resident_submits_input(page):
    page.goto("/participatie/inbreng/?doel=2.1.1.A")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.textContent").strip() == "Direct naar de inhoud"
    for _ in range(40):  # Tab through the navigation to the first field of the form
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "kind":
            break
    page.keyboard.press("Space")  # choose the first type; arrow keys would move within the group
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.type("Ik mis een huisarts in het dorp.")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/bedankt/")
    assert "Bedankt voor uw inbreng" in page.inner_text("main")


AXE_PAGES = [
    "/",
    "/doelen/",
    "/doelen/2.3.1.B/",
    "/opgaven/2.3/",
    "/monitoring/",
    "/monitoring/kpis/overgewicht-volwassenen/",
    "/participatie/",
    "/participatie/inbreng/?doel=2.3.1.B",
    "/participatie/aanbevelingen/",
    "/participatie/bewonersinitiatieven/",
    "/privacy/",
    "/inloggen/",
    "/toegankelijkheid/",
    "/open-data/",
    "/verhalen/",
    "/verhalen/inwoner/",
    "/samenwerking/",
    "/besluiten/",
    "/geleerd/",
]


def test_axe_finds_no_serious_or_critical_violations(page):
    """Every key public page in one browser session (one plan load, not one per page)."""
    found = []
    for url in AXE_PAGES:
        page.goto(url)
        found += [f"{url}: {v}" for v in axe_violations(page)]
    assert not found, "\n".join(found)


def test_every_page_fits_a_390px_phone_without_sideways_scrolling(page, django_user_model):
    """One page of each kind in the sitemap, and the signed-in pages, at 390 × 844."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/sitemap.xml")
    locations = re.findall(r"<loc>https?://[^/]+([^<]+)</loc>", page.content())
    kinds: dict[str, str] = {}
    for path in locations:
        kinds.setdefault(re.sub(r"[^/]+/$", "*/", path), path)
    team = user(django_user_model, "pt390", roles.PROGRAMME_TEAM)
    partner = user(django_user_model, "pa390", roles.PARTNER, "GGD Drenthe")
    signed_in = {
        team.username: [
            "/doelen/2.3.1.B/bewerken/",
            "/monitoring/",
            "/monitoring/beoordelen/",
            "/monitoring/meetwaarden/",
            "/monitoring/kwartaalrapporten/",
            "/audit/",
            "/account/",
            "/monitoring/kpis/nieuw/",
            "/monitoring/kpis/roken-volwassenen/bewerken/",
            "/monitoring/dekking/",
            "/monitoring/meetwaarden/beoordelen/",
            "/monitoring/meetwaarden/waarstaatjegemeente/",
            "/participatie/budget/",
            "/toezeggingen/",
            "/verhalen/selectie/",
            "/besluiten/nieuw/",
        ],
        partner.username: ["/monitoring/mijn-doelen/", "/monitoring/"],
    }
    too_wide = []

    def check(path):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide.append((path, width))

    for path in kinds.values():
        check(path)
    for username, paths in signed_in.items():
        login(page, username)
        for path in paths:
            check(path)
        page.context.clear_cookies()
    assert len(kinds) >= 10
    assert not too_wide, too_wide


def test_links_of_a_goal_can_be_added_with_the_keyboard_and_are_kept(page, django_user_model):
    user(django_user_model, "kim", roles.PROGRAMME_TEAM)
    goal = OperationalGoal.objects.get(code="2.3.1.B")
    before = set(goal.initiatives.values_list("name", flat=True))
    login(page, "kim")
    page.goto("/doelen/2.3.1.B/bewerken/")
    extra = page.locator("input[name=initiatives]:not(:checked)").first
    name = page.locator(f"label[for='{extra.get_attribute('id')}']").inner_text()
    extra.focus()
    page.keyboard.press("Space")  # keyboard only: focus the checkbox and tick it
    page.get_by_label("Reden van de wijziging").fill("Nieuw initiatief")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/doelen/2.3.1.B/")
    after = set(
        OperationalGoal.objects.get(code="2.3.1.B").initiatives.values_list("name", flat=True)
    )
    assert after == before | {name.strip()}  # the existing links are all still there


def test_axe_finds_nothing_serious_on_the_programme_teams_new_pages(page, django_user_model):
    """The KPI pages, target coverage, figure review, the connectors, the budget and the
    reports page with its profile form, signed in as the programme team."""
    login(page, user(django_user_model, "ptaxe", roles.PROGRAMME_TEAM).username)
    found = []
    for path in (
        "/monitoring/kpis/nieuw/",
        "/monitoring/kpis/roken-volwassenen/bewerken/",
        "/monitoring/kpis/roken-volwassenen/",
        "/monitoring/dekking/",
        "/monitoring/meetwaarden/beoordelen/",
        "/monitoring/meetwaarden/waarstaatjegemeente/",
        "/monitoring/kwartaalrapporten/",
        "/participatie/budget/",
        "/toezeggingen/",
        "/doelen/2.3.1.B/",  # with the commitments panel
        "/account/medewerkers/",
        "/verhalen/vertellen/",
        "/verhalen/moderatie/",
        "/verhalen/selectie/",
        "/besluiten/nieuw/",
        "/geleerd/",
    ):
        page.goto(path)
        found += [f"{path}: {v}" for v in axe_violations(page)]
    assert not found, "\n".join(found)
