"""The demo shows a few data warnings of each rule, counted on the province's dashboard and
on the pages of the demo commune's clerk.

The demo is loaded once for the package (``conftest.py``) and removed at its end.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from trienkhai.core import flags
from trienkhai.core.models import DataFlag
from trienkhai.demo.loader import DEMO_ROOT_CODE
from trienkhai.demo.plans import PLAN_NUMBER
from trienkhai.reporting.engine import compute
from trienkhai.resolutions.models import Plan
from trienkhai.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_logins):
    return demo_logins


def test_the_demo_has_a_few_warnings_of_each_rule(demo):
    by_rule = {code: DataFlag.objects.filter(rule=code).count() for code in flags.RULES}
    assert all(1 <= n <= 12 for n in by_rule.values()), by_rule


def test_the_province_dashboard_counts_them(demo):
    root = Unit.objects.get(code=DEMO_ROOT_CODE)
    plan = Plan.objects.get(unit=root, number=PLAN_NUMBER)
    figure = compute(plan, root, timezone.localdate()).value("flags.unresolved").numerator
    assert figure == DataFlag.objects.filter(plan__in=Plan.objects.carrying_out(plan)).count()
    assert figure >= len(flags.RULES)


def listed_rules(client, username: str) -> set[str]:
    client.force_login(get_user_model().objects.get(username=username))
    listed = client.get(reverse("flag-list"))
    assert listed.status_code == 200
    return {f.rule for f in listed.context["page"].object_list}


def test_the_demo_clerks_see_the_warnings_of_their_communes(demo, client):
    assert {"session_before_plan", "report_before_session"} <= listed_rules(client, "clerk")
    assert "attendance_above_eligible" in listed_rules(client, "other")
