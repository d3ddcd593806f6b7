"""Bringing a resolution to the public: what units did (dissemination activities), the public
page a unit publishes per resolution, the questions people ask and the answers its head
approves.

Nothing here records individual citizens: an activity keeps only aggregates of what people
said (how many opinions, the main themes in a few words), and a question keeps only its text
and the contact its asker chose to give.
"""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trienkhai.core import textvi
from trienkhai.core.models import UnitOwnedModel
from trienkhai.core.querysets import ScopedQuerySet

TITLE_MAX = 300
THEMES_MAX = 200
CONTENT_MAX = 10_000
QUESTION_MAX = 1000
CONTACT_MAX = 200
ANSWER_MAX = 5000
#: The largest count an activity may give (reach, population, opinions): a province's people.
COUNT_MAX = 100_000_000


class Channel(models.TextChoices):
    PRESS = "press", _("Press article")
    RADIO = "radio", _("Radio and loudspeakers")
    TELEVISION = "television", _("Television")
    PORTAL = "portal", _("Portal or website")
    SOCIAL = "social", _("Social-media page")
    MESSAGING = "messaging", _("Messaging group")
    MEETING = "meeting", _("Meeting with residents")
    BANNERS = "banners", _("Banners and posters")
    LEAFLETS = "leaflets", _("Leaflets")
    CULTURAL = "cultural", _("Cultural event or contest")


