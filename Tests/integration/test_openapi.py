"""docs/openapi.yaml is the HTTP contract: a schema-driven test (schemathesis) runs every
documented operation against a real server with seeded leads, and plain checks keep the list of
routes the server answers and the document in step.

The document under test is docs/openapi.yaml plus every docs/openapi-fragments/*.yaml (a branch's
new routes), merged by ``load_document``: each fragment's ``paths`` and ``components.*`` entries
join the main document's; a path or component name defined twice fails the run (a fragment refers
to the main document's components by name, it never redefines them). Adding a fragment is then:
drop the file in, add its routes to ``ROUTES``, give its parameters examples the seeded server
answers with a 2xx, and (admin routes) mark operations ``security: [{organizerBearer: []}]``; the
organizer token is configured here once main's config takes ``organizerToken``.

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
FRAGMENTS = REPO_ROOT / "docs" / "openapi-fragments"
# Where main's config keys are declared: the organizer token joins the test config once it is one.
CONFIG_KEYS = REPO_ROOT / "Sources" / "DaigangCore" / "Config" / "ConfigFile.swift"
ORGANIZER_TOKEN = "organizer-openapi-contract-token-0123456789"
METRICS_TOKEN = "metrics-openapi-contract-token-0123456789"
# 32+ characters: a right token this long passes even while the address is throttled, so the
# wrong tokens schemathesis sends cannot lock the test out of the API it tests.
HR_TOKEN = "hr-openapi-contract-token-0123456789abcdef"
MAX_EXAMPLES = 12
# The session the admin API's changes work on (the fragments' examples for writes name it).
SCRATCH_SESSION = "s2"
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
    ("get", "/admin"),
    ("get", "/board"),
    ("get", "/report"),
    ("get", "/css/{file}"),
    ("get", "/healthz"),
    ("get", "/host"),
    ("get", "/hr"),
    ("get", "/js/{file}"),
    ("get", "/metrics"),
    ("get", "/qr.svg"),
    ("get", "/readyz"),
    ("get", "/version"),
    ("get", "/api/leads"),
    ("get", "/api/leads.csv"),
    ("get", "/api/leads.xlsx"),
    ("get", "/api/leads/sessions"),
    ("get", "/api/board"),
    ("get", "/api/report"),
    ("get", "/api/report.xlsx"),
    ("get", "/api/leads/{id}"),
    ("post", "/api/leads/{id}/followups"),
    ("get", "/api/board"),
    ("get", "/api/report"),
    ("get", "/api/sessions"),
    ("get", "/api/sessions/{id}"),
    ("get", "/api/sessions/{id}/jobs"),
    ("get", "/api/sessions/{id}/jobs/{jobId}"),
    ("get", "/api/sessions/{id}/jobs/{jobId}/poster.png"),
    ("get", "/api/sessions/{id}/poster.png"),
    # The admin API (fragments accounts.yaml and directory.yaml), organizer's bearer token.
    ("get", "/api/admin/accounts"),
    ("post", "/api/admin/accounts"),
    ("delete", "/api/admin/accounts/{id}"),
    ("get", "/api/admin/employers"),
    ("post", "/api/admin/employers"),
    ("patch", "/api/admin/employers/{id}"),
    ("get", "/api/admin/jobs-template.xlsx"),
    ("get", "/api/admin/policies"),
    ("post", "/api/admin/policies"),
    ("put", "/api/admin/policies/{id}"),
    ("get", "/api/admin/sessions"),
    ("post", "/api/admin/sessions"),
    ("get", "/api/admin/sessions/{id}"),
    ("patch", "/api/admin/sessions/{id}"),
    ("post", "/api/admin/sessions/{id}/copy"),
    ("post", "/api/admin/sessions/{id}/jobs"),
    ("post", "/api/admin/sessions/{id}/jobs/import"),
    ("put", "/api/admin/sessions/{id}/jobs/{jobId}"),
    ("delete", "/api/admin/sessions/{id}/jobs/{jobId}"),
    ("post", "/api/admin/sessions/{id}/library-policies"),
    ("post", "/api/admin/sessions/{id}/policies"),
    ("put", "/api/admin/sessions/{id}/policies/{policyId}"),
    ("delete", "/api/admin/sessions/{id}/policies/{policyId}"),
}
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
# Paths the server's sources name that are not HTTP routes of their own: the WebSocket endpoint
# (PROTOCOL.md), the static files behind /, /host, /hr and /admin and the front door's page (served
# at / without session=), RouteTemplate's metrics labels for any other path under /api/leads/ and
# /api/sessions/, and /api/admin itself (only the paths under it are routes; it answers 404);
# the hometown picker's list, a static file the server also reads at start-up (PROTOCOL.md
# "Hometown picker and origins by prefecture").
NOT_ROUTES = {
    "/ws", "/index.html", "/host.html", "/hr.html", "/admin.html", "/home.html", "/board.html", "/report.html",
    "/data/divisions.json",
    "/api/leads/other", "/api/sessions/other", "/api/admin",
}
SERVER_SOURCES = REPO_ROOT / "Sources" / "DaigangServer"
PATH_LITERAL = re.compile(r'"(/[A-Za-z0-9_.{}/-]*)"')


def document_sources() -> list[Path]:
    """docs/openapi.yaml first, then the fragments in name order."""
    return [OPENAPI, *sorted(FRAGMENTS.glob("*.yaml"))]


def merge_fragment(document: dict, fragment: dict, name: str) -> None:
    """Adds a fragment's ``paths`` and ``components`` sections to ``document``, refusing any
    path or component (schema, response, parameter, header, security scheme) it already has."""
    unknown = set(fragment) - {"paths", "components"}
    assert not unknown, f"{name}: a fragment holds only paths and components, not {sorted(unknown)}"
    for path, item in (fragment.get("paths") or {}).items():
        assert path not in document["paths"], f"{name}: path {path} is already documented"
        document["paths"][path] = item
    for section, entries in (fragment.get("components") or {}).items():
        existing = document.setdefault("components", {}).setdefault(section, {})
        for key, value in entries.items():
            assert key not in existing, f"{name}: components.{section}.{key} is already defined"
            existing[key] = value


def canonical_order(paths: dict) -> dict:
    """Pages and probes first, then /api/…, each sorted: the order every source file keeps."""
    return dict(sorted(paths.items(), key=lambda item: (item[0].startswith("/api/"), item[0])))


def load_document() -> dict:
    """The contract: docs/openapi.yaml with every fragment merged in (``merge_fragment``)."""
    document = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    for source in document_sources()[1:]:
        merge_fragment(document, yaml.safe_load(source.read_text(encoding="utf-8")) or {}, source.name)
    document["paths"] = canonical_order(document["paths"])
    return document


def config_takes(key: str) -> bool:
    """Whether main's config file declares ``key`` (an unknown key is refused at start-up)."""
    return re.search(rf"\b{re.escape(key)}\b", CONFIG_KEYS.read_text(encoding="utf-8")) is not None


