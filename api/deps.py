"""Dependencies: the service graph, the signed-in user, the admin key."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.errors import ApiError
from api.rate_limit import RateLimiter
from api.security import AdminKey, AuthError, JwtVerifier, SecretToken
from core.config import Settings
from services.container import Services

_bearer = HTTPBearer(auto_error=False, description="A Supabase-style access token; its `sub` is the user id.")
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="Server-to-server admin key.")
_UNAUTHORIZED = {"WWW-Authenticate": "Bearer"}


# Dependencies are async on purpose: FastAPI runs a plain ``def`` dependency in
# a worker thread, a thread hand-off on every request for a dict lookup.
async def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _limit(request: Request, key: str) -> None:
    limiter: RateLimiter = request.app.state.rate_limiter
    wait = limiter.take(key)
    if wait > 0:
        raise ApiError(
            429,
            "rate_limited",
            "too many requests; slow down",
            headers={"Retry-After": limiter.retry_after_header(wait)},
        )


def client_ip(request: Request) -> str:
    """The peer address (uvicorn puts the forwarded one here behind a trusted
    proxy: --forwarded-allow-ips)."""
    return request.client.host if request.client is not None else "unknown"


def _unauthorized(request: Request, message: str, headers: dict[str, str] | None = None) -> ApiError:
    """A 401, charged to the client address's budget of failed attempts; past
    that budget a 429 instead (a 401 storm). Valid credentials are never
    refused for their address: users behind one NAT with a noisy client keep working."""
    limiter: RateLimiter = request.app.state.unauthenticated_limiter
    wait = limiter.take(client_ip(request))
    if wait > 0:
        return ApiError(
            429,
            "rate_limited",
            "too many failed attempts from this address; slow down",
            headers={"Retry-After": limiter.retry_after_header(wait)},
        )
    return ApiError(401, "unauthorized", message, headers=headers)


async def current_user(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> str:
    """The user id (``sub``) of a valid bearer token; 401 otherwise; 429 past the
    user's rate, or past the client address's budget of failed attempts."""
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise _unauthorized(request, "a bearer token is required", _UNAUTHORIZED)
    verifier: JwtVerifier = request.app.state.jwt_verifier
    try:
        user_id = await verifier.user_id(credentials.credentials)
    except AuthError as exc:
        raise _unauthorized(request, str(exc), _UNAUTHORIZED) from None
    _limit(request, user_id)
    return user_id


async def admin(request: Request, key: Annotated[str | None, Depends(_api_key)]) -> None:
    """Server-to-server routes: a matching X-API-Key, or 401."""
    admin_key: AdminKey = request.app.state.admin_key
    if not admin_key.enabled:
        raise _unauthorized(request, "the admin API is not configured (API_ADMIN_KEY)")
    if not admin_key.matches(key):
        raise _unauthorized(request, "a valid X-API-Key is required")
    _limit(request, "admin")


async def metrics_reader(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    """/metrics: open unless API_METRICS_TOKEN is set; then that bearer token or 401."""
    token: SecretToken = request.app.state.metrics_token
    if not token.enabled:
        return
    given = credentials.credentials if credentials is not None and credentials.scheme.lower() == "bearer" else None
    if not token.matches(given):
        raise _unauthorized(request, "a valid metrics bearer token is required", _UNAUTHORIZED)


CurrentUser = Annotated[str, Depends(current_user)]
ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
AdminOnly = Depends(admin)
MetricsReader = Depends(metrics_reader)
