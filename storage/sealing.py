"""Tokens at rest: sealed with Fernet (AES-128-CBC and HMAC-SHA256) under the deployment's ``CNO_TOKEN_KEY``."""

from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from storage.errors import BadTokenKey, TokensUnreadable

MAKE_A_KEY = 'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'


class Sealer:
    """Seals a document (a JSON object) so the database never holds a token in the clear."""

    def __init__(self, key: str) -> None:
        try:
            self._fernet = Fernet(key.strip().encode())
        except (ValueError, TypeError):
            raise BadTokenKey(
                f"CNO_TOKEN_KEY is not a Fernet key (32 url-safe base64-encoded bytes); make one with: {MAKE_A_KEY}"
            ) from None

    def seal(self, document: dict[str, Any]) -> str:
        return self._fernet.encrypt(json.dumps(document, sort_keys=True).encode()).decode()

    def open(self, sealed: str) -> dict[str, Any]:
        try:
            document: dict[str, Any] = json.loads(self._fernet.decrypt(sealed.encode()))
        except InvalidToken:
            raise TokensUnreadable(
                "the installations in the database were sealed with another CNO_TOKEN_KEY: "
                "set the key they were sealed with, or install the app again"
            ) from None
        return document
