"""The test configuration: one live session ``s1`` with 3 jobs and 2 policies.

``make_config`` builds a valid config that tests can tweak before starting a server; the
``config_job`` / ``expected_job`` / ``new_job`` ... helpers give the data the server should
send back or accept.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from repo_paths import WEB_ROOT

HOST_TOKEN = "test-host-token-123"
SESSION_ID = "s1"

EMPLOYERS = [
    {"id": "hx-electronics", "name": "华星电子", "hrToken": "hr-token-hx-0001"},
    {"id": "sd-logistics", "name": "顺达物流", "hrToken": "hr-token-sd-0002"},
]
EMPLOYER_NAMES = {e["id"]: e["name"] for e in EMPLOYERS}

JOB_FULL = "job-hx-assembler"
JOB_MID = "job-sd-sorter"
JOB_MIN = "job-hx-qc"
POLICY_FULL = "policy-bus"
POLICY_MIN = "policy-training"


def _jobs() -> list[dict]:
    return [
        {
            "id": JOB_FULL,
            "title": "电子厂普工",
            "employerId": "hx-electronics",
            "category": "manufacturing",
            "pay": {"min": 5500, "max": 7500, "unit": "month", "note": "计件，多劳多得"},
            "shift": "两班倒",
            "location": {"city": "苏州", "district": "吴中区", "address": "木渎镇金枫路1号"},
            "headcount": 50,
            "housing": {"dorm": True, "coupleRooms": True, "note": "4人间，空调热水"},
            "meals": "包吃，餐补15元/天",
            "socialInsurance": "五险一金",
            "ageRange": {"min": 18, "max": 45},
            "requirements": ["能适应夜班", "视力良好"],
            "benefits": ["满勤奖200元"],
            "verified": True,
            "tags": ["包吃住", "长期工"],
        },
        {
            "id": JOB_MID,
            "title": "快递分拣员",
            "employerId": "sd-logistics",
            "pay": {"min": 180, "max": 260, "unit": "day"},
            "shift": "夜班",
            "location": {"city": "昆山"},
            "headcount": 20,
            "verified": False,
        },
        {
            "id": JOB_MIN,
            "title": "品检员",
            "employerId": "hx-electronics",
            "pay": {"min": 22, "max": 22, "unit": "hour"},
            "location": {"city": "苏州"},
        },
    ]


def _policies() -> list[dict]:
    return [
        {
            "id": POLICY_FULL,
            "title": "返岗包车补贴",
            "summary": "春节后返岗务工人员可免费乘坐包车。",
            "keyPoints": ["免费乘车", "需提前登记"],
            "eligibility": "本区户籍务工人员",
            "howToClaim": "在社区服务中心登记",
            "issuer": "区人社局",
            "link": "https://example.org/policy/bus",
        },
        {
            "id": POLICY_MIN,
            "title": "职业技能培训补贴",
            "summary": "参加指定培训并取得证书可领补贴。",
            "keyPoints": ["按证书等级补贴"],
        },
    ]


def make_session(session_id: str = SESSION_ID, **changes: Any) -> dict:
    session = {
        "id": session_id,
        "title": "春风行动 直播带岗（测试）",
        "host": "就业科 王科长",
        "description": "集成测试用的场次。",
        "status": "live",
        "jobs": _jobs(),
        "policies": _policies(),
    }
    session.update(changes)
    return session


def make_config(tmp_dir: Path, **changes: Any) -> dict:
    """A valid config for one live session ``s1`` with 3 jobs and 2 policies.

    Keyword arguments replace top-level keys; tests can also mutate the returned dict.
    """
    config = {
        "server": {
            "host": "127.0.0.1",
            "port": 0,
            "webRoot": str(WEB_ROOT),
        },
        "dataDir": str(Path(tmp_dir) / "data"),
        "hostToken": HOST_TOKEN,
        "employers": copy.deepcopy(EMPLOYERS),
        "sessions": [make_session()],
    }
    config.update(changes)
    return config


def expected_job(job: dict) -> dict:
    """A config job as the server should send it (employerName filled in)."""
    out = copy.deepcopy(job)
    out["employerName"] = EMPLOYER_NAMES[job["employerId"]]
    return out


def config_job(job_id: str) -> dict:
    return next(j for j in _jobs() if j["id"] == job_id)


def config_policy(policy_id: str) -> dict:
    return next(p for p in _policies() if p["id"] == policy_id)


def new_job(job_id: str = "job-new-welder", **changes: Any) -> dict:
    job = {
        "id": job_id,
        "title": "焊工",
        "employerId": "sd-logistics",
        "pay": {"min": 7000, "max": 9000, "unit": "month"},
        "location": {"city": "无锡", "district": "新吴区"},
        "headcount": 5,
        "requirements": ["持焊工证"],
    }
    job.update(changes)
    return job


def new_policy(policy_id: str = "policy-new-rent", **changes: Any) -> dict:
    policy = {
        "id": policy_id,
        "title": "租房补贴",
        "summary": "新就业人员每月租房补贴500元。",
        "keyPoints": ["每月500元", "最长12个月"],
        "issuer": "市住建局",
    }
    policy.update(changes)
    return policy


def write_config(config: dict, path: Path) -> Path:
    path.write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")
    return path
