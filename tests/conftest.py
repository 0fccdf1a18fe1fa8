"""Shared fixtures: the real plan loaded once per test database, and one user per role."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts import roles
from regioplan.models import GoalOrganisation, OperationalGoal, Organisation


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real plan once; every test runs in a transaction on top of it."""
    with django_db_blocker.unblock():
        call_command("load_regioplan", verbosity=0)


@pytest.fixture(autouse=True)
def _plan_is_present(request, django_db_blocker):
    """Live-server tests run in committed transactions and empty the database afterwards.
    Without xdist pytest-django runs them last; with xdist (`-n`) a worker may run other
    files after them, so put the plan and the role groups back (committed) when they are gone.
    One query per database test."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "db" not in request.fixturenames:
        return
    if marker is not None and (
        marker.kwargs.get("transaction") or "transactional_db" in request.fixturenames
    ):
        return
    if "live_server" in request.fixturenames or "transactional_db" in request.fixturenames:
        return
    request.getfixturevalue("django_db_setup")
    from accounts import roles
    from regioplan.models import Plan

    with django_db_blocker.unblock():
        if not Plan.objects.exists():
            for name in roles.ROLES:
                Group.objects.get_or_create(name=name)
            call_command("load_regioplan", verbosity=0)


@pytest.fixture
def plan(db):
    from regioplan.models import Plan

    return Plan.objects.get(slug="regioplan-drenthe")


def _user(django_user_model, username, role=None, organisation=None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password="pw", organisation=organisation, **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def programme_team(django_user_model):
    return _user(django_user_model, "pt", roles.PROGRAMME_TEAM, first_name="Pim")


@pytest.fixture
def other_programme_team(django_user_model):
    return _user(django_user_model, "pt2", roles.PROGRAMME_TEAM, first_name="Pam")


@pytest.fixture
def partner(django_user_model):
    return _user(
        django_user_model, "partner-a", roles.PARTNER, Organisation.objects.get(name="GGD Drenthe")
    )


@pytest.fixture
def board(django_user_model):
    return _user(django_user_model, "board", roles.BOARD)


@pytest.fixture
def admin_user(django_user_model):
    return _user(django_user_model, "admin", roles.ADMIN, is_superuser=True, is_staff=True)


@pytest.fixture
def client_as(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def partner_b(django_user_model):
    return _user(
        django_user_model, "partner-b", roles.PARTNER, Organisation.objects.get(name="Cosis")
    )


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Connectors never reach the internet in tests: they get recorded responses."""

    def refuse(url):
        raise RuntimeError(f"network access in a test: {url}")

    monkeypatch.setattr("monitoring.sources.cbs.http_fetch", refuse)


@pytest.fixture
def coordinator(django_user_model):
    return _user(
        django_user_model,
        "coordinator",
        roles.COORDINATOR,
        Organisation.objects.get(name="Zorgbelang Drenthe"),
        first_name="Zora",
    )


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits and throttles live in the cache: every test starts with an empty one."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def ggd_goal(plan):
    """2.3.1.B (healthy living, with the lifestyle KPIs), carried by GGD Drenthe as partner."""
    goal = OperationalGoal.objects.get(code="2.3.1.B")
    GoalOrganisation.objects.create(
        goal=goal, organisation=Organisation.objects.get(name="GGD Drenthe"), role="partner"
    )
    return goal


@pytest.fixture
def page_cache(settings):
    """The shared "pages" cache switched on (tests run with it off): Redis, as in production,
    when REDIS_URL is set and Redis answers (a key prefix per test process), else local memory.
    Yields (cache, keys) where keys() lists the stored keys of this test."""
    import os
    import uuid

    from django.core.cache import caches

    url = os.environ.get("REDIS_URL")
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    pages = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": prefix}
    if url and _redis_answers(url):
        pages = {
            "BACKEND": "core.resilience.TolerantRedisCache",  # as in production
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    settings.CACHES = {**settings.CACHES, "pages": pages}
    cache = caches["pages"]
    yield cache
    if pages["BACKEND"].endswith("RedisCache"):
        client = cache._cache.get_client(write=True)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
    else:
        cache.clear()


def _redis_answers(url: str) -> bool:
    import socket
    from urllib.parse import urlparse

    parsed = urlparse(url)
    try:
        socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1).close()
    except OSError:
        return False
    return True


def cached_keys(cache) -> list[str]:
    """The keys a test stored in the pages cache, whichever backend it is."""
    if hasattr(cache, "_cache") and hasattr(cache._cache, "get_client"):
        client = cache._cache.get_client()
        return [k.decode() for k in client.scan_iter(f"{cache.key_prefix}:*")]
    return list(cache._cache)


def approved_before_cutoff(quarter, *, days: int = 1) -> None:
    """Date every approval (figures and progress updates) to before `quarter`'s cut-off: tests
    make their data today, for a quarter whose book (monitoring.periods.cutoff) closed
    earlier."""
    import datetime as dt

    from monitoring.models import Figure, ProgressUpdate
    from monitoring.periods import cutoff

    moment = cutoff(quarter) - dt.timedelta(days=days)
    Figure.objects.filter(status=Figure.Status.APPROVED).update(approved_at=moment)
    ProgressUpdate.objects.filter(status=ProgressUpdate.Status.APPROVED).update(approved_at=moment)
