"""Sharing (PROTOCOL.md "Sharing"): posters per session and job with the QR code of the link,
Open Graph tags in the viewer page, and ``server.publicURL`` in every link we hand out."""

from __future__ import annotations

import pytest

import daigang_client as dc
from daigang_client import JOB_FULL, JOB_MID, JOB_MIN, async_test, http_get, in_thread
from share_support import POSTER_SIZE, HeadTags, decode_qr, png_size, svg_qr_as_pbm

PUBLIC = "https://jobs.example.gov.cn"


def poster_path(job: str | None = None, session: str = "s1") -> str:
    return f"/api/sessions/{session}/poster.png" if job is None else f"/api/sessions/{session}/jobs/{job}/poster.png"


def head_tags(server, path: str, **headers) -> HeadTags:
    resp = http_get(server, path, headers=headers)
    assert resp.status == 200, f"{path}: {resp.status} {resp.body[:200]!r}"
    assert resp.content_type.startswith("text/html"), resp.content_type
    return HeadTags(resp.body.decode("utf-8"))


def public_config(config_factory, public_url: str = PUBLIC) -> dict:
    config = config_factory()
    config["server"]["publicURL"] = public_url
    return config


def test_a_job_poster_is_a_png_of_the_documented_size_whose_qr_opens_the_job(daigang):
    resp = http_get(daigang, poster_path(JOB_FULL))
    assert resp.status == 200, resp.body[:200]
    assert resp.content_type == "image/png"
    assert png_size(resp.body) == POSTER_SIZE
    # Without publicURL the link names the address the request used.
    assert decode_qr(resp.body) == [f"http://127.0.0.1:{daigang.port}/?session=s1&job={JOB_FULL}"]


def test_a_session_poster_carries_the_session_link(daigang):
    resp = http_get(daigang, poster_path())
    assert resp.status == 200 and png_size(resp.body) == POSTER_SIZE
    assert decode_qr(resp.body) == [f"http://127.0.0.1:{daigang.port}/?session=s1"]


def test_posters_page_tags_and_the_host_qr_use_the_public_url_never_the_host_header(start_daigang, config_factory):
    server = start_daigang(public_config(config_factory, PUBLIC + "/"))  # a trailing slash is dropped
    forged = {"Host": "evil.example"}
    assert decode_qr(http_get(server, poster_path(JOB_MID), headers=forged).body) == [f"{PUBLIC}/?session=s1&job={JOB_MID}"]
    assert decode_qr(http_get(server, poster_path(), headers=forged).body) == [f"{PUBLIC}/?session=s1"]

    tags = head_tags(server, f"/?session=s1&job={JOB_MID}", Host="evil.example")
    assert tags.meta["og:url"] == f"{PUBLIC}/?session=s1&job={JOB_MID}"
    assert tags.meta["og:image"] == f"{PUBLIC}/api/sessions/s1/jobs/{JOB_MID}/poster.png"

    # The host console's QR code (/qr.svg) too.
    svg = http_get(server, "/qr.svg?session=s1", headers=forged)
    assert svg.status == 200 and svg.content_type.startswith("image/svg+xml")
    assert decode_qr(svg_qr_as_pbm(svg.body.decode()), suffix=".pbm") == [f"{PUBLIC}/?session=s1"]


def test_without_public_url_a_forged_host_header_cannot_inject_into_links(daigang):
    tags = head_tags(daigang, f"/?session=s1&job={JOB_MIN}", Host='x"><script>alert(1)</script>')
    # Not a plain host[:port]: the listener's own address is used instead.
    assert tags.meta["og:url"] == f"http://127.0.0.1:{daigang.port}/?session=s1&job={JOB_MIN}"


@pytest.mark.parametrize("path", [
    poster_path(session="nope"),
    poster_path(JOB_FULL, session="nope"),
    poster_path("no-such-job"),
])
def test_an_unknown_session_or_job_has_no_poster(daigang, path):
    for method in ("GET", "HEAD"):
        resp = http_get(daigang, path, method=method)
        assert resp.status == 404, f"{method} {path}: {resp.status}"
    assert http_get(daigang, path).json()["error"] == "not_found"


def test_a_poster_has_validators_and_head_answers_without_the_body(daigang):
    first = http_get(daigang, poster_path(JOB_FULL))
    etag = first.headers.get("ETag")
    assert etag and etag.startswith('"') and "max-age=" in first.headers.get("Cache-Control", "")
    again = http_get(daigang, poster_path(JOB_FULL))
    assert again.body == first.body and again.headers.get("ETag") == etag

    head = http_get(daigang, poster_path(JOB_FULL), method="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.headers.get("Content-Type") == "image/png"
    assert int(head.headers.get("Content-Length")) == len(first.body)
    assert head.headers.get("ETag") == etag

    unchanged = http_get(daigang, poster_path(JOB_FULL), headers={"If-None-Match": f'W/"other", {etag}'})
    assert unchanged.status == 304 and unchanged.body == b""
    assert unchanged.headers.get("ETag") == etag
    assert http_get(daigang, poster_path(JOB_FULL), headers={"If-None-Match": '"other"'}).status == 200


def test_many_requests_at_once_get_the_same_poster(daigang):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(lambda _: http_get(daigang, poster_path(JOB_MIN), timeout=60), range(48)))
    assert {resp.status for resp in answers} == {200}
    assert len({resp.body for resp in answers}) == 1
    assert len({resp.headers.get("ETag") for resp in answers}) == 1


