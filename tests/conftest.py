"""Shared fixtures: the seeded database (on request) and the personas (anonymous, clinician,
curator, reviewer, admin).

The full curated seed is loaded only for tests that ask for it:
- a test function takes the ``seeded`` fixture (``def test_x(client, seeded): ...``), or a
  module says ``pytestmark = pytest.mark.usefixtures("seeded")``;
- everything under tests/clinical, tests/products and tests/e2e gets it from the directory's
  conftest.py;
- a module- or session-scoped fixture that reads the seed depends on ``seeded_session``.
Every other database test starts from the migrated schema plus whatever it builds with
tests/factories.py; it must not depend on whether another test already loaded the seed in the
same process (the seed stays loaded for the rest of that process once it is in).
``pytest --seed-free`` runs only those tests, with the seed never loaded, to show it.

The seed is loaded once per run and copied to each xdist worker (tests/seeding.py).
"""

import os

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from drugs import services
from tests import seeding

_SEED = {"in": False, "cache_dir": None}


def pytest_configure(config):
    from django.conf import settings

    # Django's advice for test speed: a fast hasher. The production one (PBKDF2, a million
    # rounds) costs ~0.5 s of CPU per created user and per sign-in, i.e. minutes per run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _isolate_worker_cache(settings)


def _isolate_worker_cache(settings):
    """xdist workers share one Redis database: give each worker's cache its own key prefix,
    and make ``cache.clear()`` empty only that prefix (django-redis would FLUSHDB, wiping the
    other worker's cache and throttle counts in the middle of its tests)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not (worker and settings.REDIS_URL):
        return
    from asgiref.local import Local
    from django.core.cache import caches
    from django_redis.client import DefaultClient

    prefix = f"{settings.CACHES['default'].get('KEY_PREFIX', 'lactrx')}-test-{worker}"
    settings.CACHES["default"]["KEY_PREFIX"] = prefix
    caches.__dict__.pop("settings", None)  # re-read CACHES if a cache was opened already
    caches.close_all()
    caches._connections = Local(caches.thread_critical)

    def clear_this_worker(self, client=None):
        client = client or self.get_client(write=True)
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            client.delete(key)

    DefaultClient.clear = clear_this_worker


# The longest files first, so that no worker is left with one of them at the end of a parallel
# run; the first seeded file and a seed-free one lead, so one worker runs seed-free tests while
# the other loads the seed. Files not listed keep their order after these.
HEAVY_FIRST = (
    "tests/clinical/test_safety_sweep.py",  # seeded: its worker loads the seed
    "tests/engine/test_engine_properties.py",  # seed-free, while the seed loads
    "tests/products/test_product_matrix.py",
    "tests/fixtures_build/test_build_seed.py",  # seed-free
    "tests/drugs/test_workflow.py",  # seed-free
    "tests/foundation/test_settings.py",  # seed-free
    "tests/security/test_headers.py",  # seed-free
    "tests/clinical/test_parent_text.py",
    "tests/security/test_role_matrix.py",
    "tests/products/test_not_found_table.py",
    "tests/clinical/test_scenarios.py",
    "tests/e2e/test_clinician_flow.py",
    "tests/security/test_fuzz_api_cds.py",
)


def pytest_addoption(parser):
    parser.addoption(
        "--seed-free",
        action="store_true",
        help="Run only the tests that do not ask for the curated seed (it is never loaded): "
        "shows that they stand on their own.",
    )


def _wants_seed(item) -> bool:
    return "seeded_session" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(config, items):
    if config.getoption("seed_free"):
        dropped = [item for item in items if _wants_seed(item)]
        items[:] = [item for item in items if not _wants_seed(item)]
        config.hook.pytest_deselected(items=dropped)
    rank = {path: index for index, path in enumerate(HEAVY_FIRST)}
    root = config.rootpath

    def key(item):
        path = item.path.relative_to(root).as_posix() if item.path.is_relative_to(root) else ""
        return rank.get(path, len(rank))

    items.sort(key=key)  # stable: the order inside each file is kept


def _seed_cache_dir(config, tmp_path_factory):
    if _SEED["cache_dir"] is None:
        base = tmp_path_factory.getbasetemp()
        # xdist workers get basetemp/popen-gwN: the parent is shared by the whole run.
        shared = base.parent if hasattr(config, "workerinput") else base
        _SEED["cache_dir"] = shared / "lactrx-seed"
    return _SEED["cache_dir"]


@pytest.fixture(scope="session")
def seeded_session(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The curated seed, loaded and published in this process's test database (once)."""
    with django_db_blocker.unblock():
        seeding.seed_into_database(_seed_cache_dir(request.config, tmp_path_factory))
    _SEED["in"] = True
    return True


@pytest.fixture
def seeded(seeded_session, db):
    """The test uses the curated seed monographs (see the module docstring)."""
    return True


def _flushes_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or (len(marker.args) > 0 and marker.args[0])
    )
    names = getattr(item, "fixturenames", ())
    return bool(transactional) or "transactional_db" in names or "live_server" in names


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test flushes every table when it ends; put the seed back at once when
    this process had it, so later seeded tests (and session fixtures) still find it."""
    result = yield
    if _SEED["in"] and _flushes_database(item):
        blocker = item.config.stash[_blocker_key()]
        with blocker.unblock():
            if not seeding.seed_present():
                seeding.seed_into_database(_SEED["cache_dir"])
    return result


def _blocker_key():
    from pytest_django.plugin import blocking_manager_key

    return blocking_manager_key


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
