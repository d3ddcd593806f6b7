"""The rule every evidence file shares (``core/flags.py``): the same file — by the SHA-256 of
its content — given as evidence by another unit or for another requirement or period. This
app checks the results reports uploaded against obligations; ``programs`` adds the checker of
progress evidence to the same rule, and any later capability with evidence files does too."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from trienkhai.core import flags

from .models import ObligationDocument

EVIDENCE_REUSED = flags.declare(
    "evidence_reused",
    label=_("Evidence file reused"),
    reason=_("The same file (identical content) was already given as evidence by %(others)s."),
)
#: How many earlier uses the reason names.
SHOWN = 3


def describe(uses: Sequence[tuple[str, datetime.datetime]], total: int) -> str:
    """``unit (dd/mm/yyyy)``, … for the reason, ``+ n`` for the rest."""
    text = ", ".join(
        f"{name} ({date_format(timezone.localtime(at).date(), 'd/m/Y')})" for name, at in uses
    )
    return f"{text} + {total - len(uses)}" if total > len(uses) else text


def _documents_of(plan_ids: list[int]) -> QuerySet[ObligationDocument]:
    return (
        ObligationDocument.objects.filter(obligation__plan_id__in=plan_ids)
        .exclude(sha256="")
        .select_related("obligation__unit", "obligation__plan")
    )


@EVIDENCE_REUSED.checks(ObligationDocument, candidates=_documents_of)
def document_reused(document: ObligationDocument) -> flags.Finding | None:
    """An earlier document with the same content under another unit's obligation or another
    requirement (the same report filed again for a new period)."""
    if not document.sha256:
        return None
    obligation = document.obligation
    earlier = (
        ObligationDocument.objects.filter(sha256=document.sha256, pk__lt=document.pk)
        .filter(
            ~Q(obligation__unit_id=obligation.unit_id)
            | ~Q(obligation__requirement_id=obligation.requirement_id)
        )
        .order_by("pk")
    )
    uses = list(earlier.values_list("obligation__unit__name", "uploaded_at")[:SHOWN])
    if not uses:
        return None
    total = len(uses) if len(uses) < SHOWN else earlier.count()
    return flags.Finding(
        unit=obligation.unit,
        plan=obligation.plan,
        params={"others": describe(uses, total)},
        url=obligation.get_absolute_url(),
        label=f"{document.original_name} · {obligation}",
    )
