"""The head sends a program in discussion back to its drafters (issue 15's "sent back"): the
step (who, from which state, the reason), its audit event, the clerks told why under a
controlled clock, the screen and the program's page, and the program put to discussion again
asking the head anew."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from trienkhai.core.models import AuditEvent
from trienkhai.notifications import kinds
from trienkhai.notifications.models import Notification
from trienkhai.programs import services
from trienkhai.programs.models import ActionProgram, ProgramComment

from .conftest import fresh, refused

pytestmark = pytest.mark.django_db
S = ActionProgram.Status
REASON = "Nhiệm vụ 2 chưa có chỉ tiêu đo được; bổ sung lộ trình theo quý."
TZ = timezone.get_fixed_timezone(7 * 60)


def at(day: int, hour: int = 9) -> datetime.datetime:
    """A moment of February 2026 in Vietnam's time."""
    return datetime.datetime(2026, 2, day, hour, 0, tzinfo=TZ)


@pytest.fixture
def now(monkeypatch):
    """``now(moment)`` freezes ``timezone.now`` (comments' and notifications' times)."""

    def freeze(moment: datetime.datetime) -> datetime.datetime:
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
        return moment

    return freeze


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def discussed_a(world, draft_a):
    return services.open_discussion(user=world.clerk_a, program=draft_a)


def of(user, kind: str):
    return Notification.objects.filter(recipient=user, kind=kind)


def send_back_url(program) -> str:
    return reverse("programs:program-send-back", args=[program.pk])


# --- the step ----------------------------------------------------------------------------------


def test_the_head_sends_the_program_back_to_draft_with_the_reason(world, discussed_a):
    program = services.send_back_program(
        user=world.head_a,
        program=discussed_a,
        reason="  Cần bổ sung   chỉ tiêu\n\n  cho nhiệm vụ 2 ",
    )
    assert program.status == S.DRAFT and fresh(program).status == S.DRAFT
    assert fresh(program).version == 0  # nothing approved
    comment = ProgramComment.objects.get(program=program)
    assert (comment.author, comment.task, comment.sent_back) == (world.head_a, None, True)
    assert comment.text == "Cần bổ sung chỉ tiêu\ncho nhiệm vụ 2"  # normalised, lines kept
    # the drafters rework it: the draft is editable again
    assert fresh(program).is_editable


def test_the_named_deputy_may_send_it_back(world, discussed_a):
    services.name_deputy(user=world.head_a, program=discussed_a, deputy=world.member_a)
    program = services.send_back_program(user=world.member_a, program=discussed_a, reason=REASON)
    assert fresh(program).status == S.DRAFT
    assert ProgramComment.objects.get(program=program).author == world.member_a


@pytest.mark.parametrize("who", ["clerk_a", "member_a", "head_p", "admin", "head_b", "clerk_b"])
def test_nobody_but_who_may_approve_sends_it_back(world, discussed_a, who):
    with refused(PermissionDenied):
        services.send_back_program(user=getattr(world, who), program=discussed_a, reason=REASON)
    assert fresh(discussed_a).status == S.DISCUSSION


def test_only_a_program_in_discussion_is_sent_back(world, draft_a, build):
    with refused() as info:
        services.send_back_program(user=world.head_a, program=draft_a, reason=REASON)
    assert info.value.messages == ["Chỉ có thể trả lại chương trình đang được thảo luận."]
    adopted = build.adopt(draft_a)
    with refused():
        services.send_back_program(user=world.head_a, program=adopted, reason=REASON)
    assert fresh(adopted).status == S.APPROVED


@pytest.mark.parametrize("reason", ["", "   \n\t ", "x" * 2001])
def test_the_reason_is_required_and_bounded(world, discussed_a, reason):
    with refused() as info:
        services.send_back_program(user=world.head_a, program=discussed_a, reason=reason)
    assert "reason" in info.value.message_dict


