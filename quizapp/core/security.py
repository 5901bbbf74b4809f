"""Web security that is not one area's business: response headers, the proxy in front, cookie flags,
password rules and a fresh session on every log-in.

See docs/security.md for the whole picture (CSRF, rate limits, uploads, XSS, the authorization matrix).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask import Flask, Response, abort, request, session
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

#: Every page's scripts, styles and images come from this site's own URLs (static/, the QR code route):
#: no inline script, no style attribute, no data: URL, no CDN.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}

#: one year, as browsers' preload lists expect; sent only over HTTPS
HSTS = "max-age=31536000; includeSubDomains"

PASSWORD_MIN = 8
PASSWORD_MAX = 200
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "data" / "common-passwords.txt"


def init_app(app: Flask) -> None:
    """Proxy headers, cookie flags and response headers, from the app's configuration."""
    hops = app.config.get("PROXY_FIX")
    if hops:
        # one reverse proxy (nginx) sets X-Forwarded-For/-Proto/-Host; trust exactly that many hops
        n = 1 if hops is True else int(hops)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    if app.config.get("REMEMBER_COOKIE_SECURE") is None:
        # the remember-me cookie is as sensitive as the session cookie: follow it unless told otherwise
        app.config["REMEMBER_COOKIE_SECURE"] = bool(app.config.get("SESSION_COOKIE_SECURE"))

    @app.before_request
    def refuse_json_that_is_not_a_form() -> None:
        # Flask-WTF reads a JSON body as the form: anything but an object of text fields (a list, a
        # number, a nested object) would reach the fields as a non-string and end in a 500
        if request.method == "POST" and request.is_json:
            data = request.get_json(silent=True)
            if not isinstance(data, dict) or not all(_is_text_field(v) for v in data.values()):
                abort(400, "Send the form's fields as text, in an HTML form or a JSON object of strings.")
            # NUL, as in a form (core.wrappers.Request): PostgreSQL text cannot hold it, no person types
            # it; the parsed body is cached, so the forms read it without
            for key, value in data.items():
                data[key] = _without_nul(value)

    @app.after_request
    def add_headers(response):  # type: ignore[no-untyped-def]
        # one pass over the response's headers, not one per header set (werkzeug's Headers is a list)
        present = {name.lower() for name, _ in response.headers}
        response.headers.extend([(k, v) for k, v in HEADERS.items() if k.lower() not in present])
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if _personal(response):
            # a logged-in page or file (scores, a class's results, a bank being authored) must not stay
            # in a shared computer's browser cache, or in a proxy's, for the next person to open
            response.headers["Cache-Control"] = "no-store"
            response.headers.setdefault("Pragma", "no-cache")
        return response


def _personal(response: Response) -> bool:
    """Whether a response may hold personal data: anything for a logged-in visitor (guests too) or a
    classroom player, except static files (the same for everyone) and responses that chose their own
    caching (the live pages' polls, which revalidate with an ETag)."""
    if request.endpoint == "static" or "Cache-Control" in response.headers:
        return False
    if any(name.startswith("classroom_player_") for name in request.cookies):
        return True
    return bool(getattr(current_user, "is_authenticated", False))


def _without_nul(value: str | list[str]) -> str | list[str]:
    if isinstance(value, str):
        return value.replace("\x00", "")
    return [v.replace("\x00", "") for v in value]


def _is_text_field(value: object) -> bool:
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))


@cache
def common_passwords() -> frozenset[str]:
    """A small bundled list of the most used passwords (lower-cased), read once per process."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, email: str = "", name: str = "") -> str | None:
    """Why a new password is refused, worded for the user; None when it is acceptable.

    NIST SP 800-63B's advice: a minimum length, no composition rules, and not a known-common password
    or one made of the account's own email or name.
    """
    if len(password) < PASSWORD_MIN:
        return f"Use at least {PASSWORD_MIN} characters."
    if len(password) > PASSWORD_MAX:
        return f"Use at most {PASSWORD_MAX} characters."
    folded = password.strip().lower()
    email = email.strip().lower()
    local = email.split("@", 1)[0]
    if folded and folded in {email, local, name.strip().lower()}:
        return "Do not use your email or your name as your password."
    if folded in common_passwords() or len(set(folded)) <= 2:
        return "That password is one of the most common ones; choose something less easy to guess."
    return None


def renew_session() -> None:
    """Start a new session before a log-in (or after a log-out), against session fixation.

    Flask's session is a signed cookie: clearing it drops every value a planted cookie could carry
    (including the CSRF secret), and the response sets a new cookie. Only flashed messages survive.
    """
    flashes = session.get("_flashes")
    session.clear()
    if flashes:
        session["_flashes"] = flashes
