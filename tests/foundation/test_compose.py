"""No Docker engine runs here, so the compose file is checked by parsing it."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_production_services():
    services = _compose()["services"]
    assert set(services) == {"web", "worker", "beat", "db", "redis"}
    assert services["db"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"
    assert "noeviction" in services["redis"]["command"]
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert "pgdata" in _compose()["volumes"]


def test_app_services_share_the_image_and_wiring():
    services = _compose()["services"]
    for name in ("web", "worker", "beat"):
        service = services[name]
        assert service["build"] == "."
        env = service["environment"]
        assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert "DJANGO_SECRET_KEY" in env
        assert service["depends_on"]["db"]["condition"] == "service_healthy"
        assert service["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "gunicorn lactmed.wsgi:application" in services["web"]["command"]
    assert "migrate" in services["web"]["command"] and "seed" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A lactmed worker")
    assert services["beat"]["command"].startswith("celery -A lactmed beat")


def test_every_service_has_a_healthcheck_except_beat():
    services = _compose()["services"]
    for name in ("web", "worker", "db", "redis"):
        assert "test" in services[name]["healthcheck"], name


def test_dockerfile_runs_gunicorn_as_non_root():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    assert "USER lactrx" in dockerfile
    assert '"gunicorn", "lactmed.wsgi:application"' in dockerfile
