"""What the other committees of the demo write: the neighbouring commune's copy of the
province's program, a ward's program approved late, an agency committee's vague draft.
Placeholders as in :mod:`trienkhai.demo.program_texts`."""

import re

from .program_texts import DONE, ON, ProgramText, Report, Step, TaskText

# --- the copy ------------------------------------------------------------------------------------

# The copying commune drops these of the province's tasks (by number) and adds one of its own.
COPY_DROPS = (6, 7)
COPY_OWN = TaskText(
    "Vận động Nhân dân {a1} hiến đất mở rộng đường vào trường tiểu học.",
    ("43:5",),
    lead="C1",
    indicator="Diện tích đất được hiến",
    measure="m²",
    baseline="0",
    target="600",
    years=1,
)
COPY_TITLE = (
    "Chương trình hành động của Đảng ủy {level} {commune} thực hiện các Nghị quyết số 43-NQ/TW, "
    "44-NQ/TW và 45-NQ/TW Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII"
)
COPY_NUMBER = "05-CTr/ĐU"
# What the copying commune reported on its first tasks: little to say.
COPY_REPORTS = (
    Report(DONE, "96", "Đã tổ chức quán triệt."),
    Report(ON, "70", "Đang triển khai thực hiện."),
)

_LOCAL = (
    ("Tỉnh đoàn", "Đoàn {level}"),
    ("Tỉnh ủy", "Đảng ủy {level}"),
    ("xã, phường", "thôn"),
    ("các xã", "các thôn"),
    ("mỗi chợ trung tâm xã", "chợ trung tâm"),
    ("ít nhất 20 điểm", "ít nhất 10 điểm"),
)


def localise(text: str, level: str) -> str:
    """The province's words made the commune's, as a hurried clerk would: "tỉnh" → "xã",
    "xã, phường" → "thôn", a number lowered here and there."""
    for old, new in _LOCAL:
        text = text.replace(old, new.format(level=level))
    text = re.sub(r"\btỉnh\b", level, text)
    return re.sub(r"\bTỉnh\b", level.capitalize(), text)


# --- a ward's program, approved after the deadline -----------------------------------------------

LATE_WARD = ProgramText(
    number="11-CTr/ĐU",
    title=(
        "Chương trình hành động của Đảng ủy {level} {commune} thực hiện các nghị quyết Hội nghị "
        "Trung ương 8 khóa XIII"
    ),
    summary="Xây dựng {level} văn minh, an toàn; phát huy dân chủ và đoàn kết ở các khu dân cư.",
    tasks=(
        TaskText(
            "Xây dựng {a1} và {a2} đạt chuẩn “Khu dân cư văn minh đô thị”; lắp đèn chiếu sáng và "
            "camera ở các ngõ của {a3}, {a4}.",
            ("43:5", "43:1"),
            lead="MT",
            coordinating=("C1", "C2"),
            indicator="Số khu dân cư đạt chuẩn văn minh đô thị",
            measure="khu",
            baseline="1",
            target="4",
            years=1,
            steps=(Step(1, value="2"), Step(4, value="4")),
        ),
        TaskText(
            "Chợ {commune} thanh toán không dùng tiền mặt: 100 % tiểu thương có mã QR; thu phí vệ "
            "sinh, điện, nước qua tài khoản.",
            ("45:6", "43:3"),
            lead="UB",
            coordinating=("DT",),
            indicator="Tỷ lệ tiểu thương chợ {commune} nhận thanh toán bằng mã QR",
            measure="%",
            baseline="35",
            target="100",
            years=1,
            steps=(Step(1, value="60"), Step(3, value="100")),
        ),
        TaskText(
            "Phân loại rác tại nguồn ở 100 % hộ gia đình; Hội Liên hiệp Phụ nữ {level} duy trì 12 "
            "tổ “Phụ nữ phân loại rác”.",
            ("43:5",),
            lead="PN",
            indicator="Tỷ lệ hộ phân loại rác tại nguồn",
            measure="%",
            baseline="20",
            target="100",
            years=2,
            steps=(Step(2, value="50"), Step(6, value="100")),
        ),
        TaskText(
            "Đoàn {level} thành lập đội “Thanh niên xung kích trên không gian mạng”, hướng dẫn "
            "người cao tuổi phòng, chống lừa đảo trực tuyến.",
            ("44:6",),
            lead="DT",
            indicator="Số người cao tuổi được hướng dẫn phòng, chống lừa đảo trực tuyến",
            measure="người",
            baseline="0",
            target="800",
            years=1,
            steps=(Step(1, value="200"), Step(4, value="800")),
        ),
        TaskText(
            "Bí thư Đảng ủy, Chủ tịch UBND {level} đối thoại với hộ kinh doanh và công nhân thuê "
            "trọ về trật tự đô thị; mời giảng viên, bác sĩ sống trên địa bàn vào Hội đồng tư vấn "
            "chỉnh trang đô thị.",
            ("43:4", "45:5"),
            lead="",
            coordinating=("UB", "LD"),
            indicator="Số cuộc đối thoại trong năm",
            measure="cuộc",
            baseline="0",
            target="4",
            years=1,
            steps=(Step(1, value="1"), Step(4, value="4")),
        ),
    ),
)

# --- an agency committee's draft, still vague ----------------------------------------------------

DRAFT = ProgramText(
    number="",
    title=(
        "Dự thảo Chương trình hành động của {committee} thực hiện các nghị quyết Hội nghị Trung "
        "ương 8 khóa XIII"
    ),
    summary="",
    tasks=(
        TaskText(
            "Đưa nội dung các nghị quyết vào sinh hoạt chuyên đề của các chi bộ trực thuộc.",
            ("44:7", "43:1"),
            lead="",
            years=None,
        ),
        TaskText(
            "Nâng cao chất lượng tham mưu về công tác trí thức.",
            ("45:1",),
            lead=None,
            years=None,
        ),
        TaskText(
            "Xây dựng cơ quan điện tử: 100 % văn bản của các chi bộ trực thuộc được xử lý trên "
            "môi trường mạng.",
            ("45:6",),
            lead="",
            indicator="Tỷ lệ văn bản được xử lý trên môi trường mạng",
            measure="%",
            baseline="70",
            target="100",
            years=1,
            steps=(Step(2, value="85"), Step(4, value="100")),
        ),
    ),
)
