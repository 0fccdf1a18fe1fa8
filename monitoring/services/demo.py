"""Plausible demo figures and progress updates for 2024–2026, marked as demo everywhere.

Used by README command 1 and the benchmarks. Never written to the plan data file.
`scale` multiplies the volume: extra demo KPIs (copies of the plan's KPIs) and extra demo
partner organisations reporting on every goal.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from core import maps
from regioplan.models import (
    GoalOrganisation,
    Municipality,
    Neighbourhood,
    OperationalGoal,
    Organisation,
)

from ..models import Figure, Kpi, KpiTarget, ProgressUpdate, UpdateFigure, UpdateTransition
from ..periods import Period, quarters_between, reporting_quarter

# Rounded population figures, for plausible weights only (demo data).
POPULATION = {
    "GM0106": 69000,
    "GM0109": 35500,
    "GM0114": 108000,
    "GM0118": 56000,
    "GM0119": 35000,
    "GM1680": 25800,
    "GM1681": 25500,
    "GM1690": 24500,
    "GM1699": 32500,
    "GM1701": 19800,
    "GM1730": 34500,
    "GM1731": 33500,
}
YEARS = (2024, 2025, 2026)
NARRATIVE = {
    "done": [
        "Twee bijeenkomsten met wijkteams gehouden.",
        "Werkgroep gestart met huisartsen en welzijn.",
        "Pilot in drie dorpen afgerond.",
        "Afspraken gemaakt met de gemeenten over financiering.",
    ],
    "next_steps": [
        "Uitbreiden naar twee gemeenten.",
        "Evaluatie met inwoners plannen.",
        "Resultaten delen in het netwerk.",
    ],
    "obstacles": [
        "",
        "",
        "Te weinig capaciteit bij de partners.",
        "Financiering na 2025 is nog onzeker.",
    ],
    "resident_involvement": [
        "Inwonerspanel dacht mee over de opzet.",
        "Ervaringsdeskundigen in de werkgroep.",
        "",
    ],
}
# A question for the board follows from the obstacle (no extra random draw: the demo data of
# earlier versions stays the same).
BOARD_QUESTIONS = {
    "Financiering na 2025 is nog onzeker.": "Wil de programmaraad de financiering na 2025 "
    "agenderen bij de gemeenten en de zorgverzekeraar?",
    "Te weinig capaciteit bij de partners.": "Kan de programmaraad de partners vragen mensen "
    "vrij te maken voor dit doel?",
}


# Demo data of apps above monitoring (governance's stories, pulse and decisions), registered
# in their AppConfig.ready(): each `seed(today)` replaces its own demo rows.
_SEEDERS: dict = {}


def register_demo(key: str, seed) -> None:
    _SEEDERS[key] = seed


def clear_demo() -> None:
    UpdateFigure.objects.filter(update__is_demo=True).delete()
    Figure.all_levels.filter(is_demo=True).delete()  # wijk figures too
    ProgressUpdate.objects.filter(is_demo=True, previous__isnull=False).delete()
    ProgressUpdate.objects.filter(is_demo=True).delete()
    Kpi.objects.filter(is_demo=True).delete()
    GoalOrganisation.objects.filter(organisation__is_demo=True).delete()
    GoalOrganisation.objects.filter(is_demo=True).delete()
    Organisation.objects.filter(is_demo=True).delete()


def _value(rng: random.Random, kpi: Kpi, step: int, municipality: Municipality | None) -> Decimal:
    if kpi.unit == Kpi.Unit.COUNT:
        base = (
            POPULATION.get(municipality.cbs_code, 30000)
            if municipality
            else sum(POPULATION.values())
        )
        return Decimal(int(base * (1 + 0.003 * step)))
    target = next(iter(kpi.targets.all()), None)
    goal = float(target.value) if target else 50.0
    start = goal * (1.35 if kpi.direction == Kpi.Direction.LOWER else 0.6) if goal else 12.0
    value = start + (goal - start) * step / 10 + rng.uniform(-2, 2)
    high = 100 if kpi.unit == Kpi.Unit.PERCENTAGE else 1000
    return Decimal(str(round(min(max(value, 0), high), 1)))


@transaction.atomic
def seed_demo(*, scale: int = 1, today: dt.date | None = None, seed: int = 2040) -> dict[str, int]:
    """Replace the demo data: figures and updates up to the reporting quarter of `today`."""
    rng = random.Random(seed)
    clear_demo()
    last = reporting_quarter(today)
    kpis = _demo_kpis(scale)
    # Nothing is dated after today: demo data follows the rules real data follows.
    now = dt.datetime.combine(today or dt.date.today(), dt.time(12), tzinfo=dt.UTC)
    figures = _demo_figures(rng, kpis, last, now)
    Figure.objects.bulk_create(figures, batch_size=2000)
    # Wijk figures from a random stream of their own: the rest of the demo stays as it was.
    Figure.all_levels.bulk_create(_demo_wijk_figures(figures, seed), batch_size=2000)
    goals = list(
        OperationalGoal.objects.exclude(status=OperationalGoal.Status.ARCHIVED).prefetch_related(
            "organisation_links__organisation"
        )
    )
    demo_orgs = _demo_partners(goals, scale)
    commitments = demo_commitments(goals, now)
    updates = _demo_updates(rng, goals, demo_orgs, last, now)
    municipal, joined = _municipal_partners(goals, updates, last, now)
    updates += municipal
    commitments += joined
    ProgressUpdate.objects.bulk_create(updates, batch_size=2000)
    UpdateTransition.objects.bulk_create(
        (
            UpdateTransition(
                update=u,
                from_status="submitted" if u.status in ("approved", "returned") else "",
                to_status=u.status,
                reason="Demodata",
            )
            for u in updates
        ),
        batch_size=2000,
    )
    extra = {key: seed(today or dt.date.today()) for key, seed in _SEEDERS.items()}
    return {
        "figures": len(figures),
        "updates": len(updates),
        "kpis": len(kpis),
        "commitments": commitments,
        **extra,
    }


def _demo_kpis(scale: int) -> list[Kpi]:
    """The plan's raw KPIs, plus demo copies of them for scales above 1 (more volume)."""
    plan_kpis = list(
        Kpi.objects.filter(is_demo=False, kind=Kpi.Kind.RAW).prefetch_related("targets", "goals")
    )
    kpis = list(plan_kpis)
    for copy in range(2, scale + 1):
        for kpi in plan_kpis:
            clone = Kpi.objects.create(
                code=f"demo-{copy}-{kpi.code}"[:60],
                name=f"{kpi.name} (demo {copy})",
                unit=kpi.unit,
                direction=kpi.direction,
                frequency=kpi.frequency,
                level=kpi.level,
                aggregation=kpi.aggregation,
                source=kpi.source,
                is_demo=True,
            )
            clone.goals.set(kpi.goals.all())
            KpiTarget.objects.bulk_create(
                KpiTarget(kpi=clone, year=t.year, value=t.value) for t in kpi.targets.all()
            )
            kpis.append(clone)
    return list(Kpi.objects.filter(pk__in=[k.pk for k in kpis]).prefetch_related("targets"))


