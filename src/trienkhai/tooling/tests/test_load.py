"""``trienkhai load``: loopback only, bounded, and its figures right — end to end on a live
server with the shared test tree."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from trienkhai.study.models import Attendance, StudySession
from trienkhai.tooling.load import client
from trienkhai.tooling.testing import make_tree
from trienkhai.units.models import Person


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8104", "http://localhost:8000/", "http://[::1]:80"]
)
def test_the_loopback_is_accepted(url):
    assert client.loopback_base(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://192.0.2.7:8000",  # another machine
        "http://10.0.0.1",
        "ftp://127.0.0.1/",
        "127.0.0.1:8000",
        "http://no-such-host.invalid/",
    ],
)
def test_any_other_host_is_refused(url):
    with pytest.raises(client.Refused):
        client.loopback_base(url)


def test_the_command_refuses_another_host_before_anything():
    with pytest.raises(CommandError, match="loopback"):
        call_command("load", "browse", "--url", "http://192.0.2.7:8000")


@pytest.mark.parametrize(
    "bounds",
    [
        {"users": 0, "duration": 10},
        {"users": client.MAX_USERS + 1, "duration": 10},
        {"users": 10, "duration": client.MAX_DURATION + 1},
        {"users": 10, "duration": 0},
        {"users": 10, "duration": 10, "rate": client.MAX_RATE + 1},
    ],
)
def test_sizes_are_bounded(bounds):
    with pytest.raises(client.Refused):
        client.check_bounds(**bounds)


def test_percentiles_are_nearest_rank():
    values = [i / 1000 for i in range(1, 101)]  # 1 … 100 ms
    assert client.percentile(values, 99) == 0.099
    assert client.percentile(values, 95) == 0.095
    assert client.percentile(values, 100) == 0.1
    assert client.percentile([0.5], 99) == 0.5


def test_errors_are_counted_per_page_and_overall():
    stats = client.Stats(started=0.0, ended=2.0)
    for ms in (10, 20, 30):
        stats.add("plan", ms / 1000, True)
    stats.add("plan", 0.5, False, "HTTP 503")
    stats.add("tree", 0.01, True)
    plan, tree, everything = stats.rows(["plan", "tree"])
    assert (tree["requests"], tree["errors"]) == (1, 0)
    assert (plan["requests"], plan["errors"], plan["p50_ms"]) == (4, 1, 25.0)
    assert everything["requests"] == 5 and everything["errors"] == 1
    assert everything["per_s"] == 2.5
    assert stats.error_samples == ["plan: HTTP 503"]


@pytest.fixture
def province(transactional_db):
    """The test tree as the demo province (code HL, an ``admin``), an issued plan, and party
    members without a login in both communes."""
    from trienkhai.programs.tests.conftest import make_world

    tree = make_tree()
    world = make_world(tree)
    for n in range(8):
        Person.objects.create(
            unit=tree.cell_a if n % 2 else tree.cell_b,
            full_name=f"Đảng viên {n}",
            member_code=f"M{n:03d}",
            is_party_member=True,
        )
    return world


def run(*args) -> dict:
    """The command's figures. The live server's in-memory SQLite (shared cache) refuses
    concurrent writers outright instead of queueing them, so the tests keep to one request
    at a time; the figures under load are docs/performance.md's."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("load", *args, "--json", stdout=out, stderr=err)
    except SystemExit:
        pytest.fail(f"errors or lost check-ins: {out.getvalue()} {err.getvalue()}")
    return json.loads(out.getvalue())


def test_browse_signs_in_and_visits_the_main_pages(province, live_server):
    result = run(
        "browse", "--url", live_server.url, "--users", "1", "--duration", "3", "--think", "0.1"
    )
    pages = {row["page"]: row for row in result["pages"]}
    assert set(pages) == {"home", "tree", "plan", "dashboard", "study_numbers", "programs", "all"}
    assert pages["all"]["requests"] >= 6
    assert pages["all"]["errors"] == 0


def test_the_checkin_burst_loses_no_member(province, live_server):
    url = live_server.url
    result = run("checkin", "--url", url, "--members", "6", "--rate", "4", "--tap", "0")
    assert result["confirmed"] == result["attendance_rows"] == 6
    assert result["lost"] == 0
    session = StudySession.objects.get(title__startswith="Hội nghị trực tuyến toàn tỉnh")
    assert Attendance.objects.filter(session=session, method=Attendance.Method.QR).count() == 6
    # Run again: the same logins, a new conference, again none lost.
    assert run("checkin", "--url", url, "--members", "6", "--rate", "4", "--tap", "0")["lost"] == 0
