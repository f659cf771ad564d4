"""Helpers for the Daigang browser tests and the screenshot script.

* ``DaigangServer``: the real ``daigang serve`` with the demo config (webRoot made absolute,
  a temporary data dir), on a free port (``--port 0``) or a given one (to restart on the same
  port); the port is parsed from the stdout line ``daigang listening host=… port=N tls=…``.
  ``stop()`` sends SIGTERM, then SIGKILL after a grace period.
* ``make_driver``: headless Debian Chromium through chromedriver, with the browser console
  log enabled (``goog:loggingPrefs``) and an optional mobile viewport.
* ``HostSocket``: a tiny host client over the WebSocket (for setting state in tests without
  going through the host page).
* waiting helpers around ``WebDriverWait`` (never ``time.sleep`` to synchronise).
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import subprocess
import threading
import urllib.request
from pathlib import Path
from typing import Callable, Iterable, Optional

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BIN = REPO_ROOT / ".build/debug/daigang"
WEB_ROOT = REPO_ROOT / "web-static"
DEMO_CONFIG = REPO_ROOT / "config/daigang.json"

CHROMIUM = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")

SESSION = "demo"
HOST_TOKEN = "demo-host-token"
SUBPROTOCOL = "daigang.v1"

STARTUP_TIMEOUT = 15.0
STOP_TIMEOUT = 10.0
WAIT_TIMEOUT = 15.0

PORT_LINE = re.compile(r"daigang listening host=\S+ port=(\d+)")


def hr_token(employer_id: str) -> str:
    return f"demo-hr-{employer_id}"


def daigang_bin() -> Path:
    return Path(os.environ.get("DAIGANG_BIN", str(DEFAULT_BIN)))


def demo_config() -> dict:
    return json.loads(DEMO_CONFIG.read_text(encoding="utf-8"))


def demo_job(job_id: str) -> dict:
    for job in demo_config()["sessions"][0]["jobs"]:
        if job["id"] == job_id:
            return job
    raise KeyError(job_id)


def write_demo_config(workdir: Path, data_dir: Path, config: Optional[dict] = None) -> Path:
    """The demo config (or ``config``) with webRoot and dataDir made absolute, written into ``workdir``."""
    config = demo_config() if config is None else config
    config.setdefault("server", {})["webRoot"] = str(WEB_ROOT)
    config["dataDir"] = str(data_dir)
    path = workdir / "daigang.json"
    path.write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


class DaigangServer:
    """One ``daigang serve`` process; ``start()`` again after ``stop()`` to restart it."""

    def __init__(self, workdir: Path, config: Optional[dict] = None):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.data_dir = self.workdir / "data"
        self.data_dir.mkdir(exist_ok=True)
        self.config_path = write_demo_config(self.workdir, self.data_dir, config)
        self.port = 0
        self.proc: Optional[subprocess.Popen] = None
        self.stdout_lines: list[str] = []
        self.starts = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def start(self, port: Optional[int] = None, startup_timeout: float = STARTUP_TIMEOUT) -> "DaigangServer":
        assert self.proc is None, "already running"
        binary = daigang_bin()
        if not binary.is_file():
            raise RuntimeError(f"daigang binary not found at {binary} (build it, or set DAIGANG_BIN)")
        want = self.port if port is None else port
        env = {k: v for k, v in os.environ.items() if not k.startswith("DAIGANG_")}
        stderr = open(self.workdir / f"stderr.{self.starts}.log", "wb")
        self.starts += 1
        proc = subprocess.Popen(
            [str(binary), "serve", "--config", str(self.config_path), "--host", "127.0.0.1",
             "--port", str(want), "--data-dir", str(self.data_dir)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr, cwd=str(self.workdir),
            env=env, text=True, encoding="utf-8", errors="replace", bufsize=1,
        )
        stderr.close()
        found: "queue.Queue[Optional[int]]" = queue.Queue()

        def pump() -> None:
            reported = False
            for line in proc.stdout:  # keeps draining so the pipe never fills up
                self.stdout_lines.append(line.rstrip("\n"))
                match = PORT_LINE.search(line)
                if match and not reported:
                    reported = True
                    found.put(int(match.group(1)))
            if not reported:
                found.put(None)

        threading.Thread(target=pump, name="daigang-stdout", daemon=True).start()
        try:
            port_found = found.get(timeout=startup_timeout)
        except queue.Empty:
            port_found = None
        if not port_found:
            proc.kill()
            proc.wait(timeout=STOP_TIMEOUT)
            raise RuntimeError("daigang did not report its port:\n" + "\n".join(self.stdout_lines[-20:])
                               + "\n" + self.stderr_tail())
        self.proc = proc
        self.port = port_found
        return self

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=STOP_TIMEOUT)

    def stderr_tail(self, size: int = 4000) -> str:
        logs = sorted(self.workdir.glob("stderr.*.log"))
        return "".join(path.read_text(errors="replace")[-size:] for path in logs)

    def get_json(self, path: str) -> dict:
        with urllib.request.urlopen(self.url(path), timeout=5) as response:
            return json.loads(response.read().decode("utf-8"))

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


class HostSocket:
    """A host connection over the WebSocket; use as ``with HostSocket(server) as host:``.
    ``command({...})`` sends with a ``ref`` and returns the reply (an ``error`` raises)."""

    def __init__(self, server: DaigangServer, token: str = HOST_TOKEN):
        self.url = f"ws://127.0.0.1:{server.port}/ws"
        self.token = token
        self.ref = 0
        self.snapshot: dict = {}
        self._connection = None
        self.ws = None

    def __enter__(self) -> "HostSocket":
        from websockets.sync.client import connect

        self._connection = connect(self.url, subprotocols=[SUBPROTOCOL], open_timeout=5)
        self.ws = self._connection.__enter__()
        welcome = self.command({"type": "hello", "session": SESSION, "role": "host", "token": self.token})
        assert welcome["type"] == "welcome", welcome
        self.snapshot = welcome["snapshot"]
        return self

    def __exit__(self, *exc) -> None:
        self._connection.__exit__(*exc)

    def command(self, message: dict) -> dict:
        self.ref += 1
        self.ws.send(json.dumps({**message, "ref": self.ref}, ensure_ascii=False))
        while True:
            reply = json.loads(self.ws.recv(timeout=5))
            if reply.get("ref") == self.ref:
                if reply["type"] == "error":
                    raise AssertionError(f"{message['type']} refused: {reply}")
                return reply


# -- the browser ----------------------------------------------------------------------------

def make_driver(width: int = 1280, height: int = 900, *, mobile: bool = False) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--lang=zh-CN", "--mute-audio"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    # The exact viewport (the window size includes no browser chrome in headless, but be sure).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile,
    })
    if mobile:
        driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
    return driver


def severe_entries(entries: Iterable[dict], allow: Iterable[str] = ()) -> list[dict]:
    """Console entries at level SEVERE, except those whose message contains an allowed text."""
    allowed = tuple(allow)
    return [entry for entry in entries
            if entry.get("level") == "SEVERE" and not any(text in entry.get("message", "") for text in allowed)]


def wait_for(driver, condition: Callable, timeout: float = WAIT_TIMEOUT, message: str = ""):
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition, message)


def visible(driver, element_id: str, timeout: float = WAIT_TIMEOUT) -> WebElement:
    return wait_for(driver, lambda d: (lambda e: e if e.is_displayed() else False)(d.find_element(By.ID, element_id)),
                    timeout, f"#{element_id} never became visible")


def hidden(driver, element_id: str, timeout: float = WAIT_TIMEOUT) -> None:
    wait_for(driver, lambda d: not d.find_element(By.ID, element_id).is_displayed(), timeout,
             f"#{element_id} never became hidden")


def css(driver, selector: str, timeout: float = WAIT_TIMEOUT) -> WebElement:
    """The first element matching ``selector`` once it exists and is displayed."""
    def found(d):
        for element in d.find_elements(By.CSS_SELECTOR, selector):
            if element.is_displayed():
                return element
        return False
    return wait_for(driver, found, timeout, f"{selector!r} never appeared")


def attr_is(driver, element_id: str, name: str, value: str, timeout: float = WAIT_TIMEOUT) -> None:
    wait_for(driver, lambda d: d.find_element(By.ID, element_id).get_attribute(name) == value, timeout,
             f"#{element_id}[{name}] never became {value!r}")


def text_contains(driver, element_id: str, text: str, timeout: float = WAIT_TIMEOUT) -> None:
    wait_for(driver, lambda d: text in d.find_element(By.ID, element_id).text, timeout,
             f"#{element_id} never contained {text!r}")


def click(driver, element: WebElement) -> None:
    """Scrolls the element to the middle of the viewport (clear of sticky bars), then clicks it."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});", element)
    element.click()


