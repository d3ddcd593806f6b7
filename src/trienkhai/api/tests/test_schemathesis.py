"""Schemathesis against the OpenAPI document, in-process on the WSGI application: for every
operation, generated requests (valid and invalid: paths, query strings, bodies) with clerk_a's
token; no server error, no status, content type or body outside the document. Bounded:
``SCHEMATHESIS_EXAMPLES`` per operation (default 12, well under a minute in all)."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import ApiWorld

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "12"))
SEEN: dict[int, int] = {}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def in_process(settings):
    """The WSGI application in this test's transaction: it must not close the connection
    between requests (what Django's test client also arranges)."""
    settings.ALLOWED_HOSTS = ["*"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_api_keeps_to_its_document(world: ApiWorld, bearer, in_process):
    token = bearer(world.tree.clerk_a, rate_per_minute=6000)
    headers = {"Authorization": token["HTTP_AUTHORIZATION"]}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", in_process)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20

    for operation in operations:
        exercise(operation, headers, failures)
    assert SEEN.get(200, 0) > 20 and not any(code >= 500 for code in SEEN), SEEN
    assert not failures, "\n\n".join(failures[:10])


def exercise(operation, headers: dict[str, str], failures: list[str]) -> None:
    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        point = transaction.savepoint_create()
        try:
            response = case.call(headers=headers)
            SEEN[response.status_code] = SEEN.get(response.status_code, 0) + 1
            try:
                case.validate_response(response, checks=CHECKS)
            except Exception as failure:  # collected, reported together
                failures.append(f"{operation.label}: {case.as_curl_command()}\n{failure}")
        finally:
            transaction.savepoint_rollback(point)

    run()
