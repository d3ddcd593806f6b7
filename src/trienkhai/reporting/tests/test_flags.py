"""Data warnings end to end: the dashboard's figure (``flags.unresolved``) equals the rows
behind it and the flags list, the list is scoped (a sibling's flag is a 404), the clerk
explains and the level above reviews, and the list and the engine cost a bounded number of
queries."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.core import flags
from trienkhai.core.access import Role
from trienkhai.core.models import AuditEvent, DataFlag
from trienkhai.programs.models import ProgressUpdate
from trienkhai.reporting.engine import compute
from trienkhai.study.models import StudySession
from trienkhai.tooling.testing import make_user
from trienkhai.units.models import Unit

from .world import T, at, d

pytestmark = pytest.mark.django_db
AS_OF = T.strftime("%d/%m/%Y")


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def raise_flags(world) -> dict[str, int]:
    """The world's rows rechecked, plus a session of HL-B1 moved before the plan; every flag
    detected the day before T (a recheck dates them today)."""
    s2 = StudySession.objects.get(unit__code="HL-B1")
    StudySession.objects.filter(pk=s2.pk).update(starts_at=at(-400))
    raised = flags.recheck([world.plan.pk])
    DataFlag.objects.update(detected_on=d(-1))
    return raised


def flag_of(code: str) -> DataFlag:
    return DataFlag.objects.get(unit__code=code)


def count(world, code: str) -> int:
    return compute(world.plan, Unit.objects.get(code=code), T).value("flags.unresolved").numerator


def test_the_recheck_raises_the_worlds_flags(world):
    raised = raise_flags(world)
    # t3 (target 10) reported done at 12 with no evidence; S2 now before the plan.
    assert raised["beyond_target_no_evidence"] == 1
    assert raised["session_before_plan"] == 1
    assert sum(raised.values()) == DataFlag.objects.count() == 2
    t3 = ProgressUpdate.objects.get(value=12)
    assert flag_of("HL-A").object_id == t3.pk


def test_the_figure_is_summed_up_the_tree_and_equals_its_rows(world, tree, login):
    raise_flags(world)
    assert (count(world, "HL"), count(world, "HL-A"), count(world, "HL-B")) == (2, 1, 1)
    client = login(tree.admin)
    for code in ("HL", "HL-A", "HL-B", "HL-B1"):
        unit = Unit.objects.get(code=code)
        url = reverse("reporting:rows", args=[world.plan.pk])
        response = client.get(f"{url}?unit={unit.pk}&as_of={AS_OF}&what=flags")
        assert response.status_code == 200
        assert response.context["page"].paginator.count == count(world, code), code
        listed = client.get(
            reverse("flag-list"), {"plan": world.plan.pk, "unit": unit.pk, "state": "unresolved"}
        )
        assert listed.status_code == 200
        assert listed.context["page"].paginator.count == count(world, code), code


def test_reviewed_flags_and_flags_detected_later_are_not_counted(world):
    raise_flags(world)
    DataFlag.objects.filter(unit__code="HL-B1").update(state=DataFlag.State.DISMISSED)
    DataFlag.objects.filter(unit__code="HL-A").update(detected_on=d(1))
    assert count(world, "HL") == 0
    assert (
        compute(world.plan, Unit.objects.get(code="HL"), d(1)).value("flags.unresolved").numerator
        == 1
    )


def test_the_dashboard_shows_the_figure_with_a_link_to_its_rows(world, tree, login):
    raise_flags(world)
    client = login(tree.admin)
    url = reverse("reporting:dashboard", args=[world.plan.pk])
    body = client.get(f"{url}?as_of={AS_OF}").content.decode()
    assert "Data warnings" in body and "what=flags" in body


# --- scoping -------------------------------------------------------------------------------------


def test_a_sibling_sees_only_its_flags_and_gets_404_on_the_others(world, tree, login):
    raise_flags(world)
    a, b = flag_of("HL-A"), flag_of("HL-B1")
    client = login(tree.clerk_b)
    listed = client.get(reverse("flag-list"))
    assert [f.pk for f in listed.context["page"].object_list] == [b.pk]
    assert client.get(reverse("flag-detail", args=[a.pk])).status_code == 404
    assert client.get(reverse("flag-explain", args=[a.pk])).status_code == 404
    response = client.post(reverse("flag-explain", args=[a.pk]), {"explanation": "x"})
    assert response.status_code == 404
    assert client.post(reverse("flag-dismiss", args=[a.pk])).status_code == 404
    assert DataFlag.objects.get(pk=a.pk).state == DataFlag.State.OPEN
    # a plan or unit id outside the scope is an invalid choice: 400 and no rows
    bad = client.get(reverse("flag-list"), {"unit": tree.commune_a.pk})
    assert bad.status_code == 400 and not bad.context["page"].object_list
    assert client.get(reverse("flag-list"), {"plan": "²"}).status_code == 400


# --- explain and review -------------------------------------------------------------------------


def test_the_clerk_explains_and_the_level_above_accepts(world, tree, login):
    raise_flags(world)
    flag = flag_of("HL-A")
    client = login(tree.clerk_a)
    page = client.get(flag.get_absolute_url())
    assert page.status_code == 200 and page.context["may_explain"]
    assert not page.context["may_review"]  # the unit's own clerk does not review

    empty = client.post(reverse("flag-explain", args=[flag.pk]), {"explanation": "  "})
    assert empty.status_code == 400
    assert DataFlag.objects.get(pk=flag.pk).state == DataFlag.State.OPEN

    response = client.post(
        reverse("flag-explain", args=[flag.pk]),
        {"explanation": "Vượt chỉ tiêu nhờ nguồn vốn xã hội hóa; biên bản sẽ bổ sung."},
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.state == DataFlag.State.EXPLAINED and flag.explained_by == tree.clerk_a
    assert AuditEvent.objects.filter(object_type="core.dataflag", object_id=str(flag.pk)).exists()
    assert count(world, "HL") == 2  # explained is still to be reviewed

    # commune A's own head is not the level above commune A
    head_a = login(tree.head_a)
    assert head_a.post(reverse("flag-accept", args=[flag.pk])).status_code == 404
    assert DataFlag.objects.get(pk=flag.pk).state == DataFlag.State.EXPLAINED

    head_p = make_user("head_p", Role.HEAD, tree.province)
    client = login(head_p)
    assert client.get(flag.get_absolute_url()).context["may_review"]
    assert client.post(reverse("flag-accept", args=[flag.pk])).status_code == 302
    flag.refresh_from_db()
    assert flag.state == DataFlag.State.ACCEPTED and flag.reviewed_by == head_p
    assert count(world, "HL") == 1


def test_an_open_flag_is_dismissed_not_accepted(world, tree, login):
    raise_flags(world)
    flag = flag_of("HL-B1")
    client = login(tree.admin)
    client.post(reverse("flag-accept", args=[flag.pk]))  # nothing to accept: refused
    assert DataFlag.objects.get(pk=flag.pk).state == DataFlag.State.OPEN
    assert client.post(reverse("flag-dismiss", args=[flag.pk])).status_code == 302
    assert DataFlag.objects.get(pk=flag.pk).state == DataFlag.State.DISMISSED


# --- query counts --------------------------------------------------------------------------------


def list_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("flag-list"), {"plan": "", "state": "unresolved"})
        assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_list_costs_the_same_for_few_or_many_flags(world, tree, login):
    raise_flags(world)
    client = login(tree.admin)
    few = list_queries(client)
    template = DataFlag.objects.first()
    for i in range(15):
        DataFlag.objects.create(
            unit=template.unit,
            plan=world.plan,
            rule="session_before_plan",
            object_type="study.studysession",
            object_id=10_000 + i,
            object_repr=f"Phiên {i}",
            params={"held": "01/01/2024", "plan_date": "17/04/2025"},
            detected_on=d(-1),
        )
    assert list_queries(client) == few <= 8


# --- the command ---------------------------------------------------------------------------------


def test_the_command_recomputes_a_plan_and_refuses_an_unknown_one(world):
    s2 = StudySession.objects.get(unit__code="HL-B1")
    StudySession.objects.filter(pk=s2.pk).update(starts_at=at(-400))
    out = StringIO()
    call_command("flags", "--plan", str(world.plan.pk), stdout=out)
    assert "session_before_plan: 1" in out.getvalue()
    assert "unresolved: 2" in out.getvalue()
    with pytest.raises(CommandError, match="No plan"):
        call_command("flags", "--plan", "999999", stdout=StringIO())
