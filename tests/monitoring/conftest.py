import pytest

from regioplan.models import GoalOrganisation, OperationalGoal, Organisation


@pytest.fixture
def ggd_goal(plan):
    """2.3.1.B (healthy living, with the lifestyle KPIs), carried by GGD Drenthe as partner."""
    goal = OperationalGoal.objects.get(code="2.3.1.B")
    GoalOrganisation.objects.create(
        goal=goal, organisation=Organisation.objects.get(name="GGD Drenthe"), role="partner"
    )
    return goal
