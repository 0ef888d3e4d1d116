"""Dependencies: the service graph, the signed-in user, the admin key."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.errors import ApiError
from api.rate_limit import RateLimiter
from api.security import AdminKey, AuthError, JwtVerifier
from core.config import Settings
from services.container import Services

_bearer = HTTPBearer(auto_error=False, description="A Supabase-style access token; its `sub` is the user id.")
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="Server-to-server admin key.")
_UNAUTHORIZED = {"WWW-Authenticate": "Bearer"}


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def get_settings(request: Request) -> Settings:
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


async def current_user(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> str:
    """The user id (``sub``) of a valid bearer token; 401 otherwise; 429 past the user's rate."""
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise ApiError(401, "unauthorized", "a bearer token is required", headers=_UNAUTHORIZED)
    verifier: JwtVerifier = request.app.state.jwt_verifier
    try:
        user_id = await verifier.user_id(credentials.credentials)
    except AuthError as exc:
        raise ApiError(401, "unauthorized", str(exc), headers=_UNAUTHORIZED) from None
    _limit(request, user_id)
    return user_id


async def admin(request: Request, key: Annotated[str | None, Depends(_api_key)]) -> None:
    """Server-to-server routes: a matching X-API-Key, or 401."""
    admin_key: AdminKey = request.app.state.admin_key
    if not admin_key.enabled:
        raise ApiError(401, "unauthorized", "the admin API is not configured (API_ADMIN_KEY)")
    if not admin_key.matches(key):
        raise ApiError(401, "unauthorized", "a valid X-API-Key is required")
    _limit(request, "admin")


CurrentUser = Annotated[str, Depends(current_user)]
ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
AdminOnly = Depends(admin)
