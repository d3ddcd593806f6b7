"""What QR check-in keeps beside the attendance rows: members' PINs, the hall kiosks a clerk
turned on for a session, and the conflicts between a check-in and a clerk's mark."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trienkhai.core.models import UnitOwnedModel
from trienkhai.core.querysets import ScopedQuerySet

from .session import Attendance, StudySession


class CheckinPin(UnitOwnedModel):
    """A member's personal check-in PIN (random digits), stored as a keyed hash
    (``study.checkin.hash_pin``): shown once when issued, replaced when issued again.
    ``unit`` is the member's home unit, so the clerks above it may issue one."""

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    person = models.OneToOneField(
        "units.Person", on_delete=models.CASCADE, related_name="checkin_pin"
    )
    digest = models.CharField(max_length=64)
    issued_at = models.DateTimeField(auto_now=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1712

    class Meta:
        verbose_name = _("check-in PIN")
        verbose_name_plural = _("check-in PINs")

    def __str__(self):
        return str(_("Check-in PIN of %(person)s") % {"person": self.person_id})


class CheckinKiosk(UnitOwnedModel):
    """A device (its cookie id) a clerk turned into a hall kiosk for one session: members
    check in on it one after another with their member code and PIN."""

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="kiosks")
    device = models.CharField(max_length=32)
    enabled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    enabled_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1712

    class Meta:
        verbose_name = _("check-in kiosk")
        verbose_name_plural = _("check-in kiosks")
        constraints = [
            models.UniqueConstraint(fields=["session", "device"], name="kiosk_unique_device")
        ]

    def __str__(self):
        return str(_("Kiosk %(device)s") % {"device": self.device[:8]})


class CheckinConflict(UnitOwnedModel):
    """A member checked in after a clerk had marked them otherwise (absent, excused): the
    check-in does not overwrite the mark; the clerk accepts it (present) or keeps the mark,
    with a reason. ``unit`` is the session's unit (its clerks resolve it); a notification
    can point to the row."""

    class Status(models.TextChoices):
        OPEN = "open", _("To decide")
        ACCEPTED = "accepted", _("Check-in accepted")
        KEPT = "kept", _("Clerk's mark kept")

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    session = models.ForeignKey(
        StudySession, on_delete=models.CASCADE, related_name="checkin_conflicts"
    )
    person = models.ForeignKey(
        "units.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="conflicts")
    #: The clerk's mark when the member checked in.
    marked_status = models.CharField(
        _("clerk's mark"), max_length=8, choices=Attendance.Status.choices
    )
    checked_in_at = models.DateTimeField(_("checked in at"))
    method = models.CharField(_("method"), max_length=12, choices=Attendance.Method.choices)
    device = models.CharField(_("device"), max_length=32, blank=True, default="")
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    status = models.CharField(
        _("decision"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = ScopedQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1712

    class Meta:
        verbose_name = _("check-in conflict")
        verbose_name_plural = _("check-in conflicts")
        ordering = ["checked_in_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=Q(status="open"),
                name="checkin_conflict_one_open",
            )
        ]

    def __str__(self):
        return str(_("Check-in conflict #%(pk)s") % {"pk": self.pk})

    def get_absolute_url(self):
        return reverse("study:conflict-resolve", args=[self.pk])
