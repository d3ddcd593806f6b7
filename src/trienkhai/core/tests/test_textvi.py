"""Vietnamese text: what a clerk pastes from an old spreadsheet is stored cleanly, found without
tone marks, and sorted the way Vietnamese readers (and ICU's ``vi`` collation) expect."""

import random
import unicodedata

import pytest
from django.db import connection
from faker import Faker

from trienkhai.core import textvi

# --- normalize --------------------------------------------------------------------------------


def test_decomposed_text_from_a_spreadsheet_is_stored_composed():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Ánh")
    assert decomposed != "Nguyễn Văn Ánh"

    assert textvi.normalize(decomposed) == "Nguyễn Văn Ánh"
    assert unicodedata.is_normalized("NFC", textvi.normalize(decomposed))


def test_icelandic_eth_typed_for_d_with_stroke_is_read_as_d_with_stroke():
    # U+00D0 (Ð) and U+00F0 (ð) look like Đ/đ and are what old keyboards produced.
    assert textvi.normalize("\u00d0ặng \u00f0ức") == "\u0110ặng \u0111ức"


def test_spaces_are_collapsed_and_trimmed():
    assert textvi.normalize("  Chi  bộ \t thôn\u00a01  ") == "Chi bộ thôn 1"


def test_nothing_normalizes_to_an_empty_string():
    assert textvi.normalize(None) == ""
    assert textvi.normalize("   ") == ""


# --- normalize_name ---------------------------------------------------------------------------


def test_a_name_in_capitals_is_written_in_title_case():
    assert textvi.normalize_name("NGUYỄN  VĂN AN") == "Nguyễn Văn An"
    assert textvi.normalize_name("ĐẶNG THỊ ÁNH") == "Đặng Thị Ánh"


def test_a_name_already_in_mixed_case_is_left_as_typed():
    assert textvi.normalize_name("Nguyễn Văn AN") == "Nguyễn Văn AN"
    assert textvi.normalize_name("  Lê  thị Hoa ") == "Lê thị Hoa"


# --- fold (search key) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đặng", "dang"),
        ("Nguyễn Văn A", "nguyen van a"),
        ("ĐẶNG THỊ ÁNH", "dang thi anh"),
        ("Ưng Ơn Ấu", "ung on au"),
        (unicodedata.normalize("NFD", "Trường"), "truong"),
        ("\u00d0ỗ", "do"),
    ],
)
def test_fold_drops_case_and_diacritics(text, folded):
    assert textvi.fold(text) == folded


# --- split_name -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("full_name", "parts"),
    [
        ("Nguyễn Văn An", ("Nguyễn", "Văn", "An")),
        ("Tôn Nữ Thị Hà", ("Tôn", "Nữ Thị", "Hà")),
        ("Lê Lợi", ("Lê", "", "Lợi")),
        ("Hùng", ("", "", "Hùng")),
        ("  Trần   Thị  Bích ", ("Trần", "Thị", "Bích")),
    ],
)
def test_split_name_gives_family_middle_given(full_name, parts):
    assert textvi.split_name(full_name) == parts


# --- collation_key ----------------------------------------------------------------------------


def shuffled_sort(words, key):
    """Sort a shuffled copy, so that the test does not pass by keeping the input order."""
    words = list(words)
    random.Random(42).shuffle(words)
    return sorted(words, key=key)


# PostgreSQL 15, ORDER BY x COLLATE "vi-VN-x-icu" on exactly these strings.
ICU_VI_ORDER = [
    "1", "a", "à", "ả", "ã", "á", "ạ", "A B", "AB", "Ac", "Ác", "Ạc", "an", "An", "Anh", "Ánh",
    "ă", "Ắc", "â", "Ân", "b", "d", "đ", "e", "o", "ô", "ơ", "u", "ư",
]  # fmt: skip


def test_collation_key_gives_icu_vietnamese_order():
    assert shuffled_sort(ICU_VI_ORDER, textvi.collation_key) == ICU_VI_ORDER


@pytest.mark.parametrize(
    "expected",
    [
        ["An", "Anh", "Ánh", "Ắc", "Ân"],  # letters first, tone marks only between equal words
        ["Ac", "Ác", "Ạc"],
        ["D", "Dương", "Đ", "Đặng", "Đinh"],
        ["Do", "Dung", "Đào", "Đỗ"],  # every d-word before every đ-word
        ["O", "Ô", "Ơ"],
        ["Oanh", "Ôn", "Ơn"],
        ["U", "Ư"],
        ["Uyên", "Ửng"],
        ["a", "à", "ả", "ã", "á", "ạ"],  # ngang < huyền < hỏi < ngã < sắc < nặng
        ["an", "An"],  # lower case first
        ["ánh", "Ánh"],
        ["A B", "AB"],  # a space sorts before any letter
        ["Chi bộ 2", "Chi bộ 10"],  # runs of digits by value
        ["Tổ 9", "Tổ 10", "Tổ 100"],
    ],
)
def test_collation_key_on_tricky_names(expected):
    assert shuffled_sort(expected, textvi.collation_key) == expected


