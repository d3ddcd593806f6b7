"""What every step checks the same way: texts, dates, target units, files, the locked
inspection and its audited move from one state to the next.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core import textvi
from trienkhai.core.audit import record
from trienkhai.core.models import AuditEvent
from trienkhai.core.uploads import PDF, display_name, stored_name, validate_document
from trienkhai.units.models import Unit

from ..models import (
    MAX_REVIEW_YEARS,
    Inspection,
)

Verb = AuditEvent.Verb
DOCS = (PDF, "docx", "odt")
MAX_TEXT = 20000


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def _text(value: str | None, key: str, errors: dict, required: str | None = None) -> str:
    text = textvi.normalize_paragraphs(value or "")
    if required and not text:
        errors[key] = required
    elif len(text) > MAX_TEXT:
        errors[key] = _("At most %(max)s characters.") % {"max": MAX_TEXT}
    return text


def _check_targets(conducting: Unit, targets: Iterable[Unit], errors: dict) -> list[Unit]:
    """The level above inspects the levels below it (a unit may also inspect itself)."""
    targets = list(dict.fromkeys(targets))
    if not targets:
        errors["targets"] = _("Choose at least one target unit.")
    elif any(not t.path.startswith(conducting.path) for t in targets):
        errors["targets"] = _("A target unit must be the conducting unit or a unit under it.")
    return targets


def _check_period(start, end, errors: dict, before: datetime.date | None = None) -> None:
    if start is None or end is None:
        errors["period_from"] = _("Give the period under review.")
        return
    if end < start:
        errors["period_to"] = _("The end of the period is before its start.")
    elif (end - start).days > MAX_REVIEW_YEARS * 366:
        errors["period_to"] = _("The period under review is at most %(n)s years.") % {
            "n": MAX_REVIEW_YEARS
        }
    elif before is not None and start > before:
        errors["period_from"] = _("The period under review cannot start after the decision.")


def _file(upload, key: str, errors: dict) -> str | None:
    if not upload:
        return None
    try:
        return validate_document(upload, DOCS)
    except ValidationError as exc:
        errors[key] = exc.messages
        return None


def _save_file(row, field: str, name_field: str, upload, kind: str) -> None:
    setattr(row, name_field, display_name(upload.name, kind))
    getattr(row, field).save(stored_name(kind), upload, save=False)


def _locked(inspection: Inspection) -> Inspection:
    return (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=inspection.pk)
    )


def _move(user, inspection: Inspection, verb: str, **changes: Any) -> None:
    before = {k: _plain(getattr(inspection, k)) for k in changes}
    for key, value in changes.items():
        setattr(inspection, key, value)
    inspection.save(update_fields=list(changes))
    after = {k: _plain(v) for k, v in changes.items()}
    record(user=user, verb=verb, obj=inspection, unit=inspection.unit, before=before, after=after)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    return value
