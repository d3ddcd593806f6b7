import datetime
from typing import Any, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trienkhai.core.models import UnitOwnedModel
from trienkhai.core.querysets import ScopedQuerySet, ancestor_paths


class SessionQuerySet(ScopedQuerySet):
    """A session held for a unit and everything under it (``include_subtree``) is the units
    below's session too: a cell's secretary sees the commune's conference their members
    attended, as they see the plans addressed to them. The attendance rows stay scoped: they
    see their own members' marks, not the commune's."""

    visible_from_below = True

    def addressed_below(self) -> models.Q:
        return models.Q(include_subtree=True)

    def for_unit(self, unit: Any) -> Self:
        """The sessions of ``unit`` and the units under it, and those held above it for it."""
        held_above = models.Q(unit__path__in=ancestor_paths(unit.path), include_subtree=True)
        return self.filter(models.Q(unit__path__prefix=unit.path) | held_above)


class StudySession(UnitOwnedModel):
    """A session (hội nghị học tập, quán triệt) a unit holds to study a plan's documents.

    Its audience is the unit, or the unit and everything under it, narrowed to key cadres or
    open to all members; non-members may be invited and are counted as attendances, not
    persons. A make-up session (học bù) is for those who missed another one.
    """

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        MIXED = "mixed", _("In person and online")

    class Audience(models.TextChoices):
        ALL_MEMBERS = "all_members", _("All party members")
        KEY_CADRES = "key_cadres", _("Key cadres")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="study_sessions",
        verbose_name=_("organised by"),
    )
    plan = models.ForeignKey(
        "resolutions.Plan",
        on_delete=models.PROTECT,
        related_name="study_sessions",
        verbose_name=_("plan"),
    )
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    connection_points = models.PositiveIntegerField(_("online connection points"), default=0)
    lecturer = models.CharField(_("lecturer"), max_length=160, blank=True)
    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience.choices, default=Audience.ALL_MEMBERS
    )
    include_subtree = models.BooleanField(_("units below attend too"), default=True)
    non_members_invited = models.BooleanField(_("non-members invited"), default=False)
    non_member_count = models.PositiveIntegerField(_("non-member attendances"), default=0)
    makeup_for = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="makeups",
        verbose_name=_("make-up for"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    duration = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=180,
        db_default=180,  # rows inserted in bulk (the demo, the timings) name their columns
        validators=[MinValueValidator(15), MaxValueValidator(24 * 60)],
        help_text=_("Check-in closes when the session ends."),
    )

    objects = SessionQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1712

    class Meta:
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["plan", "unit"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mode="in_person", connection_points=0)
                | ~models.Q(mode="in_person"),
                name="session_points_only_online",
                violation_error_message=_("An in-person session has no connection points."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("study:session-detail", args=[self.pk])

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration)

    @property
    def checkin_opens_at(self) -> datetime.datetime:
        """Members may check in from ``TRIENKHAI_CHECKIN_OPEN_BEFORE`` minutes before the
        start until the end (a make-up session is a session: its own window)."""
        before = settings.TRIENKHAI_CHECKIN_OPEN_BEFORE
        return self.starts_at - datetime.timedelta(minutes=before)

    def checkin_open(self, at: datetime.datetime | None = None) -> bool:
        at = at or timezone.now()
        return self.checkin_opens_at <= at <= self.ends_at

    def checkin_closed(self, at: datetime.datetime | None = None) -> bool:
        """The window is over: only a clerk changes attendance now, with a reason."""
        return (at or timezone.now()) > self.ends_at


class Attendance(UnitOwnedModel):
    """One person at one session. ``unit`` is the person's home unit when it was recorded,
    so a member who later moves still counts where they studied."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    class Method(models.TextChoices):
        ROSTER = "roster", _("Roster")
        QR = "qr", _("QR code")
        MEMBER_CODE = "member_code", _("Member code")
        PIN = "pin", _("Member code and PIN")
        KIOSK = "kiosk", _("Hall kiosk")

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey("units.Person", on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    #: The device (its signed cookie's id) a member checked in from; empty on the roster.
    device = models.CharField(_("device"), max_length=32, blank=True, default="", db_default="")

    objects = ScopedQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1712

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="attendance_unique")
        ]
        indexes = [
            # "Has this person studied the plan?" is answered from the index alone: the
            # study numbers ask it of every member (``study.rollup.studied``).
            models.Index(fields=["person", "status", "session"], name="attendance_person_idx"),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_status_display()}"
