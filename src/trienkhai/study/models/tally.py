"""Per-unit study tallies of a plan, kept for today (``study.tallies``).

Counting who has studied a national plan means joining every party member (5.6 million)
with their attendance and learning report: about twenty seconds on one server. The tallies
keep the result of that join per unit (and exemption) for today, and are brought up to date
from the writes since — each write that can change them leaves a ``TallyMark`` naming the
unit (or the subtree) whose rows to count again. Past dates are always counted live.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StudyTally(models.Model):
    """The members of one unit (exempt or not) with what they did for one plan, as of
    ``TallyState.day``: the same figures as the live GROUP BY of ``study.rollup``."""

    plan = models.ForeignKey("resolutions.Plan", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    exempt = models.BooleanField()
    members = models.IntegerField()
    attended = models.IntegerField()
    submitted = models.IntegerField()
    late = models.IntegerField()
    returned = models.IntegerField()
    grade_good = models.IntegerField()
    grade_fair = models.IntegerField()
    grade_pass = models.IntegerField()
    grade_fail = models.IntegerField()

    class Meta:
        verbose_name = _("study tally")
        verbose_name_plural = _("study tallies")
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit", "exempt"], name="study_tally_unique")
        ]

    def __str__(self):
        return f"{self.plan_id}/{self.unit_id}/{'exempt' if self.exempt else 'eligible'}"


class TallyState(models.Model):
    """How far a plan's tallies are: the day they count for and the last mark they took in.
    ``day`` is empty while the first count is being made."""

    plan = models.OneToOneField(
        "resolutions.Plan", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    day = models.DateField(null=True)
    mark = models.BigIntegerField(default=0)
    #: PostgreSQL: the transactions still running when the tallies last caught up
    #: (``study.tallies``: the marks they could not see come from these); empty on SQLite.
    waiting = models.JSONField(default=list)
    counted_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("tally state")
        verbose_name_plural = _("tally states")

    def __str__(self):
        return f"{self.plan_id} @ {self.day}"


class TallyMark(models.Model):
    """A write that may have changed the tallies of ``unit`` (with ``subtree``, of every unit
    under it too). Units, not paths: a unit moved before the tallies catch up is still
    found."""

    id = models.BigAutoField(primary_key=True)
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    subtree = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True)
    #: PostgreSQL: the id of the transaction that made the mark; 0 on SQLite.
    txid = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("tally mark")
        verbose_name_plural = _("tally marks")
        indexes = [models.Index(fields=["txid"], name="tally_mark_txid_idx")]

    def __str__(self):
        return f"{self.unit_id}{'/…' if self.subtree else ''}"
