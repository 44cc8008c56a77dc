"""Shared fixtures: the seeded database and the personas (anonymous, clinician, curator,
reviewer, admin)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from drugs import services


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load and publish the seed monographs once per test session."""
    with django_db_blocker.unblock():
        call_command("seed", "--no-progress", verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (search results and verdicts are cached)."""
    from django.core.cache import cache

    from lactmed.throttles import throttle_cache

    cache.clear()
    throttle_cache.reset()  # the per-process fallback counts used while the cache is down
    yield
    cache.clear()
    throttle_cache.reset()


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks run in-process unless a test drives a real worker (marked `services`).

    With REDIS_URL set (the PostgreSQL + Redis CI run) nothing consumes the queue during the
    tests, so a queued task would never finish.
    """
    from lactmed.celery import app

    real_worker = request.node.get_closest_marker("services") is not None
    saved = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    # A `services` test sends tasks through the broker to a real worker process.
    app.conf.task_always_eager = not real_worker
    app.conf.task_eager_propagates = not real_worker
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture
def seeded(db):
    """Marker fixture: the test uses the seeded monographs (loaded once per session)."""
    return True


def _user(username: str, *groups: str, **extra):
    user = get_user_model().objects.create_user(
        username=username, password="correct-horse-battery-staple-42", **extra
    )
    for name in groups:
        group, _ = Group.objects.get_or_create(name=name)
        user.groups.add(group)
    return user


@pytest.fixture
def clinician(db):
    """A signed-in clinician: no curation rights."""
    return _user("dr-clinician")


@pytest.fixture
def curator(db):
    return _user("curator-ana", services.CURATOR_GROUP, is_staff=True)


@pytest.fixture
def curator2(db):
    return _user("curator-ben", services.CURATOR_GROUP, is_staff=True)


@pytest.fixture
def reviewer(db):
    return _user("reviewer-rosa", services.REVIEWER_GROUP, is_staff=True)


@pytest.fixture
def reviewer2(db):
    return _user("reviewer-sam", services.REVIEWER_GROUP, services.CURATOR_GROUP, is_staff=True)


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser(
        username="site-admin", password="correct-horse-battery-staple-42"
    )
