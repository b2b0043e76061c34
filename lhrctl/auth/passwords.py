"""Passwords (argon2id, via argon2-cffi) and one-time enrolment codes."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from lhrctl.errors import UsageError

MIN_LENGTH = 8
# Crockford's base32 without look-alikes: a code read over the phone survives O/0 and I/1.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"

_hasher = PasswordHasher()  # argon2id with the library's RFC 9106 defaults


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return bool(_hasher.check_needs_rehash(password_hash))


def check_policy(password: str, national_id: str) -> None:
    if len(password) < MIN_LENGTH:
        raise UsageError(
            f"The password must have at least {MIN_LENGTH} characters.",
            f"รหัสผ่านต้องมีอย่างน้อย {MIN_LENGTH} ตัวอักษร",
        )
    if national_id in password:
        raise UsageError(
            "The password must not contain your national ID.",
            "รหัสผ่านต้องไม่มีเลขประจำตัวประชาชนของท่าน",
        )


def new_enrolment_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def enrolment_code_digest(code: str) -> str:
    """Codes are random and short-lived, so a plain digest is enough to store them."""
    normalised = "".join(code.split()).replace("-", "").upper()
    return hashlib.sha256(normalised.encode()).hexdigest()
