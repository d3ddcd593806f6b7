"""Tokens: made for oneself within one's roles, shown once, stored hashed, expired and revoked
ones refused, narrowed by units and actions through ``core.access`` itself, rate-limited,
their last use remembered; the token page and ``trienkhai token create``."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from trienkhai.api.models import ApiToken
from trienkhai.api.services import create_token, digest_of, revoke_token
from trienkhai.core.models import AuditEvent

from .conftest import ApiWorld

pytestmark = pytest.mark.django_db


def auth(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_token_is_stored_hashed_and_its_making_audited(world: ApiWorld):
    token, secret = create_token(user=world.tree.clerk_a, name="Sổ tay điện tử")
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in json.dumps(row, default=str)
    assert row["digest"] == digest_of(secret)
    assert secret.startswith(row["prefix"])
    event = AuditEvent.objects.filter(object_type="api.apitoken", object_id=str(token.pk)).get()
    assert event.actor == world.tree.clerk_a
    assert event.after["name"] == "Sổ tay điện tử"


def test_an_expired_token_is_refused(world: ApiWorld, api):
    token, secret = create_token(user=world.tree.clerk_a, name="old", days=1)
    assert api.get("/api/v1/units/", **auth(secret)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(1))
    refused = api.get("/api/v1/units/", **auth(secret))
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Bearer"


def test_a_revoked_token_is_refused_at_once(world: ApiWorld, api):
    token, secret = create_token(user=world.tree.clerk_a, name="lost phone")
    assert api.get("/api/v1/units/", **auth(secret)).status_code == 200
    revoke_token(user=world.tree.clerk_a, token=token)
    assert api.get("/api/v1/units/", **auth(secret)).status_code == 401


def test_only_its_owner_revokes_a_token(world: ApiWorld):
    token, _secret = create_token(user=world.tree.clerk_a, name="mine")
    with pytest.raises(PermissionDenied):
        revoke_token(user=world.tree.clerk_b, token=token)


def test_a_token_for_units_sees_only_their_subtrees(world: ApiWorld, api):
    """The province's head narrows a token to commune A: commune B's rows are 404 with it, as
    for any user outside the scope, though the head's own role covers them."""
    t = world.tree
    _token, secret = create_token(user=world.w.head_p, name="xã An Phú", units=[t.commune_a])
    assert api.get(f"/api/v1/sessions/{world.a.session.pk}/", **auth(secret)).status_code == 200
    assert api.get(f"/api/v1/sessions/{world.b.session.pk}/", **auth(secret)).status_code == 404
    codes = {u["code"] for u in api.get("/api/v1/units/", **auth(secret)).json()["items"]}
    assert codes == {"HL-A", "HL-A1"}


def test_a_view_only_token_cannot_write(world: ApiWorld, api):
    """clerk_a may record attendance, but not with a token narrowed to ``view``: 403, the
    service's own refusal (``require``), nothing written."""
    _token, secret = create_token(user=world.tree.clerk_a, name="đọc", actions=["view"])
    before = AuditEvent.objects.count()
    response = api.post(
        f"/api/v1/sessions/{world.a.session.pk}/attendance/",
        json.dumps({"person_id": world.a.person.pk, "status": "absent", "reason": "x"}),
        content_type="application/json",
        **auth(secret),
    )
    assert response.status_code == 403
    assert AuditEvent.objects.count() == before
    assert api.get("/api/v1/sessions/", **auth(secret)).status_code == 200


def test_a_token_cannot_reach_beyond_its_users_roles(world: ApiWorld):
    t = world.tree
    with pytest.raises(ValidationError) as units:
        create_token(user=t.clerk_a, name="x", units=[t.commune_b])
    assert "units" in units.value.error_dict
    with pytest.raises(ValidationError) as actions:
        create_token(user=t.clerk_a, name="x", actions=["approve"])
    assert "actions" in actions.value.error_dict
    with pytest.raises(PermissionDenied):
        create_token(user=t.clerk_a, name="x", kind=ApiToken.Kind.SERVICE)
    token, _secret = create_token(user=t.admin, name="cổng tỉnh", kind=ApiToken.Kind.SERVICE)
    assert token.kind == ApiToken.Kind.SERVICE


def test_the_rate_is_per_token(world: ApiWorld, api):
    cache.clear()
    _token, secret = create_token(user=world.tree.clerk_a, name="fast", rate_per_minute=3)
    _other, other = create_token(user=world.tree.clerk_a, name="other", rate_per_minute=3)
    codes = [api.get("/api/v1/units/", **auth(secret)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = api.get("/api/v1/units/", **auth(secret))
    assert refused["Content-Type"] == "application/problem+json"
    assert int(refused["Retry-After"]) <= 60
    assert api.get("/api/v1/units/", **auth(other)).status_code == 200


def test_the_last_use_is_remembered_without_a_write_per_request(
    world: ApiWorld, api, django_assert_max_num_queries
):
    token, secret = create_token(user=world.tree.clerk_a, name="used")
    assert token.last_used_at is None
    api.get("/api/v1/units/", **auth(secret))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    api.get("/api/v1/units/", **auth(secret))
    token.refresh_from_db()
    assert token.last_used_at == first


def test_problems_speak_the_callers_language(world: ApiWorld, api):
    vi = api.get("/api/v1/units/", HTTP_ACCEPT_LANGUAGE="vi")
    en = api.get("/api/v1/units/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert vi.status_code == en.status_code == 401
    assert en.json()["title"] == "Not signed in"
    assert vi.json()["title"] != en.json()["title"]
    assert vi["Content-Language"] == "vi"


def test_the_command_prints_a_token_once(world: ApiWorld, api):
    out = io.StringIO()
    call_command("token", "create", "clerk_a", "--name", "máy điểm danh", "--days", "7", stdout=out)
    secret = out.getvalue().strip()
    assert api.get("/api/v1/units/", **auth(secret)).status_code == 200
    token = ApiToken.objects.get(digest=digest_of(secret))
    assert token.expires_at - token.created_at <= datetime.timedelta(days=7, seconds=5)


def test_the_token_page_shows_a_new_token_once_and_revokes(world: ApiWorld, client, login):
    t = world.tree
    login(t.clerk_a)
    page = client.get("/api/tokens/")
    assert page.status_code == 200
    made = client.post(
        "/api/tokens/", {"name": "Cổng thông tin", "days": "30", "actions": ["view"]}
    )
    assert made.status_code == 200
    token = ApiToken.objects.get(user=t.clerk_a, name="Cổng thông tin")
    secret = made.context["secret"]
    assert secret.encode() in made.content
    assert secret.encode() not in client.get("/api/tokens/").content
    assert token.actions == ["view"]
    revoked = client.post(f"/api/tokens/{token.pk}/revoke/")
    assert revoked.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_nobody_revokes_anothers_token_from_the_page(world: ApiWorld, client, login):
    token, _secret = create_token(user=world.tree.clerk_a, name="mine")
    login(world.tree.clerk_b)
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