class Activity(UnitOwnedModel):
    """One thing a unit did to bring a plan's resolution to the public: a loudspeaker
    broadcast, a meeting with a hamlet's residents, 2,000 leaflets. Its reach is compared with
    the population it addressed; what people said is kept as aggregates only."""

    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="outreach_activities",
        verbose_name=_("unit"),
    )
    plan = models.ForeignKey(
        "resolutions.Plan",
        on_delete=models.PROTECT,
        related_name="outreach_activities",
        verbose_name=_("plan"),
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    #: The folded title: a burst of identical titles is found by one index look-up.
    title_key = models.CharField(max_length=TITLE_MAX, editable=False, db_index=True)
    key_points = models.ManyToManyField(
        "resolutions.KeyPoint", blank=True, related_name="+", verbose_name=_("key points carried")
    )
    link = models.URLField(_("link"), max_length=500, blank=True)
    evidence = models.FileField(_("evidence file"), upload_to="outreach/%Y/%m/", blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_type = models.CharField(max_length=8, blank=True)
    #: The evidence's SHA-256 (hex): the same file given for several activities is flagged.
    evidence_sha256 = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    reach = models.PositiveIntegerField(_("reach"))
    audience_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("population addressed (unit)"),
    )
    audience_label = models.CharField(_("population addressed (group)"), max_length=200, blank=True)
    audience_size = models.PositiveIntegerField(
        _("size of the population addressed"), null=True, blank=True
    )
    opinions = models.PositiveIntegerField(_("opinions received"), default=0)
    opinion_themes = models.CharField(
        _("main themes of the opinions"), max_length=THEMES_MAX, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ScopedQuerySet["Activity"].as_manager()  # type: ignore[misc]  # django-stubs#1712

    class Meta:
        verbose_name = _("dissemination activity")
        verbose_name_plural = _("dissemination activities")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["plan", "unit"]), models.Index(fields=["plan", "held_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("outreach:activity-detail", args=[self.pk])

    def derive_keys(self) -> None:
        self.title = textvi.normalize(self.title)
        self.opinion_themes = textvi.normalize(self.opinion_themes)
        self.audience_label = textvi.normalize(self.audience_label)
        self.title_key = textvi.fold(self.title)[:TITLE_MAX]

    @property
    def audience(self) -> str:
        if self.audience_unit_id is not None:
            return self.audience_unit.organisation_name  # type: ignore[union-attr]
        return self.audience_label


class PublicPage(UnitOwnedModel):
    """A resolution a unit chose to publish: the core content in plain language, written by
    its propaganda staff (a clerk) and shown to the public only once its head approved it
    (``published_content``: what the public reads; ``content``: the draft being written)."""

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="public_pages", verbose_name=_("unit")
    )
    resolution = models.ForeignKey(
        "resolutions.Resolution",
        on_delete=models.PROTECT,
        related_name="public_pages",
        verbose_name=_("resolution"),
    )
    #: The public address (``/outreach/p/<slug>/``): readable, not an id to probe.
    slug = models.SlugField(max_length=80, unique=True)
    content = models.TextField(
        _("core content in plain language"),
        max_length=CONTENT_MAX,
        validators=[MaxLengthValidator(CONTENT_MAX)],
    )
    published_content = models.TextField(blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet["PublicPage"].as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("public page")
        verbose_name_plural = _("public pages")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "resolution"],
                name="public_page_once_per_unit",
                violation_error_message=_("This unit already has a page for this resolution."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.resolution.number} · {self.unit.organisation_name}"

    def get_absolute_url(self) -> str:
        return reverse("outreach:page-detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("outreach:public", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def has_unpublished_changes(self) -> bool:
        return self.content != self.published_content


class Answer(UnitOwnedModel):
    """An answer of the FAQ of a public page: the question as the staff phrase it, the answer,
    the key points it explains. Published once the head approves it; a unit below may reuse
    (copy) a published answer of the level above (``reused_from``)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Awaiting the head's approval")
        PUBLISHED = "published", _("Published")

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    page = models.ForeignKey(PublicPage, on_delete=models.CASCADE, related_name="answers")
    question = models.TextField(
        _("question"), max_length=QUESTION_MAX, validators=[MaxLengthValidator(QUESTION_MAX)]
    )
    text = models.TextField(
        _("answer"), max_length=ANSWER_MAX, validators=[MaxLengthValidator(ANSWER_MAX)]
    )
    key_points = models.ManyToManyField(
        "resolutions.KeyPoint", blank=True, related_name="+", verbose_name=_("key points explained")
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    reused_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reuses"
    )
    search_key = models.TextField(editable=False, default="")
    question_key = models.CharField(max_length=QUESTION_MAX, editable=False, default="")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet["Answer"].as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["page", "id"]
        indexes = [models.Index(fields=["page", "state"])]

    def __str__(self) -> str:
        return self.question[:80]

    def get_absolute_url(self) -> str:
        return f"{reverse('outreach:page-detail', args=[self.page_id])}#answer-{self.pk}"

    def derive_keys(self) -> None:
        self.question = textvi.normalize_paragraphs(self.question)
        self.text = textvi.normalize_paragraphs(self.text)
        self.question_key = textvi.fold(self.question)[:QUESTION_MAX]
        self.search_key = textvi.fold(f"{self.question} {self.text}")


class Question(UnitOwnedModel):
    """A question asked on a public page (by the public) or by a logged-in member, routed to
    the staff of the unit that published the page. Only the text and the contact the asker
    chose to give are stored."""

    class State(models.TextChoices):
        NEW = "new", _("Waiting for an answer")
        DRAFTED = "drafted", _("Answer awaiting approval")
        ANSWERED = "answered", _("Answered")
        MERGED = "merged", _("Already answered (merged)")
        DISMISSED = "dismissed", _("Dismissed")

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    page = models.ForeignKey(PublicPage, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(
        _("question"), max_length=QUESTION_MAX, validators=[MaxLengthValidator(QUESTION_MAX)]
    )
    text_key = models.CharField(max_length=QUESTION_MAX, editable=False, default="")
    contact = models.CharField(_("contact (optional)"), max_length=CONTACT_MAX, blank=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    asked_at = models.DateTimeField(_("asked at"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.NEW)
    answer = models.ForeignKey(
        Answer, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    answered_at = models.DateTimeField(null=True)

    objects = ScopedQuerySet["Question"].as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-asked_at", "-id"]
        indexes = [models.Index(fields=["page", "state"])]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return f"{reverse('outreach:page-detail', args=[self.page_id])}#question-{self.pk}"

    def derive_keys(self) -> None:
        self.text = textvi.normalize_paragraphs(self.text)
        self.contact = textvi.normalize(self.contact)
        self.text_key = textvi.fold(self.text)[:QUESTION_MAX]


class AskedQuestionQuerySet(ScopedQuerySet["AskedQuestion"]):
    """The questions a member asked, as the member reads them: for ``view``, their own
    questions whose answer is published on a page still published (what the public page
    shows them). Nothing else: the staff read questions through ``Question``."""

    def for_user(self, user: Any, action: str = "view") -> Self:
        if user is None or not user.is_authenticated or not user.is_active or action != "view":
            return self.none()
        return self.filter(
            asked_by=user,
            page__published_at__isnull=False,
            answer__state=Answer.State.PUBLISHED,
        )

    def for_holder(self, user_id: Any, action: str = "view") -> Self:
        """``for_user``'s rule for many askers at once (``ScopedQuerySet.for_holder``): the
        asker's own, by their id."""
        if action != "view":
            return self.none()
        return self.filter(
            asked_by_id=user_id,
            page__published_at__isnull=False,
            answer__state=Answer.State.PUBLISHED,
        )


class AskedQuestion(Question):
    """A member's own question, answered: what a notification to its asker opens
    (``outreach/notices.py``). No table of its own."""

    objects = AskedQuestionQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1712

    class Meta:
        proxy = True
        verbose_name = _("my question")
        verbose_name_plural = _("my questions")
