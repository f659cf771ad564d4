"""Running ``async def`` test bodies: ``async_test`` wraps one in ``asyncio.run`` under a
timeout (``tunables.TEST_TIMEOUT``) and closes every client it opened; ``in_thread`` and
``wait_until`` for blocking work and polled conditions inside such a body.
"""

from __future__ import annotations

import asyncio
import functools
import time
from typing import Any, Callable

import tunables

# Clients opened during the current async test (ws_client.connect appends; anything with an
# async ``abort()`` may be added); async_test aborts them all when the body ends.
_open_clients: list = []


def async_test(fn: Callable = None, *, timeout: float = None):
    """Turn ``async def test_x(fixtures...)`` into a sync test run by ``asyncio.run``.

    The body runs under ``asyncio.wait_for(TEST_TIMEOUT)`` (or ``timeout``); every client
    opened with ``connect`` is closed afterwards, also on failure.
    """

    def decorate(f: Callable) -> Callable:
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            limit = tunables.TEST_TIMEOUT if timeout is None else timeout

            async def main():
                _open_clients.clear()
                try:
                    return await asyncio.wait_for(f(*args, **kwargs), limit)
                finally:
                    clients = list(_open_clients)
                    _open_clients.clear()
                    for c in clients:
                        await c.abort()

            asyncio.run(main())

        return wrapper

    return decorate(fn) if fn is not None else decorate


async def in_thread(fn: Callable, *args, **kwargs):
    """Run blocking I/O (HTTP, subprocess waits) without blocking the event loop."""
    return await asyncio.to_thread(fn, *args, **kwargs)


async def wait_until(predicate: Callable[[], Any], timeout: float, what: str, interval: float = 0.05):
    """Poll ``predicate`` (sync) until truthy; bounded."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(interval)
