"""Who is staff, and the security headers every response carries.

Staff access: `is_staff(request_or_token, settings)` is the one check every staff-only thing calls (the
staff view of the page, feedback listing and export over HTTP, any later admin page). The token is the
value of the environment variable named by `settings.staff_token_env` (`POLICY_QA_STAFF_TOKEN`); it is
read where it is needed, never stored in `Settings`, never logged, never put in a URL. With no token set,
nobody is staff. A request proves it is staff by one of:

    Authorization: Bearer <token>            (scripts, curl)
    X-Staff-Token: <token>                   (a reverse proxy that authenticates staff itself)
    the `policy_qa_staff` cookie             (browsers: set by POST /api/staff/login, see api.py)

The cookie holds an expiry time and an HMAC of it keyed with the token, not the token; changing the
token signs everyone out. Comparisons are constant-time (`hmac.compare_digest`).

Headers: a Content-Security-Policy that fits the Gradio page (its scripts and styles are served by this
server; Gradio needs inline scripts and styles), `X-Content-Type-Options: nosniff`, `Referrer-Policy`,
and `frame-ancestors` from `settings.frame_ancestors` (a portal that embeds the page in an iframe is
listed there). Rate limits and body limits are `limits.py`'s.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time

from ..settings import Settings

STAFF_COOKIE = "policy_qa_staff"
STAFF_SESSION_SECONDS = 8 * 3600


def staff_token(settings: Settings) -> str:
    """The configured staff token, or '' when staff access is off."""
    return os.environ.get(settings.staff_token_env, "").strip()


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8", "replace"), b.encode("utf-8", "replace"))


def _signature(token: str, expires: int) -> str:
    return hmac.new(token.encode(), f"policy-qa staff session {expires}".encode(), hashlib.sha256).hexdigest()


def staff_cookie_value(settings: Settings, *, now: float | None = None) -> str:
    """A cookie value that proves staff access until it expires: `<expiry>.<hmac(token, expiry)>`.

    Raises:
        ValueError: staff access is off (no token configured).
    """
    token = staff_token(settings)
    if not token:
        raise ValueError(f"staff access is off: set {settings.staff_token_env} to a long random value")
    expires = int((time.time() if now is None else now) + STAFF_SESSION_SECONDS)
    return f"{expires}.{_signature(token, expires)}"


def _cookie_ok(value: str, token: str) -> bool:
    expires, _, sig = value.partition(".")
    if not expires.isdigit() or int(expires) < time.time():
        return False
    return _same(sig, _signature(token, int(expires)))


def _header(headers, name: str) -> str:
    if headers is None:
        return ""
    try:
        return headers.get(name) or ""
    except AttributeError:
        return ""


def is_staff(request_or_token, settings: Settings) -> bool:
    """Whether this request (a Starlette/FastAPI `Request`, a `gr.Request`) or this token string comes from
    staff. False when no staff token is configured, for None, and for anything it cannot read.

    >>> is_staff(None, Settings())
    False
    """
    token = staff_token(settings)
    if not token or request_or_token is None:
        return False
    if isinstance(request_or_token, str):
        return _same(request_or_token.strip(), token)
    headers = getattr(request_or_token, "headers", None)
    auth = _header(headers, "authorization")
    if auth[:7].lower() == "bearer " and _same(auth[7:].strip(), token):
        return True
    direct = _header(headers, "x-staff-token")
    if direct and _same(direct.strip(), token):
        return True
    cookies = getattr(request_or_token, "cookies", None) or {}
    try:
        cookie = cookies.get(STAFF_COOKIE) or ""
    except AttributeError:
        cookie = ""
    return bool(cookie) and _cookie_ok(cookie, token)


def require_staff(request, settings: Settings) -> None:
    """The staff gate of JSON routes: raises an HTTPException — 403 when staff access is off on this
    server, 401 when this request does not prove it is staff (the API turns it into `{"error": …}`)."""
    from starlette.exceptions import HTTPException

    if not staff_token(settings):
        raise HTTPException(403, f"staff routes are off on this server: set {settings.staff_token_env}")
    if not is_staff(request, settings):
        raise HTTPException(401, "staff only: send Authorization: Bearer <staff token>, or sign in at /staff",
                            headers={"WWW-Authenticate": "Bearer"})


def content_security_policy(settings: Settings) -> str:
    """The CSP for the page and the API. Everything comes from this server; Gradio's page needs inline
    scripts and styles (its config is an inline script), `eval` (its front end evaluates templates with
    it: without 'unsafe-eval' the browser console fills with "Error evaluating template") and data:/blob:
    images, fonts and workers. What the CSP still buys: no script, style, frame or connection from any
    other origin, no plugins, no <base> or form redirection, and who may frame the page."""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "media-src 'self' data: blob:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        f"frame-ancestors {settings.frame_ancestors}",
    ])


def security_headers(settings: Settings) -> list[tuple[bytes, bytes]]:
    """The headers added to every HTTP response (raw ASGI form)."""
    headers = [
        (b"content-security-policy", content_security_policy(settings).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
    ]
    # X-Frame-Options for browsers without CSP 2; it cannot name other origins, so only for 'self'/'none'.
    legacy = {"'self'": b"SAMEORIGIN", "'none'": b"DENY"}.get(settings.frame_ancestors.strip())
    if legacy:
        headers.append((b"x-frame-options", legacy))
    return headers
