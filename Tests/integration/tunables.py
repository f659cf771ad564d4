"""Timeouts shared by the integration-test helpers: the one place they are read from.

conftest.py overrides them from pytest.ini (daigang_test_timeout, ...). Assigning
``daigang_client.TEST_TIMEOUT = ...`` (or monkeypatching it) is forwarded here, so the
helpers always see the current value; they read ``tunables.X`` at call time.
"""

TEST_TIMEOUT = 30.0  # whole async test body
STARTUP_TIMEOUT = 15.0  # until the "listening ... port=" line
RECV_TIMEOUT = 5.0  # one expected message
STOP_TIMEOUT = 10.0  # SIGTERM until exit, then SIGKILL

NAMES = ("TEST_TIMEOUT", "STARTUP_TIMEOUT", "RECV_TIMEOUT", "STOP_TIMEOUT")