@async_test
async def test_an_edited_job_gets_a_new_poster_and_a_withdrawn_one_none(daigang):
    before = await in_thread(http_get, daigang, poster_path(JOB_FULL))
    host = await dc.host(daigang)
    job = dc.config_job(JOB_FULL)
    job["title"] = "电子厂普工（夜班）"
    await host.command({"type": "upsert_job", "job": job})
    after = await in_thread(http_get, daigang, poster_path(JOB_FULL))
    assert after.status == 200 and after.headers.get("ETag") != before.headers.get("ETag")
    assert after.body != before.body
    # A client holding the old poster is told it changed.
    revalidated = await in_thread(http_get, daigang, poster_path(JOB_FULL), headers={"If-None-Match": before.headers.get("ETag")})
    assert revalidated.status == 200

    await host.command({"type": "withdraw_job", "jobId": JOB_FULL})
    gone = await in_thread(http_get, daigang, poster_path(JOB_FULL))
    assert gone.status == 404


@async_test
async def test_the_viewer_page_carries_escaped_open_graph_tags_per_job(daigang):
    hostile = """<script>alert("x")</script> 'q' & co"""
    host = await dc.host(daigang)
    await host.command({"type": "upsert_job", "job": dc.new_job("job-hostile", title=hostile)})

    tags = await in_thread(head_tags, daigang, "/?session=s1&job=job-hostile")
    raw = (await in_thread(http_get, daigang, "/?session=s1&job=job-hostile")).body.decode()
    assert "<script>alert" not in raw and "&lt;script&gt;" in raw
    assert tags.titles == 1
    assert tags.title.startswith(hostile) and tags.meta["og:title"].startswith(hostile)
    assert tags.meta["og:url"] == f"http://127.0.0.1:{daigang.port}/?session=s1&job=job-hostile"
    assert tags.meta["og:image"] == f"http://127.0.0.1:{daigang.port}/api/sessions/s1/jobs/job-hostile/poster.png"
    assert "7000–9000 元/月" in tags.meta["description"]
    assert tags.meta["og:description"] == tags.meta["description"]
    assert (int(tags.meta["og:image:width"]), int(tags.meta["og:image:height"])) == POSTER_SIZE

    other = await in_thread(head_tags, daigang, f"/?session=s1&job={JOB_MID}")
    assert other.meta["og:title"] != tags.meta["og:title"]
    assert other.meta["og:title"].startswith(dc.config_job(JOB_MID)["title"])


def test_the_session_page_has_its_own_tags_and_an_unknown_job_falls_back_to_them(daigang):
    session = head_tags(daigang, "/?session=s1")
    assert session.meta["og:url"] == f"http://127.0.0.1:{daigang.port}/?session=s1"
    assert session.meta["og:image"].endswith("/api/sessions/s1/poster.png")
    unknown = head_tags(daigang, "/?session=s1&job=no-such-job")
    assert unknown.meta["og:url"] == session.meta["og:url"]


def test_the_plain_page_stays_static_and_a_shared_page_revalidates(daigang):
    plain = http_get(daigang, "/index.html")
    assert plain.status == 200 and b"og:title" not in plain.body
    assert b"og:title" not in http_get(daigang, "/?session=nope").body  # an unknown session: the page says so itself

    page = http_get(daigang, f"/?session=s1&job={JOB_FULL}")
    etag = page.headers.get("ETag")
    assert etag and page.headers.get("Cache-Control") == "no-cache"
    assert http_get(daigang, f"/?session=s1&job={JOB_FULL}", headers={"If-None-Match": etag}).status == 304
    assert http_get(daigang, f"/?session=s1&job={JOB_MID}", headers={"If-None-Match": etag}).status == 200


def test_a_shared_page_is_gzipped_for_a_weak_phone(daigang):
    """The page a shared link lands on is as small on the wire as the static one."""
    import gzip

    plain = http_get(daigang, f"/?session=s1&job={JOB_FULL}")
    zipped = http_get(daigang, f"/?session=s1&job={JOB_FULL}", headers={"Accept-Encoding": "gzip"})
    assert zipped.status == 200 and zipped.headers.get("Content-Encoding") == "gzip", dict(zipped.headers)
    assert zipped.headers.get("Vary") == "Accept-Encoding"
    assert gzip.decompress(zipped.body) == plain.body
    assert len(zipped.body) * 2 < len(plain.body)


@pytest.mark.parametrize("value", ["jobs.example.gov.cn", "https://jobs.example.gov.cn/daigang", "ftp://x", "https://a b", "https://"])
def test_a_bad_public_url_is_refused_by_config_check(config_factory, tmp_path, value):
    config = public_config(config_factory, value)
    path = dc.write_config(config, tmp_path / "bad.json")
    done = dc.run_cli("config", "check", str(path))
    assert done.returncode != 0
    assert "server.publicURL" in done.stdout + done.stderr
