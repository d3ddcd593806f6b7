import datetime

import pytest

from trienkhai.resolutions import rollup, services
from trienkhai.resolutions.models import ObligationStatus as S


@pytest.mark.django_db
def test_a_plan_cascades_to_the_cells_and_rolls_up(tree):
    resolution = services.register_resolution(
        user=tree.admin,
        unit=tree.province,
        kind="resolution",
        number="44 - nq/tw",
        title="Chiến lược bảo vệ Tổ quốc trong tình hình mới",
        issuing_body="Ban Chấp hành Trung ương",
        issued_on=datetime.date(2023, 11, 24),
        key_points=[("Điểm một", False), ("Điểm mới hai", True)],
    )
    assert resolution.number == "44-NQ/TW"
    plan = services.create_plan(
        user=tree.admin,
        unit=tree.province,
        number="12-KH/TU",
        title="Kế hoạch học tập",
        issued_on=datetime.date(2026, 1, 10),
        resolutions=[resolution],
        requirements=[
            {
                "kind": "study_session",
                "title": "Tổ chức hội nghị học tập",
                "target_kinds": ["party_cell"],
                "target_levels": [],
                "due_on": datetime.date(2026, 3, 31),
            }
        ],
    )
    services.issue_plan(user=tree.admin, plan=plan)
    cell_a = plan.obligations.get(unit=tree.cell_a)
    services.record_evidence(
        unit=tree.cell_a,
        plan=plan,
        kind="study_session",
        on=datetime.date(2026, 3, 1),
        evidence="x",
    )
    [progress] = rollup.completeness(plan, tree.province, as_of=datetime.date(2026, 4, 1))
    assert progress.tally.owed == 2
    assert progress.tally.on_time == 1 and progress.tally.overdue == 1
    cell_a.refresh_from_db()
    assert cell_a.status_as_of(datetime.date(2026, 4, 1)) == S.ON_TIME
    children = rollup.by_child(plan, tree.province, as_of=datetime.date(2026, 4, 1))
    assert [(c.unit.code, c.tally.on_time, c.tally.overdue) for c in children] == [
        ("HL-B", 0, 1),  # Đảng ủy phường Bình Minh sorts before Đảng ủy xã An Phú
        ("HL-A", 1, 0),
    ]
