"""Optional password login for the chat page (``settings.ui.auth`` / ``WIJZER_AUTH="user:password"``).

Off by default (a local, single-user page). When on, Chainlit needs ``CHAINLIT_AUTH_SECRET`` to sign its
session tokens: the server refuses to start without it.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping

SECRET_VAR = "CHAINLIT_AUTH_SECRET"


class AuthConfigError(ValueError):
    """Login is configured but cannot work as configured."""


def parse_credentials(spec: str) -> tuple[str, str]:
    """``"user:password"`` → ``("user", "password")`` (the password may contain colons)."""
    user, sep, password = spec.partition(":")
    if not sep or not user.strip() or not password:
        raise AuthConfigError('WIJZER_AUTH must look like "user:password" (both non-empty)')
    return user.strip(), password


def check_password(spec: str, username: str, password: str) -> bool:
    """Constant-time comparison of both the user name and the password."""
    expected_user, expected_password = parse_credentials(spec)
    user_ok = hmac.compare_digest(username.strip().encode("utf-8"), expected_user.encode("utf-8"))
    password_ok = hmac.compare_digest(password.encode("utf-8"), expected_password.encode("utf-8"))
    return user_ok & password_ok


def auth_problem(auth_spec: str | None, env: Mapping[str, str]) -> str | None:
    """Why the server cannot start with this login configuration, or None when it can."""
    if not auth_spec:
        return None
    try:
        parse_credentials(auth_spec)
    except AuthConfigError as exc:
        return f"wijzer chat: {exc}"
    if not env.get(SECRET_VAR, "").strip():
        return (
            f"wijzer chat: login is on (WIJZER_AUTH / ui.auth is set), so {SECRET_VAR} must be set too. "
            f"Generate one with `.venv/bin/chainlit create-secret` and export {SECRET_VAR}=<that value>."
        )
    return None