def documented_routes(document: dict) -> set[tuple[str, str]]:
    return {(method, path) for path, item in document["paths"].items() for method in item if method in HTTP_METHODS}


def contract_config(tmp_dir: Path) -> dict:
    """The default test session with an HR token long enough to pass the sign-in throttle, a
    metrics token and (once the config takes one) an organizer token."""
    config = dc.make_config(tmp_dir)
    next(e for e in config["employers"] if e["id"] == EMP_HX)["hrToken"] = HR_TOKEN
    config["metrics"] = {"token": METRICS_TOKEN}
    # The admin API's changes (their examples name s2) get a session of their own: withdrawing
    # s1's jobs would take away what the public and HR examples read.
    config["sessions"].append(dc.make_session(SCRATCH_SESSION, status="scheduled"))
    if config_takes("organizerToken"):
        config["organizerToken"] = ORGANIZER_TOKEN
    return config


def contract_auth() -> dict:
    """schemathesis' token for each bearer scheme the document uses; the organizer's only where
    the server can be given one."""
    auth = {"hrBearer": {"bearer": HR_TOKEN}, "metricsBearer": {"bearer": METRICS_TOKEN}}
    if config_takes("organizerToken"):
        auth["organizerBearer"] = {"bearer": ORGANIZER_TOKEN}
    return auth


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
            "auth": {"openapi": contract_auth()},
            # allow-x00: libwebsockets closes the connection, unanswered, on a %00 in the path or
            # query (it refuses to decode it) before the server sees the request.
            "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none", "allow-x00": False},
            "phases": {"stateful": {"enabled": False}, "coverage": {"unexpected-methods": UNEXPECTED_METHODS}},
            "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
        }
    )
    return schemathesis.openapi.from_dict(load_document(), config=config)


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
    missed = {}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in HTTP_METHODS or (path.startswith("/api/admin/") and method != "get"):
                # The admin API's changes are fuzzed for conformance (status, schema, headers) but
                # not required to succeed: a generated body seldom passes every field rule, and a
                # revoke or an import needs an id or a file no static example can name.
                continue
            label = f"{method.upper()} {path}"
            wanted = {int(code) for code in operation["responses"] if code in ("200", "201", "302", "304")}
            if not wanted <= REACHED.get(label, set()):
                missed[label] = sorted(wanted - REACHED.get(label, set()))
    assert missed == {}, "operations that never answered these statuses"


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


