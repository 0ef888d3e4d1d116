"""Who may call what: end-user JWTs (HS256, RS256/ES256 via JWKS), the admin
key, refused secrets at start-up, the per-user rate limit."""

from __future__ import annotations

import asyncio
import json
import time
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from fastapi.testclient import TestClient
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from api.main import create_app
from api.rate_limit import RateLimiter
from api.security import AuthError, JwtVerifier
from core.errors import ConfigurationError
from tests.api.conftest import ADMIN_KEY, api_settings, auth, make_token


def status_and_code(response) -> tuple[int, str]:
    return response.status_code, response.json()["code"]


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Bearer not-a-jwt",
        "Bearer " + make_token(str(uuid.uuid4()), expires_in=-10),  # expired
        "Bearer " + make_token(str(uuid.uuid4()), secret="another-projects-secret-" + "x" * 30),  # forged
        "Bearer " + make_token(str(uuid.uuid4()), audience="anon-service"),  # wrong audience
        "Bearer " + make_token("not-a-uuid"),  # subject is not a user id
        "Bearer " + jwt.encode({"sub": str(uuid.uuid4()), "aud": "authenticated"}, "k" * 40, algorithm="HS256"),
    ],
    ids=["missing", "empty", "basic", "garbage", "expired", "forged", "audience", "subject", "no-exp"],
)
def test_bad_credentials_are_401(sqlite_client, header):
    headers = {"Authorization": header} if header else {}
    response = sqlite_client.get("/v1/me/memories", headers=headers)
    assert status_and_code(response) == (401, "unauthorized")
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_unsigned_token_is_refused(sqlite_client, user_id):
    unsigned = jwt.encode({"sub": user_id, "aud": "authenticated", "exp": int(time.time()) + 60}, None,
                          algorithm="none")
    response = sqlite_client.get("/v1/me/profile", headers={"Authorization": f"Bearer {unsigned}"})
    assert status_and_code(response) == (401, "unauthorized")
    assert "algorithm" in response.json()["detail"]


def test_valid_token_acts_on_its_subject(sqlite_client, user_id):
    response = sqlite_client.get("/v1/me/profile", headers=auth(user_id))
    assert response.status_code == 200 and response.json()["user_id"] == user_id


def _jwks_settings(tmp_path, redis_server, key, algorithm_class, kid: str):
    jwk = json.loads(algorithm_class.to_jwk(key.public_key()))
    jwk.update({"kid": kid, "use": "sig"})
    return api_settings(
        tmp_path, redis_url=redis_server.url, api_jwt_secret=None, api_jwt_jwks_json=json.dumps({"keys": [jwk]})
    )


@pytest.mark.parametrize("algorithm", ["RS256", "ES256"])
def test_asymmetric_tokens_against_a_jwks(tmp_path, redis_server, embedder, user_id, algorithm):
    if algorithm == "RS256":
        key, other = (rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2))
        settings = _jwks_settings(tmp_path, redis_server, key, RSAAlgorithm, "k1")
    else:
        key, other = (ec.generate_private_key(ec.SECP256R1()) for _ in range(2))
        settings = _jwks_settings(tmp_path, redis_server, key, ECAlgorithm, "k1")
    claims = {"sub": user_id, "aud": "authenticated", "exp": int(time.time()) + 60}
    good = jwt.encode(claims, key, algorithm=algorithm, headers={"kid": "k1"})
    forged = jwt.encode(claims, other, algorithm=algorithm, headers={"kid": "k1"})
    unknown_kid = jwt.encode(claims, key, algorithm=algorithm, headers={"kid": "k2"})
    # With only a JWKS configured, an HS256 token cannot get in at all.
    hmac_token = make_token(user_id)
    with TestClient(create_app(settings, embedder=embedder)) as client:
        ok = client.get("/v1/me/profile", headers={"Authorization": f"Bearer {good}"})
        assert ok.status_code == 200 and ok.json()["user_id"] == user_id
        for token in (forged, unknown_kid, hmac_token):
            response = client.get("/v1/me/profile", headers={"Authorization": f"Bearer {token}"})
            assert status_and_code(response) == (401, "unauthorized")


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"api_jwt_secret": None}, "API_JWT_SECRET"),
        ({"api_jwt_secret": ""}, "API_JWT_SECRET"),
        ({"api_jwt_secret": "super-secret-jwt-token-with-at-least-32-characters-long"}, "published default"),
        ({"api_jwt_secret": "changethis"}, "published default"),
        ({"api_jwt_secret": "short-secret"}, "at least 32"),
        ({"api_admin_key": "changethis"}, "API_ADMIN_KEY"),
        ({"api_jwt_secret": None, "api_jwt_jwks_json": "{not json"}, "JWKS"),
    ],
)
def test_missing_or_default_secrets_refuse_to_start(tmp_path, overrides, message):
    with pytest.raises(ConfigurationError, match=message):
        create_app(api_settings(tmp_path, **overrides))


