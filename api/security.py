"""End-user JWTs (Supabase-style) and the server-to-server admin key.

A token's ``sub`` is the user id; every /v1/me route acts on it alone. HS256
tokens are checked with the project's JWT secret; RS256/ES256 tokens against
the configured JWKS (inline JSON and/or a URL, fetched and cached by PyJWT).
The algorithm list is fixed per key type, so a token cannot choose "none" or
pass an HMAC signed with a public key.
"""

from __future__ import annotations

import hmac
import json
import time

import jwt
from anyio import to_thread
from jwt import PyJWK, PyJWKClient, PyJWKSet

from core.bounded import BoundedMap
from core.config import Settings
from core.errors import ConfigurationError, InvalidUserIdError
from core.validators import validate_user_id

HMAC_ALGORITHMS = ("HS256",)
ASYMMETRIC_ALGORITHMS = ("RS256", "ES256")
MIN_SECRET_CHARS = 32
# Secrets published in templates and quick-starts (the Supabase CLI's local JWT
# secret among them): a server configured with one of these accepts tokens
# anybody can mint.
KNOWN_DEFAULT_SECRETS = frozenset(
    {
        "changethis",
        "secret",
        "super-secret-jwt-token-with-at-least-32-characters-long",
        "your-super-secret-jwt-token-with-at-least-32-characters-long",
    }
)


class AuthError(Exception):
    """The request's credentials are missing, expired or forged (HTTP 401)."""


def _check_secret(name: str, value: str) -> None:
    if value.strip().lower() in KNOWN_DEFAULT_SECRETS or value.lower().startswith("changethis"):
        raise ConfigurationError(f"{name} is a published default value; set a random secret")
    if len(value) < MIN_SECRET_CHARS:
        raise ConfigurationError(f"{name} must be at least {MIN_SECRET_CHARS} characters")


# Verified tokens are remembered until they expire (or are pushed out): an app
# sends the same access token with every request for its lifetime, and checking
# its signature and claims again costs more than the rest of a cached list page.
VERIFIED_TOKEN_CACHE_SIZE = 4096
VERIFIED_TOKEN_MAX_AGE_S = 300.0


class JwtVerifier:
    """Verifies end-user access tokens and returns the user id they carry."""

    def __init__(self, settings: Settings) -> None:
        secret = settings.api_jwt_secret.get_secret_value() if settings.api_jwt_secret else ""
        if not secret and not settings.api_jwt_jwks_url and not settings.api_jwt_jwks_json:
            raise ConfigurationError(
                "the API needs API_JWT_SECRET or a JWKS (API_JWT_JWKS_URL / API_JWT_JWKS_JSON) to verify users"
            )
        if secret:
            _check_secret("API_JWT_SECRET", secret)
        self._secret = secret or None
        self._keys: dict[str, PyJWK] = {}
        if settings.api_jwt_jwks_json:
            try:
                key_set = PyJWKSet.from_dict(json.loads(settings.api_jwt_jwks_json))
            except (ValueError, jwt.PyJWKSetError) as exc:
                raise ConfigurationError(f"API_JWT_JWKS_JSON is not a usable JWKS: {exc}") from None
            self._keys = {key.key_id or "": key for key in key_set.keys}
        self._jwks_client = PyJWKClient(settings.api_jwt_jwks_url) if settings.api_jwt_jwks_url else None
        self._audience = settings.api_jwt_audience or None
        self._issuer = settings.api_jwt_issuer or None
        # token -> (user id, expiry as a Unix time). Only successes are kept; an
        # entry is used while the token's own ``exp`` lies ahead and for at most
        # VERIFIED_TOKEN_MAX_AGE_S (so a key removed from the JWKS stops working soon).
        self._verified: BoundedMap[str, tuple[str, float]] = BoundedMap(
            VERIFIED_TOKEN_CACHE_SIZE, ttl_seconds=VERIFIED_TOKEN_MAX_AGE_S
        )

    async def user_id(self, token: str) -> str:
        """The validated ``sub`` of ``token``; AuthError for anything else."""
        known = self._verified.get(token)
        if known is not None and known[1] > time.time():
            return known[0]
        user_id, expires = await self._verify(token)
        self._verified[token] = (user_id, expires)
        return user_id

    async def _verify(self, token: str) -> tuple[str, float]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise AuthError("the token is not a JWT") from None
        algorithm = header.get("alg")
        if algorithm in HMAC_ALGORITHMS and self._secret is not None:
            key: object = self._secret
        elif algorithm in ASYMMETRIC_ALGORITHMS and (self._keys or self._jwks_client):
            key = await self._public_key(token, str(header.get("kid") or ""))
        else:
            raise AuthError("the token's signing algorithm is not accepted")
        try:
            claims = jwt.decode(
                token,
                key,  # type: ignore[arg-type]  # str secret or a PyJWK's key object
                algorithms=[algorithm],
                audience=self._audience,
                issuer=self._issuer,
                options={"require": ["exp", "sub"], "verify_aud": self._audience is not None},
            )
        except jwt.ExpiredSignatureError:
            raise AuthError("the token has expired") from None
        except jwt.PyJWTError:
            raise AuthError("the token is invalid") from None
        try:
            return validate_user_id(claims["sub"]), float(claims["exp"])
        except InvalidUserIdError:
            raise AuthError("the token's subject is not a user id") from None

    async def _public_key(self, token: str, kid: str) -> object:
        found = self._keys.get(kid) or (next(iter(self._keys.values())) if len(self._keys) == 1 and not kid else None)
        if found is not None:
            return found.key
        if self._jwks_client is None:
            raise AuthError("the token's key id is not in the configured JWKS")
        client = self._jwks_client
        try:
            # PyJWKClient fetches over blocking HTTP (then caches): off the event loop.
            signing = await to_thread.run_sync(client.get_signing_key_from_jwt, token)
        except jwt.PyJWKClientError:
            raise AuthError("the token's key id is not in the configured JWKS") from None
        return signing.key


class SecretToken:
    """A configured shared secret compared in constant time; disabled when unset."""

    def __init__(self, name: str, value: str) -> None:
        if value:
            _check_secret(name, value)
        self._value = value.encode() if value else None

    @property
    def enabled(self) -> bool:
        return self._value is not None

    def matches(self, given: str | None) -> bool:
        if self._value is None or not given:
            return False
        return hmac.compare_digest(given.encode(), self._value)


class AdminKey(SecretToken):
    """The X-API-Key of server-to-server routes; disabled when they are switched off."""

    def __init__(self, settings: Settings) -> None:
        value = settings.api_admin_key.get_secret_value() if settings.api_admin_key else ""
        super().__init__("API_ADMIN_KEY", value)


def metrics_token(settings: Settings) -> SecretToken:
    """The bearer token /metrics requires (API_METRICS_TOKEN), or a disabled one."""
    value = settings.api_metrics_token.get_secret_value() if settings.api_metrics_token else ""
    return SecretToken("API_METRICS_TOKEN", value)
