"""The organisation tree, its people, their positions and users' roles on units."""

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager

from trienkhai.core import textvi
from trienkhai.core.access import Role
from trienkhai.core.models import UnitOwnedModel

from . import naming
from .querysets import PersonQuerySet, UnitQuerySet

# Named at module level: mypy's Django plugin types ``from_queryset`` only in an assignment.
_UnitManagerBase = MP_NodeManager.from_queryset(UnitQuerySet)


class UnitManager(_UnitManagerBase["Unit"]):  # type: ignore[valid-type]  # plugin-made class
    def get_queryset(self) -> UnitQuerySet:
        return UnitQuerySet(self.model).order_by("path")


class Unit(MP_Node):
    """A body in the hierarchy: a party committee, a cell, a government, the Front, a mass
    organisation or an agency.

    Same-level government, Front and organisations sit under the committee that leads them, so
    "this committee and everything under it" is one prefix match on ``path`` (materialised path,
    four characters a level).
    """

    class Kind(models.TextChoices):
        PARTY_COMMITTEE = "party_committee", _("Party committee")
        PARTY_CELL = "party_cell", _("Party cell")
        GOVERNMENT = "government", _("Government")
        FRONT = "front", _("Fatherland Front")
        MASS_ORG = "mass_org", _("Socio-political organisation")
        AGENCY = "agency", _("Agency")

    class Level(models.TextChoices):
        CENTRAL = "central", _("Central")
        PROVINCE = "province", _("Province")
        COMMUNE = "commune", _("Commune or equivalent")
        GRASSROOTS = "grassroots", _("Grassroots")

    steplen = 4
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        help_text=_("Letters, digits, '-', '_' or '.'; unique in the whole system."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active to"), null=True, blank=True)
    search_key = models.CharField(max_length=255, editable=False, db_index=True)
    sort_key = models.CharField(max_length=2000, editable=False)

    objects = UnitManager()

    # Set on units listed with their member counts (``units.views.with_counts``).
    people_count: int
    member_count: int
    # Set on the units of people listed (``units.lists.with_unit_parents``).
    parent_name: str

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="unit_active_period_ordered",
            )
        ]
        indexes = [models.Index(fields=["depth", "sort_key"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("units:unit-detail", args=[self.pk])

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive_keys()
        super().save(*args, **kwargs)

    def derive_keys(self, text: Any = textvi) -> None:
        """Normalise the text fields and fill the derived keys (bulk inserts call this too).
        ``text``: the text rules, ``core.textvi`` (a generator passes a memoised copy)."""
        self.name = text.normalize(self.name)
        self.short_name = text.normalize(self.short_name)
        self.code = text.normalize(self.code).upper()
        self.search_key = text.fold(f"{self.name} {self.short_name} {self.code}")[:255]
        self.sort_key = text.collation_key(self.name)[:2000]

    @property
    def organisation_name(self) -> str:
        """The organisation (tables, trees, charts, headings): ``units.naming``."""
        return naming.organisation_name(self)

    @property
    def committee_name(self) -> str:
        """The committee, as an issuing body (letterheads, "issued by"): ``units.naming``."""
        return naming.committee_name(self)

    @property
    def short_label(self) -> str:
        """The organisation with official abbreviations, where room is short."""
        return naming.short_label(self)

    @property
    def is_closed(self) -> bool:

        return self.active_to is not None and self.active_to < timezone.localdate()


class Person(UnitOwnedModel):
    """A cadre, party member or non-member known to a unit. Personal data is kept minimal."""

    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class Category(models.TextChoices):
        KEY_CADRE = "key_cadre", _("Key cadre")
        LECTURER = "lecturer", _("Lecturer")
        MEMBER = "member", _("Member")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="people", verbose_name=_("home unit")
    )
    full_name = models.CharField(_("full name"), max_length=120)
    family_name = models.CharField(max_length=40, editable=False)
    middle_name = models.CharField(max_length=80, editable=False)
    given_name = models.CharField(max_length=40, editable=False)
    member_code = models.CharField(
        _("member code"), max_length=32, null=True, blank=True, unique=True
    )
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    is_party_member = models.BooleanField(_("party member"), default=True)
    exempt_from_activity = models.BooleanField(_("exempt from party activity"), default=False)
    category = models.CharField(
        _("category"), max_length=16, choices=Category.choices, default=Category.MEMBER
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login"),
    )
    search_key = models.CharField(max_length=200, editable=False, db_index=True)
    sort_key = models.CharField(max_length=1000, editable=False, db_index=True)

    objects = PersonQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1712

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=Q(exempt_from_activity=False) | Q(is_party_member=True),
                name="person_exempt_only_members",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "sort_key"]),
            # Covers the member counts of a subtree without reading the rows.
            models.Index(
                fields=["unit", "exempt_from_activity", "is_party_member", "left_on"],
                name="person_unit_counts_idx",
            ),
            # The few members with a leaving date: the study tallies find those who left
            # since the day they were counted for (``study.tallies``).
            models.Index(
                fields=["left_on"],
                condition=Q(left_on__isnull=False),
                name="person_left_on_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("units:person-detail", args=[self.pk])

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive_keys()
        super().save(*args, **kwargs)

    def derive_keys(self, text: Any = textvi) -> None:
        """Normalise the name and fill the derived fields (bulk inserts call this too).
        ``text``: the text rules, ``core.textvi`` (a generator passes a memoised copy)."""
        self.full_name = text.normalize_name(self.full_name)
        self.member_code = text.normalize(self.member_code).upper() or None
        self.family_name, self.middle_name, self.given_name = text.split_name(self.full_name)
        self.search_key = text.fold(f"{self.full_name} {self.member_code or ''}")[:200]
        self.sort_key = text.person_collation_key(self.full_name)[:1000]


class Position(UnitOwnedModel):
    """A person holds a title in a unit; at most one current holder is the unit's head."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="positions", verbose_name=_("unit")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="positions", verbose_name=_("person")
    )
    title = models.CharField(_("position title"), max_length=120)
    is_head = models.BooleanField(_("head of the unit"), default=False)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(is_head=True, ended_on__isnull=True),
                name="position_one_current_head",
                violation_error_message=_("This unit already has a head."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}: {self.person}"

    def get_absolute_url(self) -> str:
        return self.unit.get_absolute_url()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.title = textvi.normalize(self.title)
        super().save(*args, **kwargs)


class RoleAssignment(UnitOwnedModel):
    """A user holds a role on a unit; it covers the unit and everything under it."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("unit")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                name="role_assignment_unique",
                violation_error_message=_("This user already holds this role on this unit."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("units:roles", args=[self.unit_id])
