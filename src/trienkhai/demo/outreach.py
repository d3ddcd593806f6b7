"""The demo's dissemination campaign (issue 17): the province's plan ``15-KH/TU`` asks every
commune committee to bring the plenum's first resolution to the public; the demo commune
records activities in every channel (a few implausible: a reach above the population, a day
before the plan, the same photo twice, a burst of identical titles), the neighbouring commune
a few; the province and the commune publish public pages with answered and pending
questions, the commune reusing one of the province's answers.

Everything goes through the services, as a user would; loading is idempotent (nothing is done
when the plan is there).
"""

from __future__ import annotations

import datetime
import zlib

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from trienkhai.outreach import services
from trienkhai.outreach.models import Channel, Question
from trienkhai.resolutions import services as plan_services
from trienkhai.resolutions.models import Plan
from trienkhai.units.models import Unit

PLAN_NUMBER = "15-KH/TU"


def photo(seed: int) -> SimpleUploadedFile:
    """A small PNG (a 4×3 coloured picture) standing for a photo of the activity."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body).to_bytes(4, "big")
        return len(body).to_bytes(4, "big") + kind + body + crc

    width, height = 4, 3
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    row = bytes([0]) + bytes((seed * 37 + i * 11) % 256 for i in range(width * 3))
    data = zlib.compress(row * height)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data)
    return SimpleUploadedFile(f"anh-{seed}.png", png + chunk(b"IEND", b""))


# (channel, days before today, title, reach, population or None, opinions, themes)
ACTIVITIES = [
    (
        Channel.RADIO,
        40,
        "Phát thanh chuyên mục Nghị quyết trên loa truyền thanh xã",
        3200,
        5400,
        0,
        "",
    ),
    (
        Channel.MEETING,
        36,
        "Hội nghị tuyên truyền với nhân dân thôn 1",
        180,
        240,
        14,
        "đất đai, hỗ trợ chuyển đổi số",
    ),
    (Channel.LEAFLETS, 33, "Phát 2.000 tờ gấp tóm tắt nội dung cốt lõi", 2000, 5400, 0, ""),
    (Channel.BANNERS, 31, "Treo 12 băng rôn, 4 pa nô tại trung tâm xã", 5400, 5400, 0, ""),
    (Channel.PORTAL, 28, "Bài viết trên Cổng thông tin điện tử xã", 1450, None, 6, "thủ tục"),
    (
        Channel.SOCIAL,
        25,
        "Chuỗi bài trên trang Facebook của Đoàn Thanh niên xã",
        8900,
        5400,
        35,
        "việc làm, học nghề",
    ),  # reach above the population: flagged
    (
        Channel.MESSAGING,
        22,
        "Gửi tóm tắt Nghị quyết vào nhóm Zalo các chi hội",
        640,
        900,
        9,
        "hỏi thêm",
    ),
    (Channel.PRESS, 20, "Bài trên Báo tỉnh về cách làm của xã", 12000, None, 0, ""),
    (Channel.TELEVISION, 18, "Phóng sự trên Đài Phát thanh - Truyền hình tỉnh", 25000, None, 0, ""),
    (
        Channel.CULTURAL,
        15,
        "Hội thi tìm hiểu Nghị quyết cho đoàn viên, hội viên",
        320,
        400,
        48,
        "khen thưởng, chính sách",
    ),
]
BURST_TITLE = "Tuyên truyền Nghị quyết tại chi bộ"


@transaction.atomic
def load_demo_outreach(
    root: Unit, commune: Unit, other: Unit, today=None, users: dict | None = None
) -> int:
    """The campaign, once; returns the number of activities recorded (0 when loaded).
    ``users``: the demo's logins by name (``admin``, ``clerk``, ``head``, ``other``)."""
    if Plan.objects.filter(unit=root, number=PLAN_NUMBER).exists():
        return 0
    if users is None:
        logins = ["admin", "clerk", "head", "other"]
        users = get_user_model().objects.in_bulk(logins, field_name="username")
    today = today or timezone.localdate()
    main = Plan.objects.filter(unit=root, number="12-KH/TU").first()
    if main is None:
        return 0
    resolution = main.resolutions.order_by("issued_on", "number").first()
    if resolution is None:
        return 0
    admin, clerk, head = users["admin"], users["clerk"], users["head"]
    other_clerk = users.get("other") or admin

    def day(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    plan = plan_services.create_plan(
        user=admin,
        unit=root,
        number=PLAN_NUMBER,
        title="Kế hoạch tuyên truyền Nghị quyết đến các tầng lớp nhân dân",
        issued_on=day(days=45),
        resolutions=[resolution],
        requirements=[
            {
                "kind": "dissemination",
                "title": "Tuyên truyền nội dung cốt lõi đến nhân dân",
                "target_kinds": ["party_committee"],
                "target_levels": ["commune"],
                "due_on": today + datetime.timedelta(days=30),
            }
        ],
    )
    plan = plan_services.issue_plan(user=admin, plan=plan)
    points = list(resolution.key_points.order_by("order"))
    cell = (
        Unit.objects.filter(path__prefix=commune.path, depth=commune.depth + 1)
        .order_by("path")
        .first()
    )
    recorded = 0
    for n, (channel, ago, title, reach, size, opinions, themes) in enumerate(ACTIVITIES):
        services.record_activity(
            user=clerk,
            unit=commune,
            plan=plan,
            channel=channel,
            held_on=day(days=ago),
            title=title,
            reach=reach,
            key_points=points[n % max(len(points), 1) : n % max(len(points), 1) + 2],
            evidence=photo(n)
            if channel in (Channel.MEETING, Channel.BANNERS, Channel.CULTURAL)
            else None,
            link="https://example.org/tin-tuc"
            if channel in (Channel.PORTAL, Channel.PRESS)
            else "",
            audience_unit=cell if channel == Channel.MEETING else None,
            audience_label="" if channel == Channel.MEETING else "Nhân dân toàn xã",
            audience_size=size,
            opinions=opinions,
            opinion_themes=themes,
        )
        recorded += 1
    # The implausible ones: a day before the plan, the banner photo again, a burst of copies.
    services.record_activity(
        user=clerk,
        unit=commune,
        plan=plan,
        channel=Channel.MEETING,
        held_on=day(days=50),
        title="Hội nghị quán triệt trước khi có kế hoạch",
        reach=90,
        audience_size=120,
    )
    services.record_activity(
        user=other_clerk,
        unit=other,
        plan=plan,
        channel=Channel.BANNERS,
        held_on=day(days=30),
        title="Treo băng rôn tuyên truyền",
        reach=3000,
        audience_size=7000,
        evidence=photo(3),  # the demo commune's banner photo (ACTIVITIES[3])
    )
    for ago in (12, 11, 10):
        services.record_activity(
            user=clerk,
            unit=commune,
            plan=plan,
            channel=Channel.MEETING,
            held_on=day(days=ago),
            title=BURST_TITLE,
            reach=40,
            audience_size=60,
        )
    recorded += 5
    _pages(root, commune, resolution, points, admin, clerk, head)
    return recorded


QUESTIONS = [
    (
        "Nghị quyết này có bắt buộc mọi hộ dân phải dùng điện thoại thông minh không?",
        "Không bắt buộc. Xã khuyến khích và hỗ trợ các hộ có nhu cầu; người cao tuổi được tổ "
        "công nghệ số cộng đồng giúp tại nhà.",
        0,
        4,
    ),
    (
        "Thanh niên ở xã được hỗ trợ học nghề gì theo Nghị quyết?",
        "Xã phối hợp Trung tâm giáo dục nghề nghiệp mở lớp tin học văn phòng và thương mại điện "
        "tử miễn phí; đăng ký tại Đoàn xã.",
        1,
        2,
    ),
]
PENDING = [
    "Bao giờ thôn 3 có wifi miễn phí ở nhà văn hóa?",
    "Người dân góp ý cho chương trình hành động của xã ở đâu?",
]


def _pages(root, commune, resolution, points, admin, clerk, head) -> None:
    province_page = services.create_page(
        user=admin,
        unit=root,
        resolution=resolution,
        content=(
            "Nghị quyết xác định những việc lớn cần làm trong nhiệm kỳ và giao mỗi cấp ủy cụ thể "
            "hóa bằng chương trình hành động của mình.\n"
            "Đối với người dân: chính quyền sẽ công khai tiến độ, lắng nghe góp ý và giải đáp "
            "thắc mắc trên trang này."
        ),
    )
    province_page = services.publish_page(user=admin, page=province_page)
    asked = services.ask(
        page=province_page, text="Ai chịu trách nhiệm thực hiện Nghị quyết ở mỗi cấp?"
    )
    answer = services.answer_question(
        user=admin,
        question=asked,
        text="Người đứng đầu cấp ủy mỗi cấp chịu trách nhiệm chính; chương trình hành động của "
        "cấp mình do người đứng đầu chủ trì xây dựng và phê duyệt.",
        key_points=points[:1],
    )
    services.approve_answer(user=admin, answer=answer)

    page = services.create_page(
        user=clerk,
        unit=commune,
        resolution=resolution,
        content=(
            "Nghị quyết nói gì với bà con trong xã?\n"
            "Xã sẽ làm đường, đưa dịch vụ công lên mạng, hỗ trợ thanh niên học nghề và lắng nghe "
            "ý kiến của nhân dân trước khi quyết định những việc lớn.\n"
            "Mọi thắc mắc, bà con gửi câu hỏi ở cuối trang; cán bộ tuyên giáo sẽ trả lời sau khi "
            "Bí thư duyệt."
        ),
    )
    page = services.publish_page(user=head, page=page)
    now = timezone.now()
    for text, reply, point, days in QUESTIONS:
        question = services.ask(page=page, text=text, contact="")
        # The demo's history: the question came in a few days before its answer.
        Question.objects.filter(pk=question.pk).update(asked_at=now - datetime.timedelta(days=days))
        drafted = services.answer_question(
            user=clerk, question=question, text=reply, key_points=points[point : point + 1]
        )
        services.approve_answer(user=head, answer=drafted)
    reused = services.reuse_answer(user=clerk, page=page, source=answer)
    services.approve_answer(user=head, answer=reused)
    # A repeat of an answered question, merged at once; two waiting for an answer.
    services.ask(page=page, text=QUESTIONS[0][0].lower().rstrip("?"))
    for text in PENDING:
        services.ask(page=page, text=text, contact="0912 000 111" if "wifi" in text else "")
