"""Operations: /healthz (process up), /readyz (dependencies), /metrics (Prometheus)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from api.deps import MetricsReader, ServicesDep
from api.schemas import Health, Readiness
from services.health import readiness
from services.metrics import CONTENT_TYPE_LATEST, CompanionMetrics

router = APIRouter(tags=["ops"])


@router.get("/healthz", response_model=Health, summary="The process is up")
async def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Readiness,
    summary="Store reachable, cache state, embedding model loaded",
    responses={503: {"model": Readiness, "description": "Not ready yet (or the store is down)."}},
)
async def readyz(services: ServicesDep) -> JSONResponse:
    state = await readiness(services)
    body = Readiness(
        ready=state.ready, store=state.store, cache=state.cache, embedding_model_loaded=state.embedding_model_loaded
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=200 if state.ready else 503)


@router.get(
    "/metrics",
    summary="Prometheus metrics (companion_*)",
    description="Open unless API_METRICS_TOKEN is set; then `Authorization: Bearer <token>` is required.",
    response_class=Response,
    dependencies=[MetricsReader],
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Text exposition format."}},
)
async def metrics(request: Request) -> Response:
    registry: CompanionMetrics = request.app.state.metrics
    return Response(registry.render(), media_type=CONTENT_TYPE_LATEST)
