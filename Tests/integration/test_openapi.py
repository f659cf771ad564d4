"""docs/openapi.yaml is the HTTP contract: a schema-driven test (schemathesis) runs every
documented operation against a real server with seeded leads, and plain checks keep the list of
routes the server answers and the document in step.

schemathesis generates requests from the document (its examples, boundary and negative values of
every parameter, random ones) and checks each answer: no 5xx but the documented ones, a documented
status code, Content-Type and headers, a body that matches the schema. Bounded and derandomized:
``MAX_EXAMPLES`` per operation, a fixed seed, no stateful phase.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit
from pathlib import Path

import pytest
import schemathesis
import yaml
from openapi_spec_validator import validate as validate_openapi

import daigang_client as dc
from http_helpers import http_get
from leads_support import EMP_HX, apply_all, apply_message, post_followup
from repo_paths import REPO_ROOT

OPENAPI = REPO_ROOT / "docs" / "openapi.yaml"
# 32+ characters: a right token this long passes even while the address is throttled, so the
# wrong tokens schemathesis sends cannot lock the test out of the API it tests.
HR_TOKEN = "hr-openapi-contract-token-0123456789abcdef"
MAX_EXAMPLES = 12
SEED = 20251202
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    # Another method on a documented path: 405 with Allow, and OPTIONS' Allow names exactly the
    # documented methods (HEAD implied by GET).
    "unsupported_method",
    "allow_header_conformance",
)
# TRACE and QUERY are answered 403 (text/html) by libwebsockets before the server sees them.
UNEXPECTED_METHODS = ["PUT", "POST", "DELETE", "PATCH", "OPTIONS"]

# Every route the server answers, as (method, path template). A route added to the server goes
# here and into the document; test_every_route_is_documented fails until both are done.
ROUTES = {
    ("get", "/"),
    ("get", "/healthz"),
    ("get", "/host"),
    ("get", "/hr"),
    ("get", "/qr.svg"),
    ("get", "/readyz"),
    ("get", "/version"),
    ("get", "/api/leads"),
    ("get", "/api/leads.csv"),
    ("get", "/api/leads/{id}"),
    ("post", "/api/leads/{id}/followups"),
    ("get", "/api/sessions/{id}"),
    ("get", "/api/sessions/{id}/jobs/{jobId}/poster.png"),
    ("get", "/api/sessions/{id}/poster.png"),
}
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
# Paths the server's sources name that are not HTTP routes of their own: the WebSocket endpoint
# (PROTOCOL.md) and the static files behind /, /host and /hr.
NOT_ROUTES = {"/ws", "/index.html", "/host.html", "/hr.html"}
SERVER_SOURCES = REPO_ROOT / "Sources" / "DaigangServer"
PATH_LITERAL = re.compile(r'"(/[A-Za-z0-9_.{}/-]*)"')


def load_document() -> dict:
    return yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))


def documented_routes(document: dict) -> set[tuple[str, str]]:
    return {(method, path) for path, item in document["paths"].items() for method in item if method in HTTP_METHODS}


def contract_config(tmp_dir: Path) -> dict:
    """The default test session with an HR token long enough to pass the sign-in throttle."""
    config = dc.make_config(tmp_dir)
    next(e for e in config["employers"] if e["id"] == EMP_HX)["hrToken"] = HR_TOKEN
    return config


@pytest.fixture
def contract_server(start_daigang, tmp_path):
    """A server whose HR (hx-electronics) has leads L000001.. with a follow-up, as the document's examples name."""
    server = start_daigang(contract_config(tmp_path / "cfg"))
    applied = apply_all(
        server,
        [
            apply_message(dc.JOB_FULL, "13812345678", name="张三", hometown="河南周口", note="可以马上到岗"),
            apply_message(dc.JOB_MIN, "13900001111", name="李四"),
            apply_message(dc.JOB_MID, "15012345678", name="王五"),
        ],
    )
    assert applied[0]["leadId"] == "L000001", applied
    resp = post_followup(server, HR_TOKEN, "L000001", {"status": "contacted", "note": "周三面试"})
    assert resp.status == 201, resp.body
    return server