def test_the_reason_is_said_in_vietnamese(world, discussed_a):
    with translation.override("vi"), pytest.raises(ValidationError) as info:
        services.send_back_program(user=world.head_a, program=discussed_a, reason=" ")
    assert info.value.message_dict["reason"] == ["Hãy nêu lý do trả lại chương trình."]


def test_sending_back_is_audited_with_the_reason(world, discussed_a):
    services.send_back_program(user=world.head_a, program=discussed_a, reason=REASON)
    event = AuditEvent.objects.filter(
        object_type="programs.actionprogram", object_id=str(discussed_a.pk)
    ).latest("pk")
    comment = ProgramComment.objects.get(program=discussed_a)
    assert (event.actor, event.verb, event.unit) == (
        world.head_a,
        AuditEvent.Verb.UPDATE,
        world.commune_a,
    )
    assert event.before == {"status": "discussion"}
    assert event.after == {"status": "draft", "sent_back": REASON, "comment": comment.pk}


# --- who is told -------------------------------------------------------------------------------


def test_the_clerks_are_told_why_and_not_the_head_who_sent_it_back(world, discussed_a, now):
    now(at(20))
    services.send_back_program(user=world.head_a, program=discussed_a, reason=REASON)
    notice = of(world.clerk_a, "program_sent_back").get()
    assert notice.created_at == at(20)
    assert (notice.target_type, notice.target_id) == ("programs.actionprogram", discussed_a.pk)
    assert notice.url == f"{discussed_a.get_absolute_url()}#sent-back"
    assert notice.params["reason"] == REASON
    for user in (world.head_a, world.member_a, world.clerk_b, world.head_b):
        assert not of(user, "program_sent_back").exists(), user
    kind = kinds.get("program_sent_back")
    assert kind is not None
    with translation.override("vi"):
        text = kind.render(notice.params)
    assert text.startswith(f"{world.commune_a.name}: “") and REASON in text
    assert "đã bị trả lại để sửa" in text


def test_the_head_is_told_when_the_deputy_sent_it_back(world, discussed_a, now):
    now(at(20))
    services.name_deputy(user=world.head_a, program=discussed_a, deputy=world.member_a)
    services.send_back_program(user=world.member_a, program=discussed_a, reason=REASON)
    assert of(world.head_a, "program_sent_back").count() == 1
    assert of(world.clerk_a, "program_sent_back").count() == 1
    assert not of(world.member_a, "program_sent_back").exists()


def test_a_long_reason_is_quoted_short_in_the_notification(world, discussed_a, now):
    now(at(20))
    reason = "Bổ sung chỉ tiêu. " * 100  # 1,800 characters
    services.send_back_program(user=world.head_a, program=discussed_a, reason=reason)
    quoted = of(world.clerk_a, "program_sent_back").get().params["reason"]
    assert len(quoted) == 300 and quoted.endswith("…")


def test_put_to_discussion_again_it_asks_the_head_anew(world, discussed_a, now):
    now(at(10))
    assert of(world.head_a, "program_submitted").count() == 1
    now(at(12))
    services.send_back_program(user=world.head_a, program=discussed_a, reason=REASON)
    now(at(14))
    program = services.open_discussion(user=world.clerk_a, program=discussed_a)
    assert fresh(program).status == S.DISCUSSION
    assert of(world.head_a, "program_submitted").count() == 2
    # a second time round: told again, each sending back once
    now(at(16))
    services.send_back_program(user=world.head_a, program=program, reason="Lần hai")
    services.open_discussion(user=world.clerk_a, program=program)
    assert of(world.head_a, "program_submitted").count() == 3
    assert of(world.clerk_a, "program_sent_back").count() == 2
    # and then the head approves it as usual
    program = services.approve_program(user=world.head_a, program=program)
    assert (fresh(program).status, fresh(program).version) == (S.APPROVED, 1)


# --- on screen ---------------------------------------------------------------------------------


