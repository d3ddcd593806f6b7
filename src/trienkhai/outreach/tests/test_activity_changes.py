"""Correcting and withdrawing a dissemination activity: the same refusals as recording it,
the warnings and the obligations worked out again, the audit, the scope."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trienkhai.core.access import Role
from trienkhai.core.models import AuditEvent, DataFlag
from trienkhai.outreach import services
from trienkhai.outreach.models import Activity
from trienkhai.reporting import engine
from trienkhai.resolutions.models import Obligation
from trienkhai.tooling.testing import make_user

from .conftest import D, activity, png_bytes, upload

pytestmark = pytest.mark.usefixtures("media")


def form_of(done: Activity, **extra) -> dict:
    """What the correction form posts when nothing is changed, with ``extra`` changed."""
    data = {
        "plan": done.plan_id,
        "channel": done.channel,
        "held_on": done.held_on.strftime("%d/%m/%Y"),
        "title": done.title,
        "key_points": [p.pk for p in done.key_points.all()],
        "link": done.link,
        "reach": str(done.reach),
        "audience_label": done.audience_label,
        "audience_size": "" if done.audience_size is None else str(done.audience_size),
        "opinions": str(done.opinions),
        "opinion_themes": done.opinion_themes,
    }
    data.update(extra)
    return data


def edit_url(done: Activity) -> str:
    return reverse("outreach:activity-edit", args=[done.pk])


def delete_url(done: Activity) -> str:
    return reverse("outreach:activity-delete", args=[done.pk])


def obligation_of_a(world) -> Obligation:
    return Obligation.objects.get(plan=world.plan, unit=world.tree.commune_a)


def rules_on(done: Activity) -> list[str]:
    return sorted(
        DataFlag.objects.filter(object_type="outreach.activity", object_id=done.pk).values_list(
            "rule", flat=True
        )
    )


# --- correcting ----------------------------------------------------------------------------------


def test_the_clerk_corrects_an_activity_from_its_page_and_the_event_says_what_changed(
    world, client
):
    done = activity(world, key_points=[world.kp1])
    client.force_login(world.tree.clerk_a)
    page = client.get(done.get_absolute_url()).content.decode()
    assert edit_url(done) in page and delete_url(done) in page
    form = client.get(edit_url(done))
    assert form.status_code == 200 and done.title in form.content.decode()

    response = client.post(edit_url(done), form_of(done, reach="900", opinions="4"))

    assert response.status_code == 302 and response.url == done.get_absolute_url()
    done.refresh_from_db()
    assert (done.reach, done.opinions) == (900, 4)
    event = AuditEvent.objects.filter(verb=AuditEvent.Verb.UPDATE).get()
    assert event.before == {"reach": 800, "opinions": 0}
    assert event.after == {"reach": 900, "opinions": 4}


def test_a_correction_that_changes_nothing_writes_nothing(world, client):
    done = activity(world)
    client.force_login(world.tree.clerk_a)

    response = client.post(edit_url(done), form_of(done))

    assert response.status_code == 302
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.UPDATE).exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("reach", "-5"),
        ("reach", "²"),
        ("held_on", "31/02/2026"),
        ("held_on", "01/01/1920"),
        ("title", "   "),
        ("channel", "pigeon"),
    ],
)
def test_a_correction_is_refused_as_the_record_would_be(world, client, field, value):
    done = activity(world)
    client.force_login(world.tree.clerk_a)

    response = client.post(edit_url(done), form_of(done, **{field: value}))

    assert response.status_code == 400
    fresh = Activity.objects.get(pk=done.pk)
    assert (fresh.reach, fresh.held_on, fresh.title) == (done.reach, done.held_on, done.title)
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.UPDATE).exists()


def test_the_warnings_are_worked_out_again_on_the_corrected_figures(world):
    done = activity(world, reach=800, audience_size=5000)
    assert rules_on(done) == []
    values = dict(
        user=world.tree.clerk_a,
        activity=done,
        plan=world.plan,
        channel=done.channel,
        title=done.title,
        audience_label=done.audience_label,
        audience_size=5000,
    )

    services.update_activity(**values, held_on=done.held_on, reach=6000)
    assert rules_on(done) == ["reach_above_population"]

    services.update_activity(**values, held_on=D(2025, 12, 1), reach=100)  # before the plan
    assert rules_on(done) == ["activity_outside_plan"]


def test_the_evidence_is_kept_unless_another_file_replaces_it(world, client):
    done = activity(world, evidence=upload(png_bytes(1), "anh-cu.png"))
    first_file, first_sha = done.evidence.name, done.evidence_sha256
    client.force_login(world.tree.clerk_a)

    client.post(edit_url(done), form_of(done, reach="801"))
    done.refresh_from_db()
    assert (done.evidence.name, done.evidence_name) == (first_file, "anh-cu.png")

    photo = SimpleUploadedFile("anh-moi.png", png_bytes(2), content_type="image/png")
    response = client.post(edit_url(done), {**form_of(done), "evidence": photo})

    assert response.status_code == 302
    done.refresh_from_db()
    assert done.evidence_name == "anh-moi.png" and done.evidence_sha256 != first_sha
    assert default_storage.exists(first_file)  # the file replaced stays, as the audit names it
    event = AuditEvent.objects.filter(verb=AuditEvent.Verb.UPDATE).latest("pk")
    assert event.before["evidence_file"] == first_file
    assert event.after["evidence"] == "anh-moi.png"


def test_replacing_a_reused_file_clears_the_others_warning(world):
    first = activity(world, evidence=upload(png_bytes(3)))
    second = activity(world, title="Bài thứ hai", evidence=upload(png_bytes(3)))
    assert rules_on(second) == ["evidence_reused"]

    services.update_activity(
        user=world.tree.clerk_a,
        activity=first,
        plan=world.plan,
        channel=first.channel,
        held_on=first.held_on,
        title=first.title,
        reach=first.reach,
        audience_size=first.audience_size,
        evidence=upload(png_bytes(4)),
    )

    assert rules_on(second) == []


def test_the_obligation_follows_the_corrected_date(world):
    done = activity(world, held_on=D(2026, 2, 3))
    assert obligation_of_a(world).fulfilled_on == D(2026, 2, 3)

    services.update_activity(
        user=world.tree.clerk_a,
        activity=done,
        plan=world.plan,
        channel=done.channel,
        held_on=D(2026, 3, 9),
        title=done.title,
        reach=done.reach,
    )

    assert obligation_of_a(world).fulfilled_on == D(2026, 3, 9)


def test_a_sibling_cannot_open_or_post_the_correction(world, client):
    done = activity(world)
    client.force_login(world.tree.clerk_b)

    assert client.get(edit_url(done)).status_code == 404
    assert client.post(edit_url(done), form_of(done, reach="1")).status_code == 404
    done.refresh_from_db()
    assert done.reach == 800


def test_a_viewer_of_the_unit_is_refused_the_correction_and_its_buttons(world, client):
    done = activity(world)
    client.force_login(make_user("viewer_of_a", Role.VIEWER, world.tree.commune_a))

    page = client.get(done.get_absolute_url())
    assert page.status_code == 200 and edit_url(done) not in page.content.decode()
    assert client.get(edit_url(done)).status_code == 403
    assert client.post(edit_url(done), form_of(done, reach="1")).status_code == 403
    done.refresh_from_db()
    assert done.reach == 800


# --- withdrawing ---------------------------------------------------------------------------------


def test_opening_the_withdrawal_deletes_nothing(world, client):
    done = activity(world, reach=6000)  # flagged
    client.force_login(world.tree.clerk_a)

    response = client.get(delete_url(done))

    assert response.status_code == 200
    assert "Xóa hoạt động" in response.content.decode()
    assert Activity.objects.filter(pk=done.pk).exists() and rules_on(done)


def test_the_clerk_withdraws_an_activity_with_its_warnings_and_the_audit_keeps_it(world, client):
    done = activity(world, reach=6000, evidence=upload(png_bytes(5)))
    stored = done.evidence.name
    assert rules_on(done) == ["reach_above_population"]
    client.force_login(world.tree.clerk_a)

    response = client.post(delete_url(done))

    assert response.status_code == 302 and response.url == reverse("outreach:index")
    assert not Activity.objects.filter(pk=done.pk).exists()
    assert rules_on(done) == []
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.DELETE)
    assert event.before["title"] == done.title and event.before["reach"] == 6000
    assert event.before["evidence_file"] == stored
    assert event.before["data_warnings"] == ["reach_above_population"]
    assert default_storage.exists(stored)
    assert client.get(done.get_absolute_url()).status_code == 404


def test_after_a_withdrawal_the_figures_no_longer_count_it(world):
    tree = world.tree
    kept = activity(world, channel="radio", held_on=D(2026, 2, 3))
    mistake = activity(world, channel="press", held_on=D(2026, 2, 1), reach=6000, title="Nhầm")
    today = datetime.date.today()
    before = engine.compute(world.plan, as_of=today).value
    assert before("outreach.activities").numerator == 2
    assert before("outreach.flagged").numerator == 1
    assert obligation_of_a(world).fulfilled_on == D(2026, 2, 1)

    services.withdraw_activity(user=tree.clerk_a, activity=mistake)

    after = engine.compute(world.plan, as_of=today).value
    assert after("outreach.activities").numerator == 1
    assert after("outreach.channel.press").numerator == 0
    assert after("outreach.flagged").numerator == 0
    assert after("outreach.reach").numerator == kept.reach
    assert obligation_of_a(world).fulfilled_on == D(2026, 2, 3)  # the activity that remains

    services.withdraw_activity(user=tree.clerk_a, activity=kept)

    last = engine.compute(world.plan, as_of=today).value
    assert last("outreach.activities").numerator == 0
    assert obligation_of_a(world).fulfilled_on is None  # owed again
    assert last("outreach.units_without").numerator == 2


def test_withdrawing_one_of_a_burst_clears_the_others_warning(world):
    title = "Bản tin tuần"
    days = [D(2026, 3, 2), D(2026, 3, 3), D(2026, 3, 4)]
    first, *_, third = [activity(world, title=title, held_on=day) for day in days]
    assert rules_on(third) == ["title_burst"]

    services.withdraw_activity(user=world.tree.clerk_a, activity=first)

    assert rules_on(third) == []


def test_an_activity_withdrawn_twice_is_refused_with_a_message(world):
    done = activity(world)
    services.withdraw_activity(user=world.tree.clerk_a, activity=done)

    with pytest.raises(ValidationError):
        services.withdraw_activity(user=world.tree.clerk_a, activity=done)


def test_a_sibling_or_a_viewer_cannot_withdraw_it(world, client):
    done = activity(world)
    client.force_login(world.tree.clerk_b)
    assert client.get(delete_url(done)).status_code == 404
    assert client.post(delete_url(done)).status_code == 404
    client.force_login(make_user("viewer_of_a", Role.VIEWER, world.tree.commune_a))
    assert client.get(delete_url(done)).status_code == 403
    assert client.post(delete_url(done)).status_code == 403

    assert Activity.objects.filter(pk=done.pk).exists()
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.DELETE).exists()
