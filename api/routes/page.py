"""GET /: the page where a user sees and edits what the companion remembers.

Server-rendered shell (Jinja) plus a small script that calls the same /v1/me
API with the user's token; no build step.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from core.models import MemoryKind

router = APIRouter(tags=["page"])
templates = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def memory_page(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "index.html", {"kinds": [kind.value for kind in MemoryKind]}
    )
