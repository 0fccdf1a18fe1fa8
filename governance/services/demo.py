"""Demo data for tellen én vertellen, marked as demo: stories in several domains (one
selected with its reason, one by a resident), two quarters of pulse answers, decisions with
actions in every status (one overdue, one answering a partner's question) and a lesson.

Registered with monitoring's seed_demo (monitoring.services.demo.register_demo), so README
command 1 and the benchmarks get it too. Dated as real data would be: before the cut-off of
the quarter whose report shows it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from core.periods import Period, cutoff, last_closed_quarter
from monitoring.models import ProgressUpdate
from regioplan.models import GoalOrganisation, Theme

from ..models import Action, ActionUpdate, Decision, Lesson, PulseResponse, Story

STORIES = [
    (
        "health",
        "partner",
        "Samen bewegen in Emmen-Zuid",
        "Twintig ouderen die eerst alleen thuis zaten, wandelen nu twee keer per week samen. "
        "De huisarts verwijst door; de buurtsportcoach loopt mee.",
        "Ouderen in een wijk met veel eenzaamheid.",
        "Ze bewegen meer en kennen nu mensen in hun straat. Twee deelnemers zijn minder vaak "
        "bij de huisarts.",
    ),
    (
        "collaboration",
        "team",
        "Eén tafel voor huisarts en wijkteam",
        "In drie gemeenten zitten huisartsen en wijkteams nu maandelijks aan één tafel over "
        "inwoners die vastlopen.",
        "Huisartsen, wijkteams en de inwoners die zij samen helpen.",
        "Inwoners hoeven hun verhaal nog maar één keer te vertellen.",
    ),
    (
        "own_direction",
        "resident",
        "Zelf weer aan het roer",
        "Na een gesprek met de cliëntondersteuner heb ik zelf bepaald welke hulp ik wil. Ik "
        "regel nu zelf mijn afspraken.",
        "Mij en mijn partner.",
        "Ik voel me weer baas over mijn eigen leven.",
    ),
    (
        "access",
        "partner",
        "Sneller de juiste hulp na de spoedpost",
        "Mensen die 's avonds bij de huisartsenpost komen met een sociale vraag, worden de "
        "volgende dag gebeld door het wijkteam.",
        "Inwoners met een hulpvraag die niet medisch is.",
        "Minder mensen komen terug op de spoedpost; de vraag wordt echt opgelost.",
    ),
    (
        "living",
        "partner",
        "Een gezonde schoolomgeving",
        "Vier scholen hebben samen met de gemeente de snoepautomaat vervangen door een waterpunt.",
        "Kinderen op vier basisscholen.",
        "Kinderen drinken meer water; ouders vragen om meer van dit soort afspraken.",
    ),
]


def clear_governance_demo() -> None:
    Lesson.objects.filter(is_demo=True).delete()
    Action.objects.filter(decision__is_demo=True).delete()
    Decision.objects.filter(is_demo=True).delete()
    PulseResponse.objects.filter(is_demo=True).delete()
    Story.objects.filter(is_demo=True).delete()


@transaction.atomic
def seed_governance_demo(today: dt.date) -> int:
    """Replace the governance demo rows; return how many rows were made."""
    clear_governance_demo()
    quarter = last_closed_quarter(today)
    before = cutoff(quarter) - dt.timedelta(days=3)  # in this quarter's book
    earlier = cutoff(quarter.previous()) + dt.timedelta(days=3)
    leads = list(
        GoalOrganisation.objects.filter(is_demo=True, role=GoalOrganisation.Role.LEAD)
        .filter(status=GoalOrganisation.Status.ACCEPTED)
        .select_related("goal__strategic_goal__theme", "organisation")
        .order_by("goal__code")
    )
    if not leads:
        return 0
    made = _stories(leads, quarter, earlier, before)
    made += _pulse(quarter, before)
    made += _decisions(leads, quarter, earlier, before, today)
    return made


def _stories(leads, quarter: Period, earlier, before) -> int:
    stories = []
    for n, (domain, teller, title, what, whom, why) in enumerate(STORIES):
        link = leads[(n * 5) % len(leads)]
        resident = teller == "resident"
        stories.append(
            Story(
                goal=link.goal,
                quarter=str(quarter),
                domain=domain,
                title=title,
                what_changed=what,
                for_whom=whom,
                why_it_matters=why,
                teller=teller,
                organisation=None if resident or teller == "team" else link.organisation,
                name="Inwoner uit Emmen (demo)" if resident else "",
                consent=True,
                status=Story.Status.PUBLISHED,
                published_at=earlier,
                shortlisted_at=earlier if n < 3 else None,
                is_demo=True,
            )
        )
    Story.objects.bulk_create(stories)
    chosen = stories[0]
    Story.objects.filter(pk=chosen.pk).update(
        selected_at=before,
        selection_reason="Het laat zien dat samenwerking tussen huisarts en wijk meteen "
        "verschil maakt voor eenzame ouderen; precies waar het plan om draait.",
        verified_at=before,
        verified_by="Programmateam (demo)",
        verification="Nagebeld met de buurtsportcoach en de huisartsenpraktijk.",
    )
    Story.objects.filter(is_demo=True).update(created_at=earlier)
    return len(stories)


def _pulse(quarter: Period, before) -> int:
    """Two quarters of answers: on the regio-opgave with the most committed organisations,
    enough of them to be shown; elsewhere too few (shown as a count only)."""
    rows = []
    scores = [(4, 3, 3, 4, 2), (3, 4, 2, 3, 2), (5, 4, 3, 4, 3), (4, 4, 3, 3, 2)]
    for theme in Theme.objects.order_by("code"):
        orgs = list(
            {
                link.organisation
                for link in GoalOrganisation.objects.filter(
                    is_demo=True, goal__strategic_goal__theme=theme
                ).select_related("organisation")
            }
        )[:4]
        for step, q in enumerate((quarter.previous(), quarter)):
            for n, org in enumerate(sorted(orgs, key=lambda o: o.pk)):
                a, b, c, d, e = scores[(n + step) % len(scores)]
                rows.append(
                    PulseResponse(
                        organisation=org,
                        theme=theme,
                        quarter=str(q),
                        shared_goals=a,
                        trust=b,
                        decisions=min(5, c + step),
                        information=d,
                        residents=e,
                        remark="Demo: graag vaker samen aan tafel.",
                        is_demo=True,
                    )
                )
    PulseResponse.objects.bulk_create(rows)
    PulseResponse.objects.filter(is_demo=True).update(created_at=before)
    return len(rows)


def _decisions(leads, quarter: Period, earlier, before, today: dt.date) -> int:
    question = (
        ProgressUpdate.objects.filter(is_demo=True, period=str(quarter), status="approved")
        .exclude(board_question="")
        .select_related("organisation")
        .first()
    )
    owner = leads[0].organisation
    second = leads[len(leads) // 2].organisation
    first = Decision.objects.create(
        quarter=str(quarter.previous()),
        decided_on=earlier.date(),
        title="Financiering na 2025 agenderen bij gemeenten en zorgverzekeraar",
        text="De programmaraad vraagt de trekkers om een voorstel voor structurele financiering.",
        question=question,
        is_demo=True,
    )
    second_decision = Decision.objects.create(
        quarter=str(quarter),
        decided_on=before.date(),
        title="Doelen zonder trekker actief aanbieden aan de brede coalitie",
        text="Het programmateam nodigt per regio-opgave organisaties uit voor de doelen zonder "
        "trekker.",
        is_demo=True,
    )
    first.goals.set([leads[0].goal])
    second_decision.goals.set([link.goal for link in leads[:2]])
    due_past = before.date() - dt.timedelta(days=20)
    actions = [
        (
            first,
            "Voorstel structurele financiering schrijven",
            owner,
            due_past,
            "in_progress",
            "Eerste versie besproken met twee gemeenten.",
        ),
        (
            first,
            "Zorgverzekeraar uitnodigen voor de programmaraad",
            second,
            due_past,
            "done",
            "Zilveren Kruis schoof aan in de vergadering; afspraken volgen.",
        ),
        (first, "Inventarisatie lokale budgetten", owner, due_past, "open", ""),
        (
            second_decision,
            "Uitnodigingen versturen voor doelen zonder trekker",
            owner,
            today + dt.timedelta(days=60),
            "open",
            "",
        ),
        (
            second_decision,
            "Regionale kennisbank opzetten",
            second,
            today + dt.timedelta(days=90),
            "cancelled",
            "Vervallen: past in het IZA-programma.",
        ),
    ]
    for decision, text, org, due, status, outcome in actions:
        action = Action.objects.create(
            decision=decision, text=text, owner=org, due=due, status=status, outcome=outcome
        )
        if status != "open":
            update = ActionUpdate.objects.create(action=action, status=status, text=outcome)
            ActionUpdate.objects.filter(pk=update.pk).update(at=before - dt.timedelta(days=1))
    Decision.objects.filter(pk=first.pk).update(created_at=earlier)
    Decision.objects.filter(pk=second_decision.pk).update(created_at=before)
    lesson = Lesson.objects.create(
        quarter=str(quarter),
        title="Verhalen maken de cijfers begrijpelijk",
        text="De programmaraad besprak de cijfers over eenzaamheid pas echt toen het verhaal "
        "uit Emmen-Zuid erbij lag. Vanaf nu staat bij elk KPI-overzicht minstens één verhaal.",
        is_demo=True,
    )
    lesson.goals.set([leads[0].goal])
    lesson.stories.set(Story.objects.filter(is_demo=True, selected_at__isnull=False))
    lesson.decisions.set([second_decision])
    Lesson.objects.filter(pk=lesson.pk).update(created_at=before)
    return 2 + len(actions) + 1
