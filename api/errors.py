"""Every error the API returns is one JSON shape, ``ErrorBody``.

Handlers raise ``ApiError`` for HTTP-level refusals (401, 404, 429) and let
``core.errors`` exceptions from the services through; the handlers here map
both, FastAPI's request validation and Starlette's routing errors to the same
typed body. Anything else is a bug: logged, and a 500 with the same shape.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.errors import (
    CompanionError,
    ConfigurationError,
    EmbeddingError,
    NotFoundError,
    ResourceClosedError,
    StorageError,
    UserErasedError,
    ValidationError,
    WriteConflictError,
)

logger = logging.getLogger("companion.api")


class ErrorBody(BaseModel):
    """The body of every error response."""

    detail: str
    code: str
    field: str | None = None


class ApiError(Exception):
    """An HTTP refusal with a typed body (raised by dependencies and handlers)."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        field: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.field = field
        self.headers = dict(headers or {})


def not_found(what: str = "not found") -> ApiError:
    return ApiError(404, "not_found", what)


def error_response(
    status: int, code: str, detail: str, field: str | None = None, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    body = ErrorBody(detail=detail, code=code, field=field)
    return JSONResponse(body.model_dump(), status_code=status, headers=dict(headers or {}))


def status_for(error: CompanionError) -> tuple[int, str]:
    """HTTP status and code for a service error."""
    if isinstance(error, ValidationError):
        return 422, "invalid"
    if isinstance(error, NotFoundError):
        return 404, "not_found"
    if isinstance(error, WriteConflictError):
        return 409, "conflict"
    if isinstance(error, UserErasedError):
        return 410, "erased"
    if isinstance(error, (StorageError, ResourceClosedError)):
        return 503, "storage_unavailable"
    if isinstance(error, EmbeddingError):
        return 503, "embedding_unavailable"
    if isinstance(error, ConfigurationError):
        return 503, "not_configured"
    return 400, "rejected"


def _field_of(location: Sequence[object]) -> str | None:
    # ("body", "content") -> "content"; ("query", "limit") -> "limit"
    parts = [str(p) for p in location if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or None


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that turn every failure into an ``ErrorBody``."""

    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.detail, exc.field, exc.headers)

    @app.exception_handler(CompanionError)
    async def service_error(request: Request, exc: CompanionError) -> JSONResponse:
        status, code = status_for(exc)
        if status == 503:
            logger.warning("%s %s: %s", request.method, request.url.path, exc)
            metrics = getattr(request.app.state, "metrics", None)
            if metrics is not None and isinstance(exc, StorageError):
                route = getattr(request.scope.get("route"), "path", "unknown")
                metrics.store_errors.labels(operation=f"{request.method} {route}").inc()
        return error_response(status, code, str(exc), getattr(exc, "field", None))

    @app.exception_handler(RequestValidationError)
    async def request_invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        field = _field_of(first.get("loc", ()))
        message = str(first.get("msg", "invalid request")).removeprefix("Value error, ")
        detail = f"{field}: {message}" if field else message
        return error_response(422, "invalid", detail, field)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unhandled error in %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", "internal error")
