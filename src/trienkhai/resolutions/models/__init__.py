"""Resolutions, the plans that carry them out, and what those plans require of each unit."""

from .obligation import Obligation, ObligationDocument, ObligationStatus
from .plan import Plan, PlanVersion, Requirement
from .resolution import KeyPoint, Resolution

__all__ = [
    "KeyPoint",
    "Obligation",
    "ObligationDocument",
    "ObligationStatus",
    "Plan",
    "PlanVersion",
    "Requirement",
    "Resolution",
]
