"""Annual reviews: prepared from the data, written by people, approved by the head."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core import textvi
from trienkhai.core.access import Action, require
from trienkhai.core.audit import record
from trienkhai.core.changes import audited
from trienkhai.core.models import AuditEvent

from ..models import ActionProgram, AnnualReview
from ..review_facts import review_facts
from .workflow import may_approve

Verb = AuditEvent.Verb
NARRATIVE = ["results", "shortcomings", "causes", "lessons", "next_year"]


@transaction.atomic
def prepare_review(*, user, program: ActionProgram, year: int) -> AnnualReview:
    """Start the review of ``year``, its figures filled in from the data."""
    program = ActionProgram.objects.select_related("unit").get(pk=program.pk)  # as stored
    require(user, Action.CHANGE, program.unit)
    today = timezone.localdate()
    if not program.first_approved_on:
        raise ValidationError(_("Only an approved program is reviewed."))
    first = program.first_approved_on.year
    last = min(today.year, program.closed_on.year) if program.closed_on else today.year
    if not (first <= year <= last):  # a closed program is not reviewed for the years after
        raise ValidationError(
            {
                "year": _("Choose a year from %(first)s to %(last)s.")
                % {"first": first, "last": last}
            }
        )
    if AnnualReview.objects.filter(program=program, year=year).exists():
        raise ValidationError({"year": _("This program already has a review for this year.")})
    try:
        with transaction.atomic():
            review = AnnualReview.objects.create(
                unit=program.unit, program=program, year=year, facts=review_facts(program, year)
            )
    except IntegrityError as error:  # a concurrent request prepared it first
        raise ValidationError(
            {"year": _("This program already has a review for this year.")}
        ) from error
    record(user=user, verb=Verb.CREATE, obj=review, unit=program.unit, after={"year": year})
    return review


@transaction.atomic
def update_review(*, user, review: AnnualReview, refresh: bool = False, **texts) -> AnnualReview:
    """Write the narrative sections (and refresh the figures) of a draft review."""
    review = (
        AnnualReview.objects.select_for_update(of=("self",))
        .select_related("program")
        .get(pk=review.pk)
    )
    # Only the sections that changed go into the event: whole 20,000-character sections
    # repeated on every save would bloat the log.
    with audited(user=user, obj=review, fields=NARRATIVE, only_changed=True) as change:
        if review.status != AnnualReview.Status.DRAFT:
            raise ValidationError(_("An approved review cannot be changed."))
        for name, value in texts.items():
            if name not in NARRATIVE:
                raise TypeError(f"unknown section {name!r}")
            value = textvi.normalize_paragraphs(value or "")  # a review is written in paragraphs
            if len(value) > 20000:
                raise ValidationError(
                    {name: _("This section is too long (at most 20,000 characters).")}
                )
            setattr(review, name, value)
        if refresh:
            review.facts = review_facts(review.program, review.year)
            change.note(facts="refreshed")
        review.save()
    return review


@transaction.atomic
def approve_review(*, user, review: AnnualReview) -> AnnualReview:
    """The head approves the review; its figures are refreshed one last time and kept."""
    review = (
        AnnualReview.objects.select_for_update(of=("self",))
        .select_related("program__unit")
        .get(pk=review.pk)
    )
    if not may_approve(user, review.program):
        raise PermissionDenied(
            _("Only the head of the unit, or the deputy the head named, may approve it.")
        )
    if review.status != AnnualReview.Status.DRAFT:
        raise ValidationError(_("This review has already been approved."))
    missing = [
        name for name in ("results", "shortcomings", "next_year") if not getattr(review, name)
    ]
    if missing:
        field = AnnualReview._meta.get_field
        raise ValidationError(
            _("Write these sections before approval: %(sections)s.")
            % {"sections": ", ".join(str(getattr(field(n), "verbose_name", n)) for n in missing)}
        )
    review.facts = review_facts(review.program, review.year)
    review.status = AnnualReview.Status.APPROVED
    review.approved_on = timezone.localdate()
    review.approved_by = user
    review.save()
    record(user=user, verb=Verb.APPROVE, obj=review, unit=review.unit, after={"year": review.year})
    return review
