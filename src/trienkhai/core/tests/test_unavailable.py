"""The database gone away mid-request: a 503 page in Vietnamese, and nothing half written."""

from unittest import mock

import psycopg
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from trienkhai.core.models import AuditEvent, User
from trienkhai.tooling.testing import PASSWORD
from trienkhai.units import services as unit_services
from trienkhai.units.models import Person

NEW_LOGIN = {"username": "an.nguyen", "password1": PASSWORD, "password2": PASSWORD}


def login_url(person):
    return reverse("units:person-login", args=[person.pk])


def assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Hệ thống tạm thời gián đoạn" in html
    assert "không có dữ liệu nào bị ghi dở" in html
    assert "thử lại" in html


def fail_after_the_first_writes():
    """``record`` (the audit event, written last) fails as a dropped connection does: the
    login and the person's link were already written inside the service's transaction."""

    def record(**kwargs):
        assert User.objects.filter(username="an.nguyen").exists()  # the first write happened
        raise OperationalError("server closed the connection unexpectedly")

    return record


def test_a_database_error_mid_service_gives_503_and_writes_nothing(tree, client):
    client.force_login(tree.admin)
    events = AuditEvent.objects.count()

    with mock.patch.object(unit_services, "record", fail_after_the_first_writes()):
        response = client.post(login_url(tree.person_a), NEW_LOGIN)

    assert_unavailable_page(response)
    assert not User.objects.filter(username="an.nguyen").exists()
    assert Person.objects.get(pk=tree.person_a.pk).user_id is None
    assert AuditEvent.objects.count() == events
    # The next request works and writes it all.
    response = client.post(login_url(tree.person_a), NEW_LOGIN)
    assert response.status_code == 302
    assert Person.objects.get(pk=tree.person_a.pk).user.username == "an.nguyen"


def test_the_page_follows_the_chosen_language(tree, client):
    client.force_login(tree.admin)
    client.cookies["django_language"] = "en"
    with mock.patch.object(unit_services, "record", fail_after_the_first_writes()):
        response = client.post(login_url(tree.person_a), NEW_LOGIN)

    assert response.status_code == 503
    assert "The system is temporarily unavailable" in response.content.decode()


def test_a_database_error_before_the_view_gives_503_too(tree):
    """The login check reads the session in a middleware, before any view: ``handler500``."""
    client = Client(raise_request_exception=False)
    client.force_login(tree.clerk_a)
    with mock.patch.object(
        SessionStore, "load", side_effect=OperationalError("database is locked")
    ):
        response = client.get(reverse("units:tree"))

    assert_unavailable_page(response)


def test_other_errors_stay_500(tree):
    client = Client(raise_request_exception=False)
    client.force_login(tree.clerk_a)
    with mock.patch.object(SessionStore, "load", side_effect=RuntimeError("a bug")):
        response = client.get(reverse("units:tree"))

    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.django_db(transaction=True)
def test_postgresql_backend_terminated_mid_request_gives_503_and_no_half_write(client):
    """A real dropped connection: another session terminates the request's backend after its
    first writes (``pg_terminate_backend``), the service's next statement fails."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (TRIENKHAI_DATABASE_URL=postgres://…)")
    from trienkhai.tooling.testing import make_tree

    tree = make_tree()
    client.force_login(tree.admin)
    real_record = unit_services.record
    settings_dict = connection.settings_dict

    def terminate_then_record(**kwargs):
        pid = connection.connection.info.backend_pid
        with psycopg.connect(
            host=settings_dict["HOST"] or "127.0.0.1",
            port=settings_dict["PORT"] or 5432,
            user=settings_dict["USER"],
            password=settings_dict["PASSWORD"] or None,
            dbname=settings_dict["NAME"],
            autocommit=True,
        ) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [pid])
        return real_record(**kwargs)

    with mock.patch.object(unit_services, "record", terminate_then_record):
        response = client.post(login_url(tree.person_a), NEW_LOGIN)

    assert_unavailable_page(response)
    connection.close()
    assert not User.objects.filter(username="an.nguyen").exists()
    assert Person.objects.get(pk=tree.person_a.pk).user_id is None
    response = client.post(login_url(tree.person_a), NEW_LOGIN)
    assert response.status_code == 302
