"""A year of inspection and supervision in the demo province, written through the services.

The province's annual program plans five, inside the life of the demo's plan (issued 100
days before loading): a commune inspected and concluded within the limit (one recommendation
done on time, one done late), a thematic supervision of the other clerk's commune concluded
late (one recommendation overdue, one still open), a regular supervision of a fourth commune,
an inspection of the demo clerk's commune in progress five days from its time limit, and one
planned and not started. The administrator acts as the province's
inspector and head; the communes' clerks answer.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from trienkhai.inspections import services
from trienkhai.inspections.models import Finding, InspectionProgram, Kind, Topic
from trienkhai.programs.models import ActionProgram, Task
from trienkhai.resolutions.models import Obligation, Plan
from trienkhai.units.models import Unit

from .documents import tiny_pdf

D = datetime.date
TEAM = [("Lê Văn Tâm", "leader"), ("Phạm Thị Hoa", "deputy"), ("Trần Minh Đức", "member")]


def _pdf(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_pdf([text]), content_type="application/pdf")


def _clerk_of(unit: Unit, username: str):
    return get_user_model().objects.filter(username=username).first()


def load_demo_inspections(
    root: Unit, commune: Unit, other: Unit, users: dict, today: datetime.date
) -> int:
    """Write the year once; returns the number of inspections written (0 when already there)."""
    admin = users["admin"]
    year = today.year
    if InspectionProgram.objects.filter(unit=root, year=year).exists():
        return 0
    communes = list(
        Unit.objects.filter(path__prefix=root.path, depth=root.depth + 1, level=Unit.Level.COMMUNE)
        .exclude(pk__in=[commune.pk, other.pk])
        .order_by("path")[:2]
    )
    third, fourth = [*communes, commune, other][:2]
    plan = Plan.objects.filter(unit=root, status=Plan.Status.ISSUED).order_by("issued_on").first()
    program = services.create_program(
        user=admin, unit=root, year=year, title=f"Chương trình kiểm tra, giám sát năm {year}"
    )
    last_year = (D(year - 1, 1, 1), D(year - 1, 12, 31))

    def days(n: int) -> D:
        return today + datetime.timedelta(days=n)

    def quarter(n: int) -> int:
        return (days(n).month - 1) // 3 + 1

    # The demo's plan was issued 100 days ago (``plans.py``): the year's work carries it out.
    items = [
        (Kind.INSPECTION, Topic.PLAN, "Việc thực hiện kế hoạch học tập, quán triệt", third),
        (Kind.THEMATIC, Topic.PROGRAM, "Việc xây dựng, thực hiện chương trình hành động", other),
        (Kind.REGULAR, Topic.RESOLUTION, "Việc lãnh đạo thực hiện nghị quyết", fourth),
        (Kind.INSPECTION, Topic.PROGRAM, "Tiến độ nhiệm vụ của chương trình hành động", commune),
        (Kind.THEMATIC, Topic.RESOLUTION, "Công tác tuyên truyền nghị quyết", fourth),
    ]
    when = [-90, -85, -20, -40, 30]
    planned = [
        services.add_item(
            user=admin,
            program=program,
            kind=kind,
            topic=topic,
            subject=subject,
            targets=[unit],
            period_from=last_year[0],
            period_to=last_year[1],
            quarter=quarter(n),
            plan=plan,
        )
        for (kind, topic, subject, unit), n in zip(items, when, strict=True)
    ]
    clerk = _clerk_of(commune, "clerk")
    other_clerk = _clerk_of(other, "other")

    def start(index: int, number: str, on: D):
        kind, _topic, subject, unit = items[index]
        inspection = services.create_inspection(
            user=admin,
            unit=root,
            kind=kind,
            title=f"{subject} — {unit.name}",
            targets=[unit],
            period_from=last_year[0],
            period_to=last_year[1],
            decision_number=number,
            team=TEAM,
            item=planned[index],
            plan=plan,
        )
        if kind == Kind.REGULAR:
            return inspection
        return services.sign_decision(user=admin, inspection=inspection, number=number, on=on)

    def self_report(inspection, user, on):
        if user is None:
            return
        for target in inspection.targets.all():
            services.upload_self_report(
                user=user,
                target=target,
                upload=_pdf("bao-cao-tu-kiem-tra.pdf", "Bao cao tu kiem tra"),
                on=on,
            )

    def rows_of(unit: Unit):
        program = ActionProgram.objects.filter(unit=unit).order_by("-version", "id").first()
        task = Task.objects.filter(program=program).order_by("order").first() if program else None
        obligation = Obligation.objects.filter(unit=unit).order_by("id").first()
        return program, task, obligation

    written = 0
    # A third commune, concluded within the limit (the administrator answers for it: the demo
    # has no login there; the clerk's own commune keeps its program as the demo wrote it).
    first = start(0, "12-QĐ/TU", days(-90))
    self_report(first, admin, days(-80))
    program_a, task_a, obligation_a = rows_of(third)
    services.add_finding(
        user=admin,
        inspection=first,
        target=third,
        kind=Finding.Kind.STRENGTH,
        severity="",
        text="Tổ chức học tập, quán triệt nghị quyết kịp thời, đúng thành phần.",
        obligation=obligation_a,
    )
    services.add_finding(
        user=admin,
        inspection=first,
        target=third,
        kind=Finding.Kind.SHORTCOMING,
        severity=Finding.Severity.MODERATE,
        text="Một số nhiệm vụ của chương trình hành động chưa có chỉ tiêu, thời hạn cụ thể.",
        task=task_a,
        program=program_a,
        evidence=_pdf("bien-ban-lam-viec.pdf", "Bien ban lam viec"),
    )
    on_time = services.add_recommendation(
        user=admin,
        inspection=first,
        unit=third,
        text="Bổ sung chỉ tiêu, thời hạn và đơn vị chủ trì cho các nhiệm vụ còn chung chung.",
        due_on=days(-30),
    )
    late = services.add_recommendation(
        user=admin,
        inspection=first,
        unit=third,
        text="Tổ chức học tập bù cho đảng viên vắng mặt tại hội nghị quán triệt.",
        due_on=days(-45),
    )
    services.submit_draft(
        user=admin,
        inspection=first,
        conclusion=(
            "Đảng ủy đã lãnh đạo triển khai kế hoạch cơ bản nghiêm túc. Cần khắc phục ngay "
            "các hạn chế về chỉ tiêu của chương trình hành động và việc học tập bù."
        ),
    )
    services.approve_conclusion(user=admin, inspection=first, number="15-TB/TU", on=days(-60))
    for rec, done, closed in ((on_time, days(-35), days(-33)), (late, days(-38), days(-36))):
        rec.refresh_from_db()
        services.accept(user=admin, recommendation=rec, on=days(-58))
        services.report_done(
            user=admin,
            recommendation=rec,
            report="Đã thực hiện; gửi kèm biên bản.",
            evidence=_pdf("minh-chung.pdf", "Minh chung"),
            on=done,
        )
        services.close(user=admin, recommendation=rec, on=closed)
    written += 1
    # The other commune, concluded late; one overdue, one open.
    second = start(1, "25-QĐ/TU", days(-85))
    self_report(second, other_clerk, days(-78))
    program_b, task_b, _obligation_b = rows_of(other)
    services.add_finding(
        user=admin,
        inspection=second,
        target=other,
        kind=Finding.Kind.VIOLATION,
        severity=Finding.Severity.SERIOUS,
        text="Chương trình hành động sao chép gần như nguyên văn chương trình của cấp trên.",
        program=program_b,
        task=task_b,
    )
    overdue = services.add_recommendation(
        user=admin,
        inspection=second,
        unit=other,
        text="Xây dựng lại chương trình hành động sát với thực tiễn của phường.",
        due_on=days(-10),
    )
    services.add_recommendation(
        user=admin,
        inspection=second,
        unit=other,
        text="Kiểm điểm trách nhiệm tập thể, cá nhân trong việc xây dựng chương trình.",
        due_on=days(40),
    )
    services.submit_draft(
        user=admin,
        inspection=second,
        conclusion="Chương trình hành động còn hình thức, sao chép; yêu cầu xây dựng lại.",
    )
    services.approve_conclusion(user=admin, inspection=second, number="31-TB/TU", on=days(-30))
    if other_clerk is not None:
        overdue.refresh_from_db()
        services.accept(user=other_clerk, recommendation=overdue, on=days(-28))
    written += 1
    # A regular supervision, lighter.
    third_one = start(2, "", days(-20))
    services.record_supervision(
        user=admin,
        inspection=third_one,
        looked_at="Sổ nghị quyết, biên bản sinh hoạt chi bộ quý II; báo cáo sơ kết 6 tháng.",
        remarks="Ghi chép đầy đủ; cần nêu rõ kết quả thực hiện các chỉ tiêu trong biên bản.",
        on=days(-20),
    )
    written += 1
    # In progress, five days from its time limit; the last one planned, not started.
    fourth_one = start(3, "48-QĐ/TU", days(-40))
    self_report(fourth_one, clerk, days(-33))
    written += 1
    return written
