"""Data warnings (``core/flags.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..numbers import Value
from .base import COUNT, FLAGS, LOW, _add

# --- data warnings (core/flags.py) ---------------------------------------------------------------

_add(
    "flags.unresolved",
    _("Data warnings"),
    FLAGS,
    _(
        "implausible figures flagged by the date (more present than eligible, dates out of "
        "order, values beyond target without evidence or turning back, evidence reused, "
        "results before any work) not yet accepted or dismissed by the level above"
    ),
    None,
    COUNT,
    lambda n: Value(n.flags),
    ("reporting", {"what": "flags"}),
    LOW,
)