def click_id(driver, element_id: str) -> None:
    click(driver, visible(driver, element_id))


def type_into(driver, element_id: str, text: str) -> None:
    element = visible(driver, element_id)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.clear()
    element.send_keys(text)


# -- page flows -------------------------------------------------------------------------------

def open_viewer(driver, server: DaigangServer, query: str = "") -> None:
    driver.get(server.url(f"/?session={SESSION}{query}"))
    hidden(driver, "conn-banner")
    wait_for(driver, lambda d: d.find_element(By.ID, "session-title").text.strip() != "", message="no session title")


def host_login(driver, server: DaigangServer, token: str = HOST_TOKEN) -> None:
    driver.get(server.url(f"/host?session={SESSION}"))
    type_into(driver, "token-input", token)
    click_id(driver, "login-button")
    visible(driver, "host-panel")
    wait_for(driver, lambda d: d.find_element(By.ID, "host-controls").is_enabled(), message="host controls stay disabled")
    wait_for(driver, lambda d: d.find_element(By.ID, "queue-controls").is_enabled(), message="queue controls stay disabled")


def hr_login(driver, server: DaigangServer, employer_id: str) -> None:
    driver.get(server.url(f"/hr?session={SESSION}"))
    type_into(driver, "hr-token-input", hr_token(employer_id))
    click_id(driver, "hr-login-button")
    visible(driver, "hr-panel")


def viewer_apply_with_form(driver, job_id: str, name: str, phone: str, *, pinned: bool = False) -> str:
    """Applies from the viewer page through the form; returns the lead id."""
    if pinned:
        click_id(driver, "pinned-apply")
    else:
        click(driver, css(driver, f'#job-list button[data-apply-job="{job_id}"]'))
    attr_is(driver, "apply-panel", "data-state", "form")
    type_into(driver, "apply-name", name)
    type_into(driver, "apply-phone", phone)
    consent = driver.find_element(By.ID, "apply-consent")
    if not consent.is_selected():
        click(driver, consent)
    click_id(driver, "apply-submit")
    attr_is(driver, "apply-panel", "data-state", "done")
    return visible(driver, "apply-done-lead").get_attribute("data-lead-id")
