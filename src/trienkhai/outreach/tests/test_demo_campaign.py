"""The demo's dissemination campaign loads through the services on the test tree, once. (Here, not
in demo/tests, whose package has the demo province loaded, on the same unit codes as the tree.)"""

from __future__ import annotations

import datetime

import pytest

from trienkhai.core.models import DataFlag
from trienkhai.demo.outreach import load_demo_outreach
from trienkhai.outreach.models import Activity, Answer, Channel, PublicPage, Question
from trienkhai.outreach.tests.conftest import build_world


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_campaign_has_every_channel_warnings_and_questions(tree, media):
    build_world(tree)  # the province's 12-KH/TU for 57-NQ/TW
    users = {"admin": tree.admin, "clerk": tree.clerk_a, "head": tree.head_a, "other": tree.clerk_b}
    today = datetime.date(2026, 5, 1)

    n = load_demo_outreach(tree.province, tree.commune_a, tree.commune_b, today, users)

    assert n == Activity.objects.count() == 15
    assert set(Activity.objects.values_list("channel", flat=True)) == set(Channel.values)
    rules = set(DataFlag.objects.values_list("rule", flat=True))
    assert rules >= {
        "reach_above_population",
        "activity_outside_plan",
        "title_burst",
        "evidence_reused",
    }
    assert PublicPage.objects.filter(published_at__isnull=False).count() == 2
    assert Question.objects.filter(state=Question.State.NEW).count() == 2
    assert Question.objects.filter(state=Question.State.MERGED).count() == 1
    assert Answer.objects.filter(reused_from__isnull=False, state="published").count() == 1
    assert load_demo_outreach(tree.province, tree.commune_a, tree.commune_b, today, users) == 0