def _demo_figures(rng: random.Random, kpis: list[Kpi], last: Period, now) -> list[Figure]:
    municipalities = list(Municipality.objects.order_by("cbs_code"))
    figures = []
    for kpi in kpis:
        periods = [Period(y) for y in YEARS if Period(y) <= Period(last.year)]
        if kpi.frequency == Kpi.Frequency.QUARTERLY:
            periods = quarters_between(Period(2024, 1), last)
        places = municipalities if kpi.level == Kpi.Level.MUNICIPALITY else [None]
        for step, period in enumerate(periods):
            # Approved ten days after the period, as real figures would be (before the cut-off).
            approved = dt.datetime.combine(
                period.end + dt.timedelta(days=10), dt.time(9), tzinfo=dt.UTC
            )
            approved = min(approved, now)
            for m in places:
                figures.append(
                    Figure(
                        kpi=kpi,
                        period=str(period),
                        municipality=m,
                        value=_value(rng, kpi, step, m),
                        origin=Figure.Origin.MANUAL,
                        source_note="Demodata",
                        is_demo=True,
                        approved_at=approved,
                    )
                )
    return figures


# Demo figures for the real wijken (CBS codes and names, from the shipped wijk boundaries) of
# two municipalities; the figures are flagged demo like the rest.
DEMO_WIJK_MUNICIPALITIES = ("GM0106", "GM0114")


def _demo_wijken() -> dict[str, list[tuple[str, str]]]:
    return {
        code: [(a.code, a.name) for a in maps.wijken(code)] for code in DEMO_WIJK_MUNICIPALITIES
    }


