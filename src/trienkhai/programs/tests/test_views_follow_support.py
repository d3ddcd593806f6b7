"""What the follow-up screen tests share (no tests here): English pages, uploads in a
temporary folder, a frozen "today", query counting and the page's error lists.

The world is the one of ``conftest.py``: ``adopted_a`` is commune A's program approved on
15/02/2026, task A1 (measurable: baseline 60, target 90 %, milestones Q2/2026 and 31/12/2026,
lead HL-A) and task A2 (lead HL-A1). The screens are looked at on 10/07/2026 (``TODAY``): the
Q2/2026 milestone of A1 is then ten days overdue.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import MINIMAL_PDF

D = datetime.date
TODAY = D(2026, 7, 10)
Q1, Q2, Q3 = D(2026, 1, 1), D(2026, 4, 1), D(2026, 7, 1)
PDF = MINIMAL_PDF


@pytest.fixture
def english(client, settings):
    """The pages in English (the user's choice, as the VI/EN switch sets it), so that the
    tests read the English msgids whatever the Vietnamese catalogue says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def today(clock):
    return clock(TODAY)


def count_queries(client, url, params=None) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response


def errors_of(response) -> str:
    """The text of the page's error lists (field and form errors), as HTML."""
    lists = re.findall(
        r'<ul class="(?:errorlist|messages)[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S
    )
    assert lists, "the page shows no error"
    return "\n".join(lists)


def text(response) -> str:
    return response.content.decode()


def tasks_of(program):
    return list(program.tasks.order_by("order"))
