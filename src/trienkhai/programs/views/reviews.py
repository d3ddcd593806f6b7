"""Annual reviews of a program: the list and the start of a year's review, the review itself
(figures from the data, narrative sections, refresh, approval by the head) and its print-ready
page in the official format of party documents.

A review can be read by whoever sees its unit; written by who may change the unit while it is
a draft; approved only by the head of the unit or the deputy named for the program. After
approval it is read-only.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View

from trienkhai.core import numbers
from trienkhai.core.access import Action, may
from trienkhai.core.views import ScopedObjectMixin, apply_validation_error
from trienkhai.resolutions import letterhead
from trienkhai.units.models import Position
from trienkhai.units.views import ancestors_in_scope

from .. import services
from ..forms_follow import ReviewForm, ReviewYearForm
from ..models import ActionProgram, AnnualReview, TaskStatus
from ..services.reviews import NARRATIVE
from .progress import STATUS_CLASS, refuse


def facts_table(facts: dict, labels: dict | None = None) -> dict:
    """The stored figures of a review, shaped for the tables: status rows in the order of the
    statuses, task rows and indicator rows with their labels, and the milestones."""
    labels = labels or dict(TaskStatus.choices)
    tasks = facts.get("tasks", {})
    total = tasks.get("total", 0)
    counts = [tasks.get(status, 0) for status in TaskStatus.values]
    # Shares of one whole: rounded by the largest remainder, so that they add up to 100.
    shares = numbers.largest_remainder(counts) if total else [None] * len(counts)
    status_rows = [
        {
            "status": status,
            "label": labels[status],
            "n": n,
            "share": share,
            "css": STATUS_CLASS[status],
        }
        for status, n, share in zip(TaskStatus.values, counts, shares, strict=True)
    ]
    rows = [
        {**row, "label": labels.get(row["status"], row["status"])}
        for row in facts.get("task_rows", [])
    ]
    as_of = facts.get("as_of")
    return {
        "as_of": datetime.date.fromisoformat(as_of) if as_of else None,
        "status_rows": status_rows,
        "total": total,
        "task_rows": rows,
        "indicators": facts.get("indicators", []),
        "milestones_due": facts.get("milestones_due", 0),
        "milestones_done": facts.get("milestones_done", 0),
        "overdue": facts.get("overdue", []),
    }


def open_years(program: ActionProgram, taken, today: datetime.date) -> list[int]:
    """The years a review may be prepared for: from the first approval to this year, less
    those already reviewed (latest first)."""
    if not program.first_approved_on:
        return []
    first = program.first_approved_on.year
    return [y for y in range(today.year, first - 1, -1) if y not in set(taken)]


class ProgramObjectMixin(ScopedObjectMixin):
    model = ActionProgram

    def get_program(self) -> ActionProgram:
        program = (
            self.get_queryset().select_related("unit", "plan").filter(pk=self.kwargs["pk"]).first()
        )
        if program is None:
            raise Http404
        return program


class ReviewListView(ProgramObjectMixin, View):
    """A program's annual reviews, and the form to start this year's (or a missing year's)."""

    template_name = "programs/review_list.html"

    def render_page(self, program, form=None, status=200):
        user = self.request.user
        today = timezone.localdate()
        reviews = list(
            AnnualReview.objects.for_user(user, Action.VIEW)
            .filter(program=program)
            .select_related("approved_by__person")
            .prefetch_related("approved_by__person__positions")
            .order_by("-year")
        )
        can_prepare = may(user, Action.CHANGE, program.unit)
        years = open_years(program, [r.year for r in reviews], today) if can_prepare else []
        if form is None and years:
            form = ReviewYearForm(years=years, initial={"year": years[0]})
        for review in reviews:
            review.counts = review.facts.get("tasks", {})
        return render(
            self.request,
            self.template_name,
            {
                "program": program,
                "ancestors": ancestors_in_scope(user, program.unit, include_self=True),
                "reviews": reviews,
                "form": form if can_prepare else None,
                "years": years,
                "can_prepare": can_prepare,
            },
            status=status,
        )

    def get(self, request, pk):
        return self.render_page(self.get_program())


class ReviewAddView(ReviewListView):
    """Start the review of a year: the figures are filled in from the data."""

    #: What a POST needs on the object's unit (reading needs only ``action``).
    post_action = Action.CHANGE

    def post(self, request, pk):
        program = self.get_program()
        user = request.user
        if not may(user, Action.CHANGE, program.unit):
            return refuse(
                request,
                _("Only who may change %(unit)s prepares its reviews.")
                % {"unit": program.unit.name},
            )
        taken = AnnualReview.objects.for_user(user, Action.VIEW).filter(program=program)
        years = open_years(program, taken.values_list("year", flat=True), timezone.localdate())
        form = ReviewYearForm(request.POST, years=years)
        if form.is_valid():
            try:
                review = services.prepare_review(
                    user=user, program=program, year=form.cleaned_data["year"]
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionDenied as exc:
                return refuse(request, exc.args[0] if exc.args else _("Permission denied."))
            else:
                messages.success(
                    request, _("The review of %(year)s was prepared.") % {"year": review.year}
                )
                return redirect(review)
        return self.render_page(program, form=form, status=400)


class ReviewObjectMixin(ScopedObjectMixin):
    model = AnnualReview

    def get_review(self) -> AnnualReview:
        review = (
            self.get_queryset()
            .select_related("program__unit", "program__plan__unit", "unit", "approved_by__person")
            .prefetch_related("approved_by__person__positions")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if review is None:
            raise Http404
        return review


class ReviewDetailView(ReviewObjectMixin, View):
    """The review: its figures as tables, the narrative sections (a form while it is a draft),
    "refresh figures" and "approve". One POST serves the three buttons, so that a head who
    edits and approves at once loses nothing, and a refused approval writes nothing."""

    #: What a POST needs on the object's unit (reading needs only ``action``).
    post_action = Action.CHANGE

    template_name = "programs/review_detail.html"

    def render_page(self, review, form=None, status=200):
        user = self.request.user
        program = review.program
        draft = review.status == AnnualReview.Status.DRAFT
        can_edit = draft and may(user, Action.CHANGE, review.unit)
        if form is None and can_edit:
            form = ReviewForm(instance=review)
        return render(
            self.request,
            self.template_name,
            {
                "review": review,
                "program": program,
                "ancestors": ancestors_in_scope(user, review.unit, include_self=True),
                "facts": facts_table(review.facts),
                "form": form if can_edit else None,
                "can_edit": can_edit,
                "can_approve": draft and services.may_approve(user, program),
                "sections": [
                    (AnnualReview._meta.get_field(name).verbose_name, getattr(review, name))
                    for name in NARRATIVE
                ],
            },
            status=status,
        )

    def get(self, request, pk):
        return self.render_page(self.get_review())

    def post(self, request, pk):
        review = self.get_review()
        user = request.user
        approving = "approve" in request.POST
        if approving and not services.may_approve(user, review.program):
            return refuse(
                request,
                _("Only the head of the unit, or the deputy the head named, may approve it."),
                back=review.get_absolute_url(),
            )
        if not may(user, Action.CHANGE, review.unit) and not approving:
            return refuse(
                request,
                _("You may read this review but not change it."),
                back=review.get_absolute_url(),
            )
        if review.status != AnnualReview.Status.DRAFT:
            messages.error(request, _("An approved review cannot be changed."))
            return redirect(review)
        form = ReviewForm(request.POST, instance=AnnualReview.objects.get(pk=review.pk))
        if not form.is_valid():
            return self.render_page(review, form=form, status=400)
        texts = {name: form.cleaned_data[name] for name in NARRATIVE}
        try:
            with transaction.atomic():
                if may(user, Action.CHANGE, review.unit):
                    services.update_review(
                        user=user, review=review, refresh="refresh" in request.POST, **texts
                    )
                if approving:
                    services.approve_review(user=user, review=review)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.render_page(review, form=form, status=400)
        except PermissionDenied as exc:
            return refuse(
                request,
                exc.args[0] if exc.args else _("Permission denied."),
                back=review.get_absolute_url(),
            )
        if approving:
            messages.success(request, _("The review was approved."))
        elif "refresh" in request.POST:
            messages.success(request, _("The figures were refreshed from the data."))
        else:
            messages.success(request, _("The review was saved."))
        return redirect(review)


# --- the print-ready page --------------------------------------------------------------------
# The printed review is an official Vietnamese party document (Quy định 66-QĐ/TW, Hướng dẫn
# 36-HD/VPTW): its fixed words are Vietnamese whatever the screen's language, so the page is
# rendered in Vietnamese and its template writes them as they must be printed.

PRINT_STATUS = {
    TaskStatus.NOT_STARTED: "Chưa triển khai",
    TaskStatus.ON_TRACK: "Đang thực hiện đúng tiến độ",
    TaskStatus.AT_RISK: "Có nguy cơ chậm",
    TaskStatus.LATE: "Chậm tiến độ",
    TaskStatus.DONE: "Hoàn thành",
}
PRINT_KIND = {
    ActionProgram.Kind.PROGRAM: "Chương trình hành động",
    ActionProgram.Kind.PLAN: "Kế hoạch thực hiện",
    ActionProgram.Kind.PROJECT: "Đề án",
}


def paragraphs(text: str) -> list[str]:
    """A narrative section as the paragraphs of the printed page, one per line typed."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def signer(user, review) -> tuple[str, str]:
    """Title and name under the signature: the approver's position in the unit if they hold
    one, else the head's position; the approver's name."""

    positions = (
        Position.objects.for_user(user, Action.VIEW)
        .filter(unit=review.unit, ended_on__isnull=True)
        .select_related("person")
    )
    position = None
    if review.approved_by_id:
        position = positions.filter(person__user=review.approved_by_id).first()
    if position is None:
        position = positions.filter(is_head=True).first()
    title = position.title.upper() if position else "BÍ THƯ"
    if review.approved_by_id:
        approver = review.approved_by
        name = approver.get_full_name() or (position.person.full_name if position else "")
        name = name or approver.username
    else:
        name = position.person.full_name if position else ""
    return title, name


class ReviewPrintView(ReviewObjectMixin, View):
    """The review as a Báo cáo on A4: letterhead, number line, place and date, title, the
    figures and the narrative sections, signature block and recipients."""

    def get(self, request, pk):
        review = self.get_review()
        program = review.program
        today = timezone.localdate()
        title, name = signer(request.user, review)
        with translation.override("vi"):
            context = {
                "review": review,
                "program": program,
                "kind": PRINT_KIND.get(program.kind, ""),
                "head": letterhead.letterhead(
                    review.unit, day=review.approved_on, year=(review.approved_on or today).year
                ),
                "facts": facts_table(review.facts, PRINT_STATUS),
                "sign_title": title,
                "sign_name": name,
                "draft": review.status == AnnualReview.Status.DRAFT,
                "plan_issuer": program.plan.unit.committee_name,
                "sections": {name: paragraphs(getattr(review, name)) for name in NARRATIVE},
            }
            html = render_to_string("programs/review_print.html", context, request=request)
        return HttpResponse(html)
