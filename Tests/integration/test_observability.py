"""Metrics at /metrics (Prometheus text, parsed with prometheus_client) and the JSON logs with
the audit log (docs/OPERATIONS.md): counters move as the test acts, access is refused from
other addresses unless the metrics token is sent, and no log line holds a token or a full phone."""

from __future__ import annotations

import http.client
import json
import re
from typing import Optional

from prometheus_client.parser import text_string_to_metric_families

import daigang_client as dc
from daigang_client import HOST_TOKEN, JOB_FULL, JOB_MID, async_test, in_thread, wait_until
from leads_support import EMP_HX, HR_HX, api, applied, fresh_phone, get_lead, leaks_phone, masked

METRICS_TOKEN = "metrics-token-0123456789abcdef"
ISO_MILLIS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def fetch_metrics(server, *, source: str = "127.0.0.1", token: Optional[str] = None) -> dc.Response:
    """GET /metrics from ``source`` (a loopback address of this machine)."""
    conn = http.client.HTTPConnection(server.host, server.port, timeout=10, source_address=(source, 0))
    try:
        conn.request("GET", "/metrics", headers={"Authorization": f"Bearer {token}"} if token else {})
        resp = conn.getresponse()
        return dc.Response(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


def scrape(server) -> dict:
    """(sample name, frozenset of labels) → value, from a parsed scrape."""
    resp = fetch_metrics(server)
    assert resp.status == 200, (resp.status, resp.body[:300])
    assert resp.content_type.startswith("text/plain"), resp.content_type
    samples = {}
    for family in text_string_to_metric_families(resp.body.decode("utf-8")):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


@async_test
async def test_counters_move_with_an_apply_a_refused_message_and_a_404(daigang):
    before = await in_thread(scrape, daigang)
    assert ("daigang_questions_total", frozenset()) in before, "the questions counter is exported before any question"

    viewer = await dc.viewer(daigang)
    await applied(viewer, job=JOB_FULL)
    refused = await viewer.request({"type": "no_such_message"})
    assert refused["type"] == "error" and refused["code"] == "bad_request", refused
    missing = await in_thread(api, daigang, "GET", "/no-such-page")
    assert missing.status == 404

    after = await in_thread(scrape, daigang)
    assert value(after, "daigang_applies_total", outcome="saved") == value(before, "daigang_applies_total", outcome="saved") + 1
    assert value(after, "daigang_apply_ack_seconds_count") == value(before, "daigang_apply_ack_seconds_count") + 1
    assert value(after, "daigang_messages_refused_total", reason="bad_request") == value(
        before, "daigang_messages_refused_total", reason="bad_request"
    ) + 1
    assert value(after, "daigang_http_requests_total", route="other", code="404", **{"class": "4xx"}) == value(
        before, "daigang_http_requests_total", route="other", code="404", **{"class": "4xx"}
    ) + 1
    assert value(after, "daigang_welcomes_total", role="viewer") >= 1
    assert value(after, "daigang_connections", role="viewer") == 1
    assert value(after, "daigang_fsync_seconds_count") >= 1, "the apply's batch was fdatasynced"
    assert value(after, "daigang_journal_bytes") > 0
    # No label carries an id or an address.
    for (name, labels), _ in after.items():
        for key, label in labels:
            assert "127.0.0.1" not in label and not label.startswith("v-"), (name, key, label)


def test_metrics_refused_from_another_address_unless_the_token_is_sent(start_daigang, config_factory):
    config = config_factory()
    config["metrics"] = {"allow": ["127.0.0.1/32"], "token": METRICS_TOKEN}
    server = start_daigang(config)

    assert fetch_metrics(server).status == 200
    outside = fetch_metrics(server, source="127.0.0.2")
    assert outside.status == 401
    assert outside.headers.get_all("WWW-Authenticate") == ['Bearer realm="daigang"'], dict(outside.headers)  # one challenge
    assert fetch_metrics(server, source="127.0.0.2", token="wrong-token-0123456789").status == 401
    with_token = fetch_metrics(server, source="127.0.0.2", token=METRICS_TOKEN)
    assert with_token.status == 200
    assert b"daigang_questions_total" in with_token.body
    assert METRICS_TOKEN not in server.stderr_text()


def test_metrics_are_forbidden_from_another_address_without_a_token_configured(start_daigang, config_factory):
    config = config_factory()
    config["metrics"] = {"allow": ["127.0.0.1"]}
    server = start_daigang(config)
    assert fetch_metrics(server, source="127.0.0.2", token="anything-at-all-123").status == 403
    assert fetch_metrics(server).status == 200


def json_lines(server) -> list[dict]:
    """Every stderr line, each of which must be one JSON object with the fixed fields."""
    out = []
    for line in server.stderr_text().splitlines():
        record = json.loads(line)
        assert isinstance(record, dict), line
        for field in ("time", "level", "label", "message"):
            assert isinstance(record.get(field), str), (field, line)
        assert ISO_MILLIS.match(record["time"]), line
        out.append(record)
    return out


@async_test
async def test_json_logs_audit_a_session_without_tokens_or_full_phones(start_daigang):
    server = start_daigang(args=("--log-format", "json", "--log-level", "info"))
    phone = fresh_phone("138")
    wrong_host_token = "wrong-host-token-42"
    wrong_hr_token = "wrong-hr-token-4242"

    host = await dc.host(server)
    ok = await host.request({"type": "pin_job", "jobId": JOB_MID})
    assert ok["type"] == "ok", ok
    await host.send(b"\x01binary")  # refused; not a second pin_job in the audit log
    await host.wait_for(lambda m: m["type"] == "error" and m["code"] == "bad_request", 10, "the binary frame's error")
    viewer = await dc.viewer(server)
    lead_id = (await applied(viewer, job=JOB_FULL, phone=phone))["leadId"]
    assert (await in_thread(api, server, "GET", "/api/leads", token=HR_HX)).status == 200
    assert (await in_thread(get_lead, server, HR_HX, lead_id)).status == 200
    assert (await in_thread(api, server, "GET", "/api/leads.csv", token=HR_HX)).status == 200
    assert (await in_thread(api, server, "GET", "/api/leads", token=wrong_hr_token)).status == 401
    intruder = await dc.connect(server.ws_url)
    refused = await intruder.request({"type": "hello", "role": "host", "session": dc.SESSION_ID, "token": wrong_host_token})
    assert refused["type"] == "error" and refused["code"] == "unauthorized", refused

    def audited(message: str, **fields: str) -> bool:
        return any(
            r["label"] == "daigang.audit" and r["message"] == message and all(r.get(k) == v for k, v in fields.items())
            for r in json_lines(server)
        )

    await wait_until(lambda: audited("security event", channel="ws_host"), 10, "the failed host sign-in in the audit log")
    await wait_until(lambda: audited("hr request", **{"http.route": "/api/leads.csv"}), 10, "the export in the audit log")
    records = json_lines(server)
    assert audited("signed in", role="host")
    assert audited("staff command", command="pin_job", outcome="saved", role="host")
    assert not audited("command refused", command="pin_job"), "a binary frame was audited as the previous command"
    assert [r.get("command") for r in records if r["label"] == "daigang.audit" and r.get("role") == "host"] == ["hello", "pin_job"]
    assert audited("application", command="apply", outcome="saved", **{"lead.id": lead_id, "phone": masked(phone), "job.id": JOB_FULL})
    assert audited("hr request", **{"http.route": "/api/leads", "employer.id": EMP_HX, "http.status": "200"})
    assert audited("hr request", **{"http.route": "/api/leads/{id}", "lead.id": lead_id, "employer.id": EMP_HX})
    assert audited("hr request", **{"http.route": "/api/leads", "http.status": "401"})
    assert audited("security event", event="auth_failed", channel="http_hr")
    assert {r["level"] for r in records} <= {"info", "notice", "warning", "error", "critical"}

    text = server.stderr_text()
    for secret in (HOST_TOKEN, HR_HX, wrong_host_token, wrong_hr_token, *(e["hrToken"] for e in dc.EMPLOYERS)):
        assert secret not in text, f"a token reached the log: {secret}"
    assert not leaks_phone(text, phone), "the full phone number reached the log"
    assert masked(phone) in text


@async_test
async def test_log_level_notice_leaves_out_info_lines(start_daigang):
    server = start_daigang(args=("--log-format", "json", "--log-level", "notice"))
    intruder = await dc.connect(server.ws_url)
    refused = await intruder.request({"type": "hello", "role": "host", "session": dc.SESSION_ID, "token": "wrong-host-token-42"})
    assert refused["type"] == "error", refused
    await wait_until(lambda: any(r["message"] == "security event" for r in json_lines(server)), 10, "the failed sign-in")
    assert all(r["level"] != "info" for r in json_lines(server)), "info lines were written at --log-level notice"



def test_behind_a_trusted_proxy_the_forwarded_client_is_judged_not_the_proxy(start_daigang, config_factory):
    config = config_factory()
    config["server"]["trustedProxies"] = ["127.0.0.1"]
    config["metrics"] = {"allow": ["127.0.0.1/32", "10.0.0.0/8"]}
    server = start_daigang(config)

    def via_proxy(client: str) -> int:
        conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
        try:
            conn.request("GET", "/metrics", headers={"X-Forwarded-For": client})
            return conn.getresponse().status
        finally:
            conn.close()

    assert via_proxy("203.0.113.9") == 403
    assert via_proxy("10.1.2.3") == 200


def test_bad_log_flags_are_refused_before_anything_starts():
    for flags, words in ((("--log-format", "xml"), "--log-format"), (("--log-level", "loud"), "--log-level")):
        result = dc.run_cli("serve", "--config", "/nonexistent.json", *flags)
        assert result.returncode != 0
        assert words in result.stderr, result.stderr