@pytest.fixture
def contract_schema(contract_server):
    config = schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "base-url": contract_server.http_url,
            "request-timeout": 30,
            "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large"],
            "auth": {"openapi": {"hrBearer": {"bearer": HR_TOKEN}}},
            # allow-x00: libwebsockets closes the connection, unanswered, on a %00 in the path or
            # query (it refuses to decode it) before the server sees the request.
            "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none", "allow-x00": False},
            "phases": {"stateful": {"enabled": False}, "coverage": {"unexpected-methods": UNEXPECTED_METHODS}},
            "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
        }
    )
    return schemathesis.openapi.from_path(OPENAPI, config=config)


schema = schemathesis.pytest.from_fixture("contract_schema")


# Statuses each operation answered in the run, by operation label ("GET /healthz").
REACHED: dict[str, set[int]] = {}


@schema.parametrize()
def test_server_conforms_to_openapi(case):
    response = case.call_and_validate()
    REACHED.setdefault(case.operation.label, set()).add(response.status_code)


def test_the_contract_run_reached_every_success():
    """Random ids only reach 404s: the document's examples (seeded data) must reach each 2xx, and
    its If-None-Match examples the 304s, or the run above checked little but errors."""
    if not REACHED:
        pytest.skip("runs after test_server_conforms_to_openapi, in the same session")
    document = load_document()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            label = f"{method.upper()} {path}"
            wanted = {int(code) for code in operation["responses"] if code in ("200", "201", "302", "304")}
            assert wanted <= REACHED.get(label, set()), f"{label}: never answered {sorted(wanted - REACHED.get(label, set()))}"


def test_document_is_valid_openapi_3_1():
    document = load_document()
    validate_openapi(document)
    assert document["openapi"].startswith("3.1")


def test_every_route_is_documented():
    documented = documented_routes(load_document())
    assert ROUTES - documented == set(), "routes the server answers that docs/openapi.yaml leaves out"
    assert documented - ROUTES == set(), "documented routes missing from ROUTES (does the server answer them?)"


def test_every_path_the_server_routes_is_documented():
    """A path literal in the server's routing code is a documented path (or the prefix of some),
    so a route added to the server without the document fails here even if ROUTES forgets it."""
    documented = set(load_document()["paths"])
    named = {m for source in SERVER_SOURCES.glob("*.swift") for m in PATH_LITERAL.findall(source.read_text(encoding="utf-8"))}
    assert named, "no path literals found: has the routing code moved?"
    undocumented = {
        path for path in named - NOT_ROUTES
        if path not in documented and not (path.endswith("/") and any(d.startswith(path) for d in documented))
    }
    assert undocumented == set(), "paths the server routes that docs/openapi.yaml does not describe"


def test_document_paths_are_sorted_by_prefix():
    """Pages and probes first, then /api/… in order: fragments merge by inserting at their prefix."""
    paths = list(load_document()["paths"])
    pages = [p for p in paths if not p.startswith("/api/")]
    api = [p for p in paths if p.startswith("/api/")]
    assert paths == pages + api
    assert pages == sorted(pages) and api == sorted(api)


def test_unauthorized_answers_match_the_document(daigang):
    """schemathesis signs every HR request in; the 401 the document promises is checked here."""
    document = load_document()
    challenge = document["components"]["headers"]["WWWAuthenticate"]["schema"]["const"]
    for path in ("/api/leads", "/api/leads.csv", "/api/leads/L000001"):
        resp = http_get(daigang, path)
        assert resp.status == 401, (path, resp.body)
        assert resp.headers.get("WWW-Authenticate") == challenge
        assert resp.json()["error"] == "unauthorized"


@pytest.mark.parametrize("lang", ["en", "a&session=x#y", "中文", "a b+c%"])
def test_the_redirect_keeps_lang_as_one_encoded_argument(daigang, lang):
    """lws hands the server decoded arguments: the redirect encodes `lang` again, so it stays one
    argument (no smuggled `session=`) and the Location header stays ASCII, as the document says."""
    pattern = load_document()["components"]["headers"]["Location"]["schema"]["pattern"]
    for page in ("/", "/host", "/hr"):
        resp = http_get(daigang, f"{page}?lang={quote(lang, safe='')}")
        assert resp.status == 302, (page, resp.body)
        location = resp.headers.get("Location")
        assert re.match(pattern, location), location
        assert parse_qs(urlsplit(location).query) == {"session": [dc.SESSION_ID], "lang": [lang]}, location

