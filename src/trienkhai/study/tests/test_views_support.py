"""What the study screen tests share (no tests here): files, bulk people for the roster,
query counting. Each test module builds the study world of the service tests with
``make_study`` (a province plan, the people of commune A) in its own ``study`` fixture."""

from __future__ import annotations

import datetime
import itertools
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from trienkhai.tooling.testing import docx_bytes, pdf_bytes  # noqa: F401 (docx_bytes: the view tests import it from here)
from trienkhai.units.models import Person, Unit

HOUR = datetime.timedelta(hours=1)
PDF = pdf_bytes()
_seq = itertools.count(1)


GIVEN = ["An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hoa", "Khánh", "Lan", "Mai", "Nam"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Võ"]


def add_people(unit: Unit, count: int, **fields) -> list[Person]:
    """``count`` party members in ``unit``, with Vietnamese names, in one insert."""
    people = []
    for _ in range(count):
        n = next(_seq)
        person = Person(
            unit=unit,
            full_name=f"{FAMILY[n % len(FAMILY)]} Văn {GIVEN[n % len(GIVEN)]} {n}",
            member_code=f"R{n:06d}",
            **fields,
        )
        person.derive_keys()
        people.append(person)
    Person.objects.bulk_create(people, batch_size=1000)
    return people


def add_cell(parent: Unit, name: str, code: str) -> Unit:
    unit = Unit.objects.add_child(
        parent,
        create_kwargs=dict(name=name, code=code, kind="party_cell", level="grassroots"),
    )
    parent.refresh_from_db()
    return unit


def count_queries(client, url, params=None, **headers) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params, headers=headers)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response


def errors_of(response) -> str:
    """The text of the page's error lists (field and form errors), as HTML."""
    lists = re.findall(
        r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S
    )
    assert lists, "the page shows no error"
    return "\n".join(lists)


def an_hour_ago():
    return timezone.now() - HOUR
