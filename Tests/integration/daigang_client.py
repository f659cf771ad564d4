"""Helpers for the Daigang integration tests: a facade over the modules that hold them.

Tests use ``import daigang_client as dc`` and ``dc.X``; every name is defined in one of

* ``config_builder``: the test config (``make_config``, ``make_session``, jobs, policies, tokens),
* ``server_process``: ``start_server`` / ``ServerHandle`` for ``daigang serve`` on 127.0.0.1:0,
  ``run_cli``, ``child_env``, ``server_command``,
* ``repo_paths``: ``REPO_ROOT``, ``WEB_ROOT``, ``DEMO_CONFIG``, ``daigang_bin``,
* ``async_runner``: ``async_test`` (an ``async def`` test body under a timeout), ``in_thread``,
  ``wait_until``,
* ``ws_client``: the ``daigang.v1`` WebSocket ``Client``, ``connect``, ``viewer``, ``host``,
* ``ws_protocol``: ``SUBPROTOCOL``, ``MAX_FRAME``, ``REPLY_TYPES``, ``BROADCAST_TYPES``,
* ``http_helpers``: ``http_get``, ``Response``, ``snapshot_http``, ``check_security_headers``,
* ``tls_helpers``: ``make_self_signed_cert``, ``client_ssl_context``,
* ``raw_websocket``: ``RawWebSocket`` (for watching pings and going silent),
* ``proc_sockets``: ``socket_inodes``, ``listening_sockets`` (the loopback-only check),
* ``tunables``: the timeouts. ``dc.TEST_TIMEOUT`` / ``STARTUP_TIMEOUT`` / ``RECV_TIMEOUT`` /
  ``STOP_TIMEOUT`` read and assign ``tunables`` (conftest.py sets them from pytest.ini).

Nothing here sleeps to synchronise: every wait is for a condition with a bounded timeout.
"""

from __future__ import annotations

import sys
import types

import websockets  # noqa: F401
from websockets.exceptions import ConnectionClosed, InvalidHandshake  # noqa: F401

import tunables
from async_runner import _open_clients, async_test, in_thread, wait_until  # noqa: F401
from config_builder import (  # noqa: F401
    EMPLOYER_NAMES,
    EMPLOYERS,
    HOST_TOKEN,
    JOB_FULL,
    JOB_MID,
    JOB_MIN,
    POLICY_FULL,
    POLICY_MIN,
    SESSION_ID,
    _jobs,
    _policies,
    config_job,
    config_policy,
    expected_job,
    make_config,
    make_session,
    new_job,
    new_policy,
    write_config,
)
from http_helpers import Response, check_security_headers, http_get, snapshot_http, without_counters  # noqa: F401
from proc_sockets import _decode_addr, listening_sockets, socket_inodes  # noqa: F401
from raw_websocket import RawWebSocket  # noqa: F401
from repo_paths import DEFAULT_BIN, DEMO_CONFIG, REPO_ROOT, WEB_ROOT, daigang_bin  # noqa: F401
from server_process import (  # noqa: F401
    PORT_LINE,
    ServerHandle,
    ServerStartError,
    child_env,
    run_cli,
    server_command,
    start_server,
)
from tls_helpers import client_ssl_context, make_self_signed_cert  # noqa: F401
from ws_client import (  # noqa: F401
    _CONNECT_PARAMS,
    Client,
    Closed,
    RecvTimeout,
    close_code_of,
    connect,
    handshake_status,
    host,
    viewer,
)
from ws_protocol import BROADCAST_TYPES, MAX_FRAME, REPLY_TYPES, SUBPROTOCOL  # noqa: F401


class _Facade(types.ModuleType):
    """Reads and assignments of the tunables go to ``tunables``, the one place the helpers
    read them from (so ``dc.TEST_TIMEOUT = 60`` or ``monkeypatch.setattr(dc, ...)`` work)."""

    def __getattr__(self, name):
        if name in tunables.NAMES:
            return getattr(tunables, name)
        raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")

    def __setattr__(self, name, value):
        if name in tunables.NAMES:
            setattr(tunables, name, value)
        else:
            super().__setattr__(name, value)

    def __delattr__(self, name):
        if name in tunables.NAMES:
            raise AttributeError(f"cannot delete tunable {name!r}; assign it instead")
        super().__delattr__(name)

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(tunables.NAMES))


sys.modules[__name__].__class__ = _Facade
