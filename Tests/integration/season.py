"""A generated season for the report tests: several sessions, employers, jobs with openings,
applications with hometowns and HR follow-ups up to hires, driven through the real protocol
(``apply`` over WebSocket, follow-ups over the HR HTTP API).

``season_config`` builds the config; ``play_season`` drives a running server and returns what
it did as plain data (``Played``), from which the tests compute the expected figures on their
own (``expected_figures``), independently of the server's ``ReportBuilder``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import daigang_client as dc
from leads_support import apply_all, apply_message, fresh_phone, high_limits_config, post_followup

EMPLOYERS = [
    {"id": "emp-a", "name": "甲电子", "hrToken": "hr-token-emp-a-0001", "industry": "制造业", "district": "吴中区"},
    {"id": "emp-b", "name": "乙物流", "hrToken": "hr-token-emp-b-0002", "industry": "物流", "district": "相城区"},
    {"id": "emp-c", "name": "丙食品", "hrToken": "hr-token-emp-c-0003", "industry": "制造业", "district": "相城区"},
    {"id": "emp-d", "name": "丁酒店", "hrToken": "hr-token-emp-d-0004"},
]
TOKENS = {e["id"]: e["hrToken"] for e in EMPLOYERS}
SESSIONS = ["fair-1", "fair-2", "fair-3"]
# Hometowns drawn with these weights: some provinces end with 5 or more applicants, some fewer.
HOMETOWNS = [("河南省", 8), ("四川省", 5), ("贵州省", 2), ("甘肃省", 1), (None, 2)]
# A follow-up path per lead, drawn at random: final statuses of every kind.
PATHS = [
    [],
    ["contacted"],
    ["contacted", "interview_scheduled"],
    ["contacted", "interview_scheduled", "hired"],
    ["hired"],
    ["contacted", "rejected"],
    ["unreachable"],
]
STAGE_OF = {"contacted": 1, "interview_scheduled": 2, "agreed": 3, "hired": 4, "retained_7d": 5}


@dataclass
class Job:
    session: str
    id: str
    employer: str
    headcount: int | None


@dataclass
class Played:
    jobs: list[Job]
    # (session, job, employer, phone, hometown, statuses)
    leads: list[tuple[str, str, str, str, str | None, list[str]]] = field(default_factory=list)


def season_jobs(seed: int) -> list[Job]:
    rng = random.Random(seed)
    jobs = []
    for s in SESSIONS:
        for e in EMPLOYERS:
            for k in range(2):
                headcount = None if (e["id"] == "emp-d" and k == 1) else rng.choice([2, 3, 5, 8, 10])
                jobs.append(Job(s, f"{s}-{e['id']}-{k}", e["id"], headcount))
    return jobs


def season_config(tmp_dir: Path, jobs: list[Job], thresholds: dict | None = None) -> dict:
    config = high_limits_config(tmp_dir)
    config["employers"] = [dict(e) for e in EMPLOYERS]
    config["sessions"] = [
        dc.make_session(
            s,
            title=f"第{i + 1}场",
            jobs=[
                {k: v for k, v in dc.new_job(j.id, employerId=j.employer, headcount=j.headcount).items() if v is not None}
                for j in jobs
                if j.session == s
            ],
        )
        for i, s in enumerate(SESSIONS)
    ]
    if thresholds is not None:
        config["board"] = {"thresholds": thresholds}
    return config


def play_season(server, jobs: list[Job], leads_per_session: int, seed: int) -> Played:
    rng = random.Random(seed)
    played = Played(jobs)
    places = [p for p, w in HOMETOWNS for _ in range(w)]
    repeat_phones: list[str] = []
    for s in SESSIONS:
        session_jobs = [j for j in jobs if j.session == s]
        planned = []
        for _ in range(leads_per_session):
            job = rng.choice(session_jobs)
            # Some people apply again in a later fair: applicants < applications.
            phone = rng.choice(repeat_phones) if repeat_phones and rng.random() < 0.15 else fresh_phone()
            repeat_phones.append(phone)
            planned.append((job, phone, rng.choice(places), rng.choice(PATHS)))
        messages = []
        for job, phone, place, _ in planned:
            extra = {"hometown": place} if place else {}
            messages.append(apply_message(job.id, phone, **extra))
        replies = apply_all(server, messages, session=s)
        seen = set()
        for (job, phone, place, path), reply in zip(planned, replies):
            if reply["leadId"] in seen or reply["duplicate"]:
                continue  # the same phone for the same job twice: one lead
            seen.add(reply["leadId"])
            for status in path:
                resp = post_followup(server, TOKENS[job.employer], reply["leadId"], {"status": status})
                assert resp.status == 201, resp.text()
            played.leads.append((s, job.id, job.employer, phone, place, path))
    return played


def colour(covered: int, openings: int, red_below: int, green_from: int) -> str | None:
    if openings <= 0:
        return None
    if covered * 100 < red_below * openings:
        return "red"
    if covered * 100 >= green_from * openings:
        return "green"
    return "yellow"


def expected_figures(played: Played, red_below: int = 30, green_from: int = 70) -> dict:
    """The report's figures computed here, from what the season did."""
    employers: dict[str, dict] = {e["id"]: {"openings": 0, "filled": 0, "inProgress": 0, "applications": 0} for e in EMPLOYERS}
    for j in played.jobs:
        employers[j.employer]["openings"] += j.headcount or 0
    funnel = {"contacted": 0, "interviews": 0, "agreed": 0, "hired": 0}
    for _, _, employer, _, _, path in played.leads:
        row = employers[employer]
        row["applications"] += 1
        final = path[-1] if path else "new"
        if final in ("hired", "retained_7d"):
            row["filled"] += 1
        elif final in ("contacted", "interview_scheduled", "agreed"):
            row["inProgress"] += 1
        best = max([STAGE_OF.get(s, 0) for s in path] + [0])
        funnel["contacted"] += best >= 1
        funnel["interviews"] += best >= 2
        funnel["agreed"] += best >= 3
        funnel["hired"] += best >= 4
    for row in employers.values():
        row["colour"] = colour(row["filled"] + row["inProgress"], row["openings"], red_below, green_from)
    # Applicants, not applications: each phone once, at its first application (docs/REPORTS.md).
    origins: dict[str, int] = {}
    counted: set[str] = set()
    for _, _, _, phone, place, _ in played.leads:
        if phone not in counted and place:
            origins[place] = origins.get(place, 0) + 1
        counted.add(phone)
    return {
        "headline": {
            "fairs": len(SESSIONS),
            "employers": len(EMPLOYERS),
            "openings": sum(j.headcount or 0 for j in played.jobs),
            "applications": len(played.leads),
            "applicants": len({phone for _, _, _, phone, _, _ in played.leads}),
            "agreements": funnel["agreed"],
            "hires": funnel["hired"],
        },
        "funnel": funnel,
        "employers": employers,
        "origins": origins,
    }
