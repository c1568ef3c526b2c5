"""The SecretBox port with Fernet (AES-128-CBC and HMAC-SHA256, from `cryptography`): TOTP secrets are stored
sealed. MFA_ENCRYPTION_KEY holds one key or several, comma-separated: the first seals, every one opens (to rotate,
put the new key first and keep the old ones while secrets sealed under them remain). Without it the key is derived
from SECRET_KEY (HKDF-SHA256), so rotating SECRET_KEY then makes every stored TOTP secret unreadable: set
MFA_ENCRYPTION_KEY in production."""

from __future__ import annotations

import base64
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def derived_key(secret_key: str) -> bytes:
    """A Fernet key derived from SECRET_KEY, for one purpose only (sealing TOTP secrets)."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"user-support mfa totp secrets").derive(
        secret_key.encode()
    )
    return base64.urlsafe_b64encode(raw)


class FernetBox:
    def __init__(self, keys: Sequence[bytes | str]):
        if not keys:
            raise ValueError("a FernetBox needs at least one key")
        self._fernet = MultiFernet([Fernet(k) for k in keys])

    @classmethod
    def from_settings(cls, configured: str, secret_key: str) -> FernetBox:
        """MFA_ENCRYPTION_KEY (comma-separated Fernet keys, the first one sealing), else a key derived from
        SECRET_KEY."""
        keys = [k.strip() for k in configured.split(",") if k.strip()]
        return cls(keys or [derived_key(secret_key)])

    def seal(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode()).decode()

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken as exc:
            raise ValueError("not sealed under any MFA_ENCRYPTION_KEY this process holds") from exc
