"""/api/schema/ is a valid OpenAPI 3 document with our examples; /api/docs/ uses no CDN."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api):
    response = api.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi(schema):
    from drf_spectacular.validation import validate_schema

    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises on an invalid document


def test_schema_lists_every_operation_and_no_write_on_drugs(schema):
    paths = schema["paths"]
    assert set(paths["/api/v1/drugs/"]) == {"get"}
    assert set(paths["/api/v1/drugs/{slug}/"]) == {"get"}
    assert set(paths["/api/v1/advice"]) == {"post"}
    assert set(paths["/api/v1/advice/regimen"]) == {"post"}
    assert not any(p.startswith("/cds-services") for p in paths)


def test_schema_carries_examples_and_error_responses(schema):
    advice = schema["paths"]["/api/v1/advice"]["post"]
    request_examples = advice["requestBody"]["content"]["application/json"]["examples"]
    assert any(e["value"].get("drug") == "sertraline" for e in request_examples.values())
    for status in ("200", "400", "401", "413", "415", "429"):
        assert status in advice["responses"]
    bad = advice["responses"]["400"]["content"]["application/json"]["examples"]
    assert any("suggestions" in e["value"] for e in bad.values())
    props = schema["components"]["schemas"]["ScenarioInput"]["properties"]
    assert {"drug", "dose_mg", "regimen", "route", "activity_mbq", "dose_time"} <= set(props)


def test_schema_yaml_is_default(api):
    response = api.get("/api/schema/")
    assert response.status_code == 200
    assert b"openapi: 3" in response.content


def test_docs_page_serves_local_assets_only():
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert urls
    assert all(u.startswith("/") and not u.startswith("//") for u in urls), urls
    script = Client().get("/api/docs/", {"script": ""})
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()
    assert "http://" not in script.content.decode().replace("http://testserver", "")


def test_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/advice" in target.read_text()