def test_the_head_sees_the_button_beside_approve_and_the_form(world, discussed_a, login, english):
    client = login(world.head_a)
    page = client.get(discussed_a.get_absolute_url()).content.decode()
    assert send_back_url(discussed_a) in page and "Send back for changes" in page
    approval = client.get(reverse("programs:program-approve", args=[discussed_a.pk]))
    assert send_back_url(discussed_a) in approval.content.decode()
    response = client.get(send_back_url(discussed_a))
    assert response.status_code == 200
    form = response.content.decode()
    assert 'name="reason"' in form and "Send the program back for changes" in form


def test_the_clerk_is_shown_no_button_and_refused(world, discussed_a, login, english):
    client = login(world.clerk_a)
    page = client.get(discussed_a.get_absolute_url()).content.decode()
    assert send_back_url(discussed_a) not in page
    assert client.get(send_back_url(discussed_a)).status_code == 403
    response = client.post(send_back_url(discussed_a), {"reason": REASON})
    assert response.status_code == 403
    assert fresh(discussed_a).status == S.DISCUSSION
    assert not ProgramComment.objects.exists()


def test_the_sibling_commune_gets_404(world, discussed_a, login):
    for user in (world.head_b, world.clerk_b):
        client = login(user)
        assert client.get(send_back_url(discussed_a)).status_code == 404
        assert client.post(send_back_url(discussed_a), {"reason": REASON}).status_code == 404
    assert fresh(discussed_a).status == S.DISCUSSION


def test_the_head_sends_it_back_and_the_drafters_read_why(world, discussed_a, login, english):
    client = login(world.head_a)
    response = client.post(send_back_url(discussed_a), {"reason": REASON})
    assert response.status_code == 302
    assert response.url == discussed_a.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "The program is back in draft: its drafters were told why it was sent back." in page
    assert fresh(discussed_a).status == S.DRAFT
    # the clerk who drafts it reads the reason at the top of the page, and in the comments
    page = login(world.clerk_a).get(discussed_a.get_absolute_url()).content.decode()
    notice = re.search(r'<div class="notice" id="sent-back">(.*?)</div>', page, re.S)
    assert notice is not None and "Sent back for changes by" in notice[1]
    assert REASON in notice[1]
    comments = page[page.index('id="comments"') :]
    assert REASON in comments and "sent the program back" in comments
    assert send_back_url(discussed_a) not in page  # a draft: nothing to send back
    # once in discussion again the notice goes; the comment stays in the record
    services.open_discussion(user=world.clerk_a, program=discussed_a)
    page = client.get(discussed_a.get_absolute_url()).content.decode()
    assert 'id="sent-back"' not in page
    assert REASON in page[page.index('id="comments"') :]


def test_the_form_says_what_is_wrong(world, discussed_a, draft_a, login, english):
    client = login(world.head_a)
    response = client.post(send_back_url(discussed_a), {"reason": "   "})
    assert response.status_code == 400
    assert "Say why the program is sent back." in response.content.decode()
    response = client.post(send_back_url(discussed_a), {"reason": "x" * 2001})
    assert response.status_code == 400
    assert fresh(discussed_a).status == S.DISCUSSION
    services.send_back_program(user=world.head_a, program=discussed_a, reason=REASON)
    response = client.post(send_back_url(discussed_a), {"reason": "Lần nữa"})
    assert response.status_code == 400
    assert "Only a program in discussion can be sent back to its drafters." in (
        response.content.decode()
    )
    assert ProgramComment.objects.filter(program=discussed_a).count() == 1


def test_an_old_reason_is_not_shown_on_a_later_revision(world, discussed_a, build, now, login):
    now(at(10))
    services.send_back_program(user=world.head_a, program=discussed_a, reason=REASON)
    now(at(12))
    program = build.adopt(discussed_a)
    now(at(20))
    services.revise_program(user=world.clerk_a, program=program)
    assert fresh(program).status == S.DRAFT
    page = login(world.clerk_a).get(program.get_absolute_url()).content.decode()
    assert 'id="sent-back"' not in page
