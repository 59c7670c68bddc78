"""Passwords for sources: from an environment variable named in the source, or the system keyring.

Never from a file in clear, and never in a log line or an error message.
"""

from __future__ import annotations

import os

from twin.errors import SourceError
from twin.schema import Source

__all__ = ["KEYRING_SERVICE", "password_for", "store_password"]

KEYRING_SERVICE = "twin"


def password_for(source: Source) -> str:
    """The source's password; SourceError saying where it was looked for when there is none."""
    variable = source.options.get("password_env")
    if variable:
        value = os.environ.get(str(variable))
        if not value:
            raise SourceError(f"source {source.name}: environment variable {variable} is not set")
        return value
    keyring = _keyring(source.name)
    try:
        value = keyring.get_password(KEYRING_SERVICE, source.name)
    except Exception as exc:  # noqa: BLE001 - any keyring backend failure means: no password here
        raise SourceError(f"source {source.name}: the system keyring failed: {type(exc).__name__}") from None
    if not value:
        raise SourceError(
            f"source {source.name}: no password in the system keyring; "
            f"add the source again, or give it --password-env VAR"
        )
    return str(value)


def store_password(source_name: str, password: str) -> None:
    keyring = _keyring(source_name)
    try:
        keyring.set_password(KEYRING_SERVICE, source_name, password)
    except Exception as exc:  # noqa: BLE001 - e.g. no backend on a headless machine
        raise SourceError(
            f"source {source_name}: cannot store the password in the system keyring ({type(exc).__name__}); "
            f"use --password-env VAR instead"
        ) from None


def _keyring(source_name: str):  # type: ignore[no-untyped-def]
    try:
        import keyring
    except ImportError:
        raise SourceError(
            f"source {source_name}: the keyring package is not installed; use --password-env VAR"
        ) from None
    return keyring