def _demo_wijk_figures(figures: list[Figure], seed: int) -> list[Figure]:
    """Per demo wijk, each municipal figure of its municipality again, a little higher or
    lower (a count split over the wijken); flagged demo like the rest."""
    rng = random.Random(seed + 1)
    wijken = {}
    for code, rows in _demo_wijken().items():
        municipality = Municipality.objects.filter(cbs_code=code).first()
        if municipality is None:
            continue
        wijken[municipality.pk] = []
        for wk, name in rows:
            wijk = Neighbourhood.objects.get_or_create(
                cbs_code=wk, defaults={"name": name, "municipality": municipality}
            )[0]
            if wijk.name.endswith(" (demo)"):  # named by an older demo: CBS's name now
                wijk.name = name
                wijk.save(update_fields=["name"])
            wijken[municipality.pk].append(wijk)
    out = []
    for f in figures:
        rows = wijken.get(f.municipality_id, [])
        total = len(rows) * (len(rows) + 1) // 2  # a count is split over the wijken, unevenly
        for i, wijk in enumerate(rows):
            if f.kpi.unit == Kpi.Unit.COUNT:
                value = Decimal(int(f.value * (i + 1) / total))
            else:
                value = Decimal(str(round(max(float(f.value) + rng.uniform(-6, 6), 0), 1)))
                value = min(value, Decimal(100)) if f.kpi.unit == Kpi.Unit.PERCENTAGE else value
            out.append(
                Figure(
                    kpi=f.kpi,
                    period=f.period,
                    municipality_id=f.municipality_id,
                    neighbourhood=wijk,
                    value=value,
                    origin=Figure.Origin.MANUAL,
                    source_note="Demodata",
                    is_demo=True,
                    approved_at=f.approved_at,
                )
            )
    return out


def _demo_partners(goals: list[OperationalGoal], scale: int) -> list[Organisation]:
    """Demo partner organisations for scales above 1, each a partner on every goal."""
    demo_orgs = [
        Organisation.objects.create(
            name=f"Demo-partner {n}", slug=f"demo-partner-{n}", sector="Demo", is_demo=True
        )
        for n in range(2, scale + 1)
    ]
    GoalOrganisation.objects.bulk_create(
        GoalOrganisation(goal=g, organisation=o, role=GoalOrganisation.Role.PARTNER)
        for g in goals
        for o in demo_orgs
    )
    return demo_orgs


# The demo's own commitments: a few goals with pending, declined and offered ones.
DEMO_PENDING = {
    "2.1.1.A": ("invited", "Wij nodigen u uit dit doel te trekken."),
    "2.1.2.A": ("declined", "Geen capaciteit in 2026; wel partner vanaf 2027."),
    "2.2.1.A": ("offered", "Wij willen dit doel graag trekken."),
}


def demo_commitments(goals: list[OperationalGoal], now: dt.datetime) -> int:
    """Commitments that show every state: about two in three goals with a trekker (the first
    named organisation) since 2024Q1, GGD Drenthe and Cosis as partners where the plan names
    them, a monitoringpartner per regio-opgave, and an invitation pending, one declined and
    an offer waiting for the programme team. The rest have only potential initiators."""
    from regioplan.models import Theme

    R, S = GoalOrganisation.Role, GoalOrganisation.Status
    since = dt.datetime(2024, 1, 10, 9, tzinfo=dt.UTC)
    rows = []
    for goal in goals:
        named = [
            link.organisation
            for link in goal.organisation_links.all()
            if link.role == R.POTENTIAL_INITIATOR and not link.organisation.is_generic
        ]
        if not named or any(
            link.role != R.POTENTIAL_INITIATOR for link in goal.organisation_links.all()
        ):
            continue  # nobody named, or real commitments: those stand
        if goal.code in DEMO_PENDING:
            status, reason = DEMO_PENDING[goal.code]
            rows.append(
                GoalOrganisation(
                    goal=goal,
                    organisation=named[0],
                    role=R.LEAD,
                    status=status,
                    reason=reason,
                    start_quarter="2027Q1",
                    decided_at=now if status == S.DECLINED else None,
                    is_demo=True,
                )
            )
            continue
        if goal.pk % 3 == 0:
            continue  # no trekker yet: only potential initiators
        rows.append(
            GoalOrganisation(
                goal=goal,
                organisation=named[0],
                role=R.LEAD,
                status=S.ACCEPTED,
                start_quarter="2024Q1",
                decided_at=since,
                is_demo=True,
            )
        )
        rows += [
            GoalOrganisation(
                goal=goal,
                organisation=org,
                role=R.PARTNER,
                status=S.ACCEPTED,
                start_quarter="2024Q1",
                decided_at=since,
                is_demo=True,
            )
            for org in named[1:]
            if org.name in ("GGD Drenthe", "Cosis")
        ]
    ggd = Organisation.objects.filter(name="GGD Drenthe").first()
    if ggd:
        rows += [
            GoalOrganisation(
                theme=theme,
                organisation=ggd,
                role=R.MONITORING_PARTNER,
                status=S.ACCEPTED,
                start_quarter="2024Q1",
                decided_at=since,
                is_demo=True,
            )
            for theme in Theme.objects.all()
        ]
    GoalOrganisation.objects.bulk_create(rows)
    return len(rows)