def test_collation_key_treats_decomposed_and_composed_text_alike():
    word = "Nguyễn"
    assert textvi.collation_key(unicodedata.normalize("NFD", word)) == textvi.collation_key(word)


def test_collation_key_uses_only_characters_that_sort_the_same_everywhere():
    key = textvi.collation_key("Đảng ủy xã An Phú (cũ) – 2025")
    assert set(key) <= set("0123456789ABCDEF")


def faker_names(count):
    fake = Faker("vi_VN")
    fake.seed_instance(20260226)
    names = {fake.name() for _ in range(count)}
    names |= {f"{fake.last_name()} {fake.first_name()} {fake.first_name()}" for _ in range(count)}
    return sorted(names)


@pytest.mark.django_db
def test_collation_key_agrees_with_postgresql_icu_on_hundreds_of_names():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's ICU collation vi-VN-x-icu")
    names = [textvi.normalize(n) for n in faker_names(600)]
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT x FROM unnest(%s::text[]) AS x ORDER BY x COLLATE "vi-VN-x-icu"', [names]
        )
        icu_order = [row[0] for row in cursor.fetchall()]

    assert len(icu_order) >= 300
    assert shuffled_sort(names, textvi.collation_key) == icu_order


@pytest.mark.django_db
def test_numeric_runs_agree_with_icu_numeric_collation():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's ICU collations")
    names = ["Chi bộ 10", "Chi bộ 2", "Chi bộ 1", "Chi bộ 21", "Chi bộ 3A", "Chi bộ 3", "Tổ 100"]
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE COLLATION IF NOT EXISTS pg_temp.vi_numeric "
            "(provider = icu, locale = 'vi-u-kn-true')"
        )
        cursor.execute(
            "SELECT x FROM unnest(%s::text[]) AS x ORDER BY x COLLATE pg_temp.vi_numeric", [names]
        )
        icu_order = [row[0] for row in cursor.fetchall()]

    assert icu_order[:3] == ["Chi bộ 1", "Chi bộ 2", "Chi bộ 3"]
    assert shuffled_sort(names, textvi.collation_key) == icu_order


# --- person_collation_key ---------------------------------------------------------------------


def test_roster_orders_by_given_name_then_family_then_middle():
    roster = [
        "Trần Văn An",  # given names first: An ...
        "Nguyễn Thị Ánh",  # ... Ánh (tone decides only between equal words)
        "Lê Bình",
        "Nguyễn Thị Bình",  # same given name: family Lê < Nguyễn
        "Nguyễn Văn Bình",  # same given and family: middle Thị < Văn
        "Đặng Văn Dũng",
        "Đỗ Văn Dũng",  # Đặng < Đỗ
        "Bùi Thị Đào",  # d < đ in the given name too
        "Hùng",  # a single word is a given name
        "Phạm Ông",  # O < Ô
    ]
    assert shuffled_sort(roster, textvi.person_collation_key) == roster


def test_roster_key_ignores_how_the_name_was_typed():
    assert textvi.person_collation_key("  Nguyễn   Văn An ") == textvi.person_collation_key(
        unicodedata.normalize("NFD", "Nguyễn Văn An")
    )


def test_the_database_sorts_stored_keys_in_the_same_order(tree):
    """The keys are plain ASCII hex, so any collation of the database sorts them byte-wise."""
    from django.db.models.functions import Collate

    from trienkhai.units.models import Unit

    for i, name in enumerate(ICU_VI_ORDER):
        Unit.objects.add_child(
            tree.cell_b,
            create_kwargs=dict(name=name, code=f"K{i}", kind="party_cell", level="grassroots"),
        )
    units = Unit.objects.filter(code__startswith="K")

    assert [u.name for u in units.order_by("sort_key")] == ICU_VI_ORDER
    if connection.vendor == "postgresql":
        for collation in ["en-US-x-icu", "vi-VN-x-icu", "und-x-icu"]:
            ordered = units.order_by(Collate("sort_key", collation))
            assert [u.name for u in ordered] == ICU_VI_ORDER, collation