def test_admin_routes_need_the_key(sqlite_client, user_id):
    sqlite_client.post("/v1/me/memories", json={"content": "User likes green tea."}, headers=auth(user_id))
    path = f"/v1/users/{user_id}/memories"
    assert status_and_code(sqlite_client.get(path)) == (401, "unauthorized")
    assert status_and_code(sqlite_client.get(path, headers={"X-API-Key": "wrong" * 10})) == (401, "unauthorized")
    # A user's own token is not an admin key.
    assert status_and_code(sqlite_client.get(path, headers=auth(user_id))) == (401, "unauthorized")
    ok = sqlite_client.get(path, headers={"X-API-Key": ADMIN_KEY})
    assert ok.status_code == 200 and ok.json()["count"] == 1
    missing = sqlite_client.get(f"/v1/users/{uuid.uuid4()}/memories", headers={"X-API-Key": ADMIN_KEY})
    assert status_and_code(missing) == (404, "not_found")


def test_admin_routes_off_without_a_key(tmp_path, redis_server, embedder, user_id):
    settings = api_settings(tmp_path, redis_url=redis_server.url, api_admin_key=None)
    with TestClient(create_app(settings, embedder=embedder)) as client:
        response = client.get(f"/v1/users/{user_id}/export", headers={"X-API-Key": ""})
        assert status_and_code(response) == (401, "unauthorized")
        assert "not configured" in response.json()["detail"]


def test_rate_limit_is_per_user(tmp_path, redis_server, embedder, user_id, other_user_id):
    settings = api_settings(tmp_path, redis_url=redis_server.url, api_rate_limit_per_second=0.01,
                            api_rate_limit_burst=3)
    with TestClient(create_app(settings, embedder=embedder)) as client:
        codes = [client.get("/v1/me/profile", headers=auth(user_id)).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        limited = client.get("/v1/me/profile", headers=auth(user_id))
        assert status_and_code(limited) == (429, "rate_limited") and int(limited.headers["Retry-After"]) >= 1
        # Another user is not slowed down by the first one.
        assert client.get("/v1/me/profile", headers=auth(other_user_id)).status_code == 200


def test_rate_limiter_refills_over_time():
    now = [0.0]
    limiter = RateLimiter(rate_per_second=2.0, burst=2, clock=lambda: now[0])
    assert [limiter.take("u") for _ in range(2)] == [0.0, 0.0]
    assert limiter.take("u") == pytest.approx(0.5)
    now[0] += 0.5
    assert limiter.take("u") == 0.0
    now[0] += 100  # idle users' buckets are dropped once full again
    limiter.take("v")
    assert "u" not in limiter._buckets


def test_failed_authentication_is_limited_per_address(tmp_path, redis_server, embedder, user_id):
    """A 401 storm from one address turns into 429s; valid tokens from it still work."""
    settings = api_settings(tmp_path, redis_url=redis_server.url, api_unauthenticated_rate_limit_per_second=0.01,
                            api_unauthenticated_rate_limit_burst=3)
    forged = {"Authorization": f"Bearer {make_token(user_id, secret='x' * 40)}"}
    with TestClient(create_app(settings, embedder=embedder)) as client:
        codes = [client.get("/v1/me/memories", headers=forged).status_code for _ in range(3)]
        codes.append(client.get("/v1/me/memories").status_code)  # no token at all counts too
        codes.append(client.get(f"/v1/users/{user_id}/memories", headers={"X-API-Key": "wrong"}).status_code)
        assert codes == [401, 401, 401, 429, 429]
        limited = client.get("/v1/me/profile", headers=forged)
        assert status_and_code(limited) == (429, "rate_limited") and int(limited.headers["Retry-After"]) >= 1
        assert client.get("/v1/me/profile", headers=auth(user_id)).status_code == 200


def test_a_verified_token_is_remembered_only_until_it_expires(tmp_path, user_id, monkeypatch):
    verifier = JwtVerifier(api_settings(tmp_path))
    checked: list[str] = []
    verify = verifier._verify

    async def counting(token: str) -> tuple[str, float]:
        checked.append(token)
        return await verify(token)

    monkeypatch.setattr(verifier, "_verify", counting)
    good = make_token(user_id, expires_in=60)
    forged = make_token(user_id, secret="f" * 40)

    async def scenario() -> None:
        assert await verifier.user_id(good) == user_id
        assert await verifier.user_id(good) == user_id
        assert checked == [good]  # the second request did not check the signature again
        for _ in range(2):  # a failure is never remembered
            with pytest.raises(AuthError):
                await verifier.user_id(forged)
        assert checked == [good, forged, forged]
        # Past the token's exp (by this clock) the remembered result is not used:
        # the token is checked again (and PyJWT then judges it by its own clock).
        later = time.time() + 61
        monkeypatch.setattr(time, "time", lambda: later)
        await verifier.user_id(good)
        assert checked == [good, forged, forged, good]

    asyncio.run(scenario())