# Each municipality joins one goal the plan names "Gemeenten" for, as a partner since 2024Q1,
# so the aldermen's profiles show what their municipality carries. Their updates are made
# without a random draw (the rest of the demo data stays the same); one skips the last
# quarter (missing).
def _municipal_partners(
    goals, made: list[ProgressUpdate], last: Period, now: dt.datetime
) -> tuple[list[ProgressUpdate], int]:
    municipalities = list(
        Organisation.objects.filter(municipality__isnull=False, is_generic=False).order_by("name")
    )
    generic = [
        g
        for g in goals
        if any(link.organisation.name == "Gemeenten" for link in g.organisation_links.all())
    ]
    if not generic or not municipalities:
        return [], 0
    since = dt.datetime(2024, 1, 10, 9, tzinfo=dt.UTC)
    pairs = [(generic[n % len(generic)], org) for n, org in enumerate(municipalities)]
    GoalOrganisation.objects.bulk_create(
        GoalOrganisation(
            goal=goal,
            organisation=org,
            role=GoalOrganisation.Role.PARTNER,
            start_quarter="2024Q1",
            decided_at=since,
            is_demo=True,
        )
        for goal, org in pairs
    )
    taken = set(ProgressUpdate.objects.values_list("goal_id", "organisation_id", "period"))
    taken |= {(u.goal_id, u.organisation_id, u.period) for u in made}
    updates = []
    for n, (goal, org) in enumerate(pairs):
        for step, q in enumerate(quarters_between(Period(2024, 1), last)):
            if (goal.pk, org.pk, str(q)) in taken or (n == 0 and q == last):
                continue
            at = min(
                dt.datetime.combine(q.end + dt.timedelta(days=8), dt.time(11), tzinfo=dt.UTC), now
            )
            updates.append(
                ProgressUpdate(
                    goal=goal,
                    organisation=org,
                    period=str(q),
                    status=ProgressUpdate.Status.APPROVED,
                    progress="on_track" if (n + step) % 3 else "attention",
                    is_demo=True,
                    done=NARRATIVE["done"][(n + step) % len(NARRATIVE["done"])],
                    next_steps=NARRATIVE["next_steps"][(n + step) % len(NARRATIVE["next_steps"])],
                    submitted_at=at,
                    approved_at=min(at + dt.timedelta(days=2), now),
                )
            )
    return updates, len(pairs)


def _demo_updates(rng, goals, demo_orgs, last: Period, now: dt.datetime) -> list[ProgressUpdate]:
    """Reporting organisations: the first named (non-generic) initiator of each goal, GGD
    Drenthe and Cosis where they are named (the demo partner accounts), and the demo
    partners. Real updates are never touched: demo data fills only the slots nobody
    reported on."""
    quarters = quarters_between(Period(2024, 1), last)
    statuses = list(ProgressUpdate.Progress.values)
    taken = set(ProgressUpdate.objects.values_list("goal_id", "organisation_id", "period"))
    updates = []
    for goal in goals:
        named = [
            link.organisation
            for link in goal.organisation_links.all()
            if not link.organisation.is_generic
        ]
        reporters = list(
            dict.fromkeys(named[:1] + [o for o in named if o.name in ("GGD Drenthe", "Cosis")])
        )
        for org in reporters + demo_orgs:
            progress = rng.choice(statuses[:4])
            for q in quarters:
                if rng.random() < 0.12 or (goal.pk, org.pk, str(q)) in taken:
                    continue  # a reporting gap, or a slot with a real update
                progress = progress if rng.random() < 0.7 else rng.choice(statuses)
                updates.append(_demo_update(rng, goal, org, q, progress, last, now))
    return updates


def _demo_update(rng, goal, org, q: Period, progress: str, last: Period, now) -> ProgressUpdate:
    S = ProgressUpdate.Status
    status = S.APPROVED
    if q == last:
        status = rng.choice([S.APPROVED, S.SUBMITTED, S.DRAFT, S.RETURNED])
    # Most come in ten days after the quarter (on time); one in nine a week after the
    # deadline (late, still before the cut-off). No extra random draw: the rest of the demo
    # data stays the same.
    days = 10 if (goal.pk + org.pk + q.quarter) % 9 else 22
    at = min(dt.datetime.combine(q.end + dt.timedelta(days=days), dt.time(10), tzinfo=dt.UTC), now)
    return ProgressUpdate(
        goal=goal,
        organisation=org,
        period=str(q),
        status=status,
        progress=progress,
        is_demo=True,
        done=rng.choice(NARRATIVE["done"]),
        next_steps=rng.choice(NARRATIVE["next_steps"]),
        obstacles=(obstacles := rng.choice(NARRATIVE["obstacles"])),
        resident_involvement=rng.choice(NARRATIVE["resident_involvement"]),
        board_question=BOARD_QUESTIONS.get(obstacles, ""),
        return_reason="Graag concreter: wat is er precies bereikt?" if status == S.RETURNED else "",
        submitted_at=at if status != S.DRAFT else None,
        approved_at=min(at + dt.timedelta(days=3), now) if status == S.APPROVED else None,
    )
