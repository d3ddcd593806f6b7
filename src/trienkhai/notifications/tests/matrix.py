"""The notifications' objects for the permission matrix (``core/tests/matrix.py``): a
notification of clerk_a (the in-scope user of a page that needs ``view``) about an obligation
of cell A; clerk_b and the sibling's administrator get 404 (not theirs)."""

from trienkhai.core.tests.matrix import obligation_of_cell_a
from trienkhai.notifications.models import Notification
from trienkhai.tooling.testing import Tree


def notification_of_clerk_a(tree: Tree) -> Notification:
    obligation = obligation_of_cell_a(tree)
    return Notification.objects.create(
        recipient=tree.clerk_a,
        kind="obligation_due",
        unit=obligation.unit,
        target_type="resolutions.obligation",
        target_id=obligation.pk,
        url=obligation.get_absolute_url(),
        params={
            "unit": "Chi bộ thôn 1",
            "requirement": "Báo cáo",
            "plan": "05-KH/ĐU",
            "due": "31/03/2026",
        },
        dedupe_key=f"obligation_due:{obligation.pk}:7d",
    )


BY_MODEL = {Notification: notification_of_clerk_a}
