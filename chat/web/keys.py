"""Bearer keys for the integration endpoints (`/v1/*`, `/retrieval`, `/mcp`): `POLICY_QA_API_KEYS`.

Owns the check only; each endpoint turns the outcome into its own wire format (OpenAI error, Dify
error code, plain 401). Keys are compared in constant time against every configured key, and neither
the keys nor the presented token are ever logged or echoed. No keys configured means the endpoints are
open (the default bind is loopback; set keys before exposing the server).
"""

from __future__ import annotations

import hmac
from enum import StrEnum


class KeyCheck(StrEnum):
    OK = "ok"
    MISSING = "missing"  # no Authorization header
    MALFORMED = "malformed"  # not `Bearer <key>`
    WRONG = "wrong"  # well formed, but not one of the keys


def check_bearer(authorization: str | None, keys: tuple[str, ...]) -> KeyCheck:
    """Check an `Authorization` header value against `keys` (empty `keys`: everything passes).

    >>> check_bearer("Bearer k1", ("k1", "k2")), check_bearer("k1", ("k1",)), check_bearer(None, ())
    (<KeyCheck.OK: 'ok'>, <KeyCheck.MALFORMED: 'malformed'>, <KeyCheck.OK: 'ok'>)
    """
    if not keys:
        return KeyCheck.OK
    if not authorization:
        return KeyCheck.MISSING
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return KeyCheck.MALFORMED
    presented = token.encode("utf-8", "replace")
    found = False
    for key in keys:  # subtle: no early exit, so the time taken does not tell which key matched
        found |= hmac.compare_digest(presented, key.encode("utf-8"))
    return KeyCheck.OK if found else KeyCheck.WRONG