@pytest.mark.parametrize("source", document_sources(), ids=lambda path: path.name)
def test_document_paths_are_sorted_by_prefix(source):
    """Pages and probes first, then /api/… in order, in the document and in each fragment: the
    merged document keeps the same order, and a reader finds a path where it belongs."""
    paths = (yaml.safe_load(source.read_text(encoding="utf-8")) or {}).get("paths") or {}
    assert list(paths) == list(canonical_order(paths))


def test_fragments_merge_without_redefining_anything():
    """The merge refuses a path or component that is already there (a fragment refers to the
    main document's components by name), and the merged document is valid OpenAPI 3.1."""
    base = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    with pytest.raises(AssertionError, match="already documented"):
        merge_fragment(base, {"paths": {"/healthz": {}}}, "clash.yaml")
    with pytest.raises(AssertionError, match="components.schemas.Job is already defined"):
        merge_fragment(base, {"components": {"schemas": {"Job": {}}}}, "clash.yaml")
    with pytest.raises(AssertionError, match="only paths and components"):
        merge_fragment(base, {"info": {}}, "clash.yaml")
    validate_openapi(load_document())


def test_metrics_refusals_match_the_document(start_daigang, tmp_path):
    """schemathesis reads /metrics from loopback (allowed); the 401 and 403 the document promises
    for other addresses are checked here, from 127.0.0.2."""
    document = load_document()
    refusals = document["paths"]["/metrics"]["get"]["responses"]
    challenge = document["components"]["headers"]["WWWAuthenticate"]["schema"]["const"]
    assert {"401", "403"} <= set(refusals)
    with_token = contract_config(tmp_path / "token")
    with_token["metrics"]["allow"] = ["127.0.0.1/32"]
    server = start_daigang(with_token)
    resp = http_get(server, "/metrics", source="127.0.0.2")
    assert resp.status == 401, resp.body
    assert resp.headers.get_all("WWW-Authenticate") == [challenge], "one challenge, as every 401"
    assert resp.json()["error"] == "unauthorized"
    assert http_get(server, "/metrics", source="127.0.0.2", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}).status == 200
    without_token = contract_config(tmp_path / "none")
    without_token["metrics"] = {"allow": ["127.0.0.1/32"]}
    server = start_daigang(without_token)
    resp = http_get(server, "/metrics", source="127.0.0.2")
    assert resp.status == 403, resp.body
    assert resp.json()["error"] == "forbidden"


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
    argument (no smuggled `session=`) and the Location header stays ASCII, as the document says.
    `/` without `session=` is the front door (a page, PROTOCOL.md), not a redirect."""
    pattern = load_document()["components"]["headers"]["Location"]["schema"]["pattern"]
    front = http_get(daigang, f"/?lang={quote(lang, safe='')}")
    assert front.status == 200, front.body
    assert front.headers.get("Content-Type", "").startswith("text/html"), front.headers
    assert "302" not in load_document()["paths"]["/"]["get"]["responses"]
    for page in ("/host", "/hr", "/admin"):
        resp = http_get(daigang, f"{page}?lang={quote(lang, safe='')}")
        assert resp.status == 302, (page, resp.body)
        location = resp.headers.get("Location")
        assert re.match(pattern, location), location
        assert parse_qs(urlsplit(location).query) == {"session": [dc.SESSION_ID], "lang": [lang]}, location

