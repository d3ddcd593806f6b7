"""Registering and editing a resolution: ordered key points, the official PDF checked by its
content and size, the permission of the unit, one audit event; a refusal writes nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from trienkhai.core.models import AuditEvent
from trienkhai.resolutions import services
from trienkhai.resolutions.models import KeyPoint, Resolution

from .test_services_builders import (
    MINIMAL_PDF,
    D,
    english,
    pdf,
    refused,
    vietnamese_when_translated,
)

Verb = AuditEvent.Verb


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


def register(user, unit, **fields):
    values = dict(
        kind="resolution",
        number="18-NQ/TW",
        title="Một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy",
        issuing_body="Ban Chấp hành Trung ương",
        issued_on=D(2017, 10, 25),
        term="XII",
    )
    return services.register_resolution(user=user, unit=unit, **values | fields)


def points(resolution):
    return list(
        KeyPoint.objects.filter(resolution=resolution).values_list("order", "text", "is_new")
    )


def test_key_points_are_kept_in_the_order_given_with_new_points_marked(tree):
    resolution = register(
        tree.admin,
        tree.province,
        key_points=[
            ("Quan điểm chỉ đạo", False),
            ("Điểm mới: tinh gọn", True),
            ("Giải pháp", False),
        ],
    )
    assert points(resolution) == [
        (1, "Quan điểm chỉ đạo", False),
        (2, "Điểm mới: tinh gọn", True),
        (3, "Giải pháp", False),
    ]


def test_key_points_are_stored_normalised_and_blank_ones_dropped(tree):
    decomposed = "Ðiê\u0300m mơ\u0301i"  # Ð for Đ, tone marks as separate characters
    resolution = register(
        tree.admin, tree.province, key_points=[(f"  {decomposed}   hai  ", True), ("   ", False)]
    )
    assert points(resolution) == [(1, "Điềm mới hai", True)]


def test_key_points_may_come_from_a_generator(tree):
    resolution = register(tree.admin, tree.province, key_points=((t, False) for t in "AB"))
    assert [p[1] for p in points(resolution)] == ["A", "B"]


def test_registering_writes_one_audit_event(tree):
    resolution = register(
        tree.clerk_a, tree.commune_a, number="05-NQ/ĐU", key_points=[("Một", False)]
    )
    [event] = AuditEvent.objects.all()
    assert (event.verb, event.actor, event.unit) == (Verb.CREATE, tree.clerk_a, tree.commune_a)
    assert event.object_type == "resolutions.resolution"
    assert event.object_id == str(resolution.pk)
    assert event.after["number"] == "05-NQ/ĐU"
    assert event.after["key_points"] == 1


def test_text_is_normalised(tree):
    resolution = register(
        tree.admin, tree.province, title="  Nghi\u0323 quyê\u0301t   số 18 ", term=" XII "
    )
    assert resolution.title == "Nghị quyết số 18"
    assert resolution.term == "XII"


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("title", "   ", "The title cannot be empty."),
        ("issuing_body", "", "Say which body issued the document."),
    ],
)
def test_a_missing_title_or_body_is_refused(tree, field, value, message):
    with refused():
        register(tree.admin, tree.province, **{field: value})
    error = english(register, tree.admin, tree.province, **{field: value})
    assert error.message_dict[field] == [message]


def test_a_real_pdf_is_attached(tree, media):
    resolution = register(tree.admin, tree.province, document=pdf())
    assert resolution.document.name.startswith("resolutions/")
    assert resolution.document.name.endswith(".pdf")
    with resolution.document.open("rb") as f:
        assert f.read() == MINIMAL_PDF
    assert len(stored_files(media)) == 1


def test_a_text_file_named_pdf_is_refused_and_nothing_is_saved(tree, media):
    fake = pdf(content=b"Nghi quyet 18 - ban text\n" * 20)
    with refused():
        register(tree.admin, tree.province, document=fake)
    error = english(register, tree.admin, tree.province, document=fake)
    assert error.message_dict["document"] == [
        "This file is not a PDF document (its content says otherwise)."
    ]
    assert stored_files(media) == []
    vietnamese_when_translated(
        "This file is not a %(types)s document (its content says otherwise).",
        register,
        tree.admin,
        tree.province,
        document=fake,
    )


def test_a_word_document_is_not_the_official_pdf(tree, media):
    from .test_services_uploads import minimal_docx

    with refused():
        register(tree.admin, tree.province, document=SimpleUploadedFile("nq.pdf", minimal_docx()))
    assert stored_files(media) == []


def test_an_oversized_pdf_is_refused(tree, settings, media):
    settings.MAX_UPLOAD_MB = 1
    big = pdf(content=MINIMAL_PDF + b"0" * (1536 * 1024 - len(MINIMAL_PDF)))
    with refused():
        register(tree.admin, tree.province, document=big)
    error = english(register, tree.admin, tree.province, document=big)
    assert error.message_dict["document"] == ["The file is too large (1.5 MB); the limit is 1 MB."]
    assert stored_files(media) == []


def test_an_empty_file_is_refused(tree, media):
    error = english(register, tree.admin, tree.province, document=pdf(content=b""))
    assert error.message_dict["document"] == ["The file is empty."]
    assert not Resolution.objects.exists()


@pytest.mark.parametrize("who", ["clerk_b", "viewer_a", "nobody"])
def test_only_a_clerk_of_the_unit_or_above_registers_there(tree, who):
    with refused(PermissionDenied):
        register(getattr(tree, who), tree.commune_a)


def test_a_clerk_registers_for_a_unit_below_their_own(tree):
    assert register(tree.clerk_a, tree.cell_a, number="02-NQ/CB").unit == tree.cell_a


# --- updates ----------------------------------------------------------------------------------


def test_an_update_replaces_the_key_points_and_records_before_and_after(tree):
    resolution = register(tree.admin, tree.province, key_points=[("Cũ", False)])
    services.update_resolution(
        user=tree.admin,
        resolution=resolution,
        title="Tiêu đề mới",
        key_points=[("Một", False), ("Hai", True)],
    )
    assert points(resolution) == [(1, "Một", False), (2, "Hai", True)]
    event = AuditEvent.objects.filter(verb=Verb.UPDATE).get()
    assert event.before["key_points"] == ["Cũ"] and event.after["key_points"] == ["Một", "Hai"]
    assert event.before["title"] != event.after["title"] == "Tiêu đề mới"


def test_an_update_without_key_points_keeps_them(tree):
    resolution = register(tree.admin, tree.province, key_points=[("Một", True)])
    services.update_resolution(user=tree.admin, resolution=resolution, summary="Tóm tắt")
    assert points(resolution) == [(1, "Một", True)]


def test_an_update_that_changes_nothing_writes_no_event(tree):
    resolution = register(tree.admin, tree.province, key_points=[("Một", True)])
    services.update_resolution(
        user=tree.admin, resolution=resolution, number="18 - nq/tw", key_points=[("Một", True)]
    )
    assert not AuditEvent.objects.filter(verb=Verb.UPDATE).exists()


def test_an_update_attaches_a_pdf_and_says_so(tree, media):
    resolution = register(tree.admin, tree.province)
    services.update_resolution(user=tree.admin, resolution=resolution, document=pdf())
    resolution.refresh_from_db()
    assert resolution.document.name.endswith(".pdf")
    assert AuditEvent.objects.filter(verb=Verb.UPDATE).count() == 1


def test_an_update_with_a_bad_pdf_changes_nothing(tree, media):
    resolution = register(tree.admin, tree.province)
    with refused():
        services.update_resolution(
            user=tree.admin,
            resolution=resolution,
            title="Không được lưu",
            document=pdf(content=b"not a pdf"),
        )
    resolution.refresh_from_db()
    assert resolution.title != "Không được lưu" and not resolution.document
    assert stored_files(media) == []


def test_an_update_to_a_malformed_number_is_refused(tree):
    resolution = register(tree.admin, tree.province)
    with refused():
        services.update_resolution(user=tree.admin, resolution=resolution, number="18/NQ/TW")


def test_a_change_of_kind_checks_the_number_against_it(tree):
    resolution = register(tree.admin, tree.province)
    error = english(
        services.update_resolution, user=tree.admin, resolution=resolution, kind="directive"
    )
    assert "has the type CT" in error.message_dict["number"][0]


def test_a_sibling_cannot_update(tree):
    resolution = register(tree.clerk_a, tree.commune_a, number="05-NQ/ĐU")
    with refused(PermissionDenied):
        services.update_resolution(user=tree.clerk_b, resolution=resolution, title="Của B")


def test_an_update_of_an_unknown_field_is_a_programming_error(tree):
    resolution = register(tree.admin, tree.province)
    with pytest.raises(ValueError):
        services.update_resolution(user=tree.admin, resolution=resolution, unit=tree.commune_a)
