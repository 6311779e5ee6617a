"""Credentials: salted scrypt password hashes, random tokens stored as hashes, and signed cookie values.

The signing key is `REHEARSE_SECRET_KEY`. Without it (development) each process makes a random key and
logs a warning: dashboard cookies then stop working when the process restarts, which is safe.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import logging
import os
import secrets
from typing import Optional

logger = logging.getLogger(__name__)

SECRET_KEY_ENV = "REHEARSE_SECRET_KEY"
MIN_SECRET_KEY_CHARS = 32

SCRYPT_N = 2 ** 14
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_DKLEN = 32
SALT_BYTES = 16
TOKEN_BYTES = 32
GENERATED_PASSWORD_BYTES = 18
MAX_PASSWORD_CHARS = 1024
"""scrypt's cost does not depend on the password's length, but an upper bound keeps requests small."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=SCRYPT_DKLEN, maxmem=256 * 1024 * 1024
    )


def hash_password(password: str) -> str:
    """`scrypt$n$r$p$salt$hash`, with a fresh random salt."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "scrypt$%d$%d$%d$%s$%s" % (SCRYPT_N, SCRYPT_R, SCRYPT_P, _b64(salt), _b64(digest))


def verify_password(password: str, stored: Optional[str]) -> bool:
    """Constant-time check; with no stored hash (unknown user) it still spends the same work."""
    if stored is None:
        _scrypt(password, b"\0" * SALT_BYTES, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        candidate = _scrypt(password, _unb64(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(candidate, _unb64(digest))


def generate_password() -> str:
    return secrets.token_urlsafe(GENERATED_PASSWORD_BYTES)


def generate_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """Tokens are long and random, so a plain SHA-256 is enough to make a stolen table useless."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=1)
def secret_key() -> bytes:
    configured = os.environ.get(SECRET_KEY_ENV, "")
    if configured:
        if len(configured) < MIN_SECRET_KEY_CHARS:
            logger.warning("%s is shorter than %d characters; use a long random value", SECRET_KEY_ENV, MIN_SECRET_KEY_CHARS)
        return configured.encode("utf-8")
    logger.warning(
        "%s is not set: using a random key for this process only (dashboard logins end when it restarts)",
        SECRET_KEY_ENV,
    )
    return secrets.token_bytes(32)


def keyed_digest(purpose: str, value: str) -> str:
    """HMAC-SHA256 of `value` under the secret key, separated by purpose (cookie, csrf, ...)."""
    message = purpose.encode("utf-8") + b"\0" + value.encode("utf-8")
    return _b64(hmac.new(secret_key(), message, hashlib.sha256).digest())


def sign(purpose: str, value: str) -> str:
    return value + "." + keyed_digest(purpose, value)


def unsign(purpose: str, signed: Optional[str]) -> Optional[str]:
    """The value inside `signed`, or None when the signature does not match."""
    if not signed or "." not in signed:
        return None
    value, _, signature = signed.rpartition(".")
    if not hmac.compare_digest(signature, keyed_digest(purpose, value)):
        return None
    return value
