"""Schema-driven fuzzing of every endpoint in the OpenAPI spec (schemathesis),
over real HTTP against the real app on SQLite and PostgreSQL with Redis:
no 500s, every error a typed JSON body, responses match the schema, and the
fuzzed user never sees another user's data."""

from __future__ import annotations

import uuid

import httpx
import schemathesis
from hypothesis import HealthCheck, given, settings, strategies as st
from schemathesis import checks

from api.main import create_app
from tests.api.conftest import ADMIN_KEY, auth
from tests.support.api_server import LiveApi

# Bounded so the whole fuzz stays within seconds per backend.
EXAMPLES_PER_OPERATION = 10


def test_every_endpoint_under_fuzzing(settings_for, backend, embedder, user_id, other_user_id):
    # The rate limit has its own test; here it would turn later examples into 429s.
    app = create_app(settings_for(backend, api_rate_limit_per_second=10_000, api_rate_limit_burst=10_000),
                     embedder=embedder)
    with LiveApi(app) as live, httpx.Client(base_url=live.url, timeout=30) as http:
        secret = http.post("/v1/me/memories", json={"content": "User's bank PIN is 4921."},
                           headers=auth(other_user_id)).json()["memory"]
        http.post("/v1/me/memories", json={"content": "User likes green tea."}, headers=auth(user_id))

        schema = schemathesis.openapi.from_dict(app.openapi())
        headers = {**auth(user_id), "X-API-Key": ADMIN_KEY}
        seen: list[str] = []
        statuses: set[int] = set()
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 15  # every route is in the spec

        def fuzz_operation(strategy: st.SearchStrategy) -> None:
            @settings(
                max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            @given(data=st.data())
            def fuzz(data: st.DataObject) -> None:
                case = data.draw(strategy)
                response = case.call(base_url=live.url, headers=headers)
                case.validate_response(
                    response, checks=[checks.not_a_server_error, checks.response_schema_conformance]
                )
                if response.status_code >= 400:
                    body = response.json()
                    assert isinstance(body.get("detail"), str) and isinstance(body.get("code"), str), body
                seen.append(response.text)
                statuses.add(response.status_code)

            fuzz()

        for operation in operations:
            fuzz_operation(operation.as_strategy())

        # Both accepted and rejected input were generated (the fuzz reached the handlers).
        assert {200, 201, 202, 404, 422} <= statuses, statuses
        assert 500 not in statuses
        # The fuzzed user's requests never returned the other user's memory...
        # (Its id and its stored text: a bare "4921" also turns up in random ids and timestamps.)
        assert not any(secret["id"] in text or secret["content"] in text for text in seen)
        # ...and the other user's memory is still there (the fuzz also erased the fuzzed user).
        assert http.get(f"/v1/me/memories/{secret['id']}", headers=auth(other_user_id)).status_code == 200
        assert http.get(f"/v1/me/memories/{uuid.uuid4()}", headers=auth(other_user_id)).status_code == 404
