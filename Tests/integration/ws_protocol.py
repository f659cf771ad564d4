"""Constants of the ``daigang.v1`` WebSocket protocol that the tests rely on."""

SUBPROTOCOL = "daigang.v1"
MAX_FRAME = 64 * 1024

REPLY_TYPES = ("welcome", "ok", "error")
BROADCAST_TYPES = (
    "job_pinned",
    "policy_shown",
    "announcement",
    "session_status",
    "job_updated",
    "policy_updated",
    "catalog_changed",
)
