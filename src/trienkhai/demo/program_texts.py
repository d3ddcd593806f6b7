"""What the demo's action programs say (read by :mod:`trienkhai.demo.programs`): the shapes
of the texts, the province's program for plan 12-KH/TU and its annual review. Tân Phong's
programs are in :mod:`.program_texts_commune`, the other committees' in
:mod:`.program_texts_others`.

Texts are Vietnamese, as people write them. Places and years are placeholders filled in when
loading: ``{commune}`` (the commune's name, "Tân Phong"), ``{level}`` ("xã" or "phường"),
``{a1}`` … (its villages or quarters, "thôn Tường Lạc"), ``{n1}`` … (their bare names, "Tường
Lạc"), ``{y0}`` … ``{y4}`` (the plan's year and the years after), so the demo stays coherent
whatever the generator named the places and whenever it is loaded.

A task's ``lead`` and ``coordinating`` name units relative to the program's unit: ``""`` is the
unit itself, ``"UB"``, ``"MT"``, ``"DT"``, ``"PN"``, ``"ND"``, ``"CB"``, ``"LD"`` the
government, Front and organisations beside it (the generator's code suffixes), ``"C1"`` …
its cells in order. Milestones are counted in quarters from the quarter the program takes
effect; progress is told as the report of the earlier period and of the latest one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """A roadmap milestone ``quarter`` quarters after the first: a value or a deliverable."""

    quarter: int
    value: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Report:
    status: str
    value: str | None = None
    narrative: str = ""
    milestone: int | None = None  # index of the milestone reached, in the task's steps
    evidence: bool = False  # attach a minutes file


@dataclass(frozen=True)
class TaskText:
    title: str
    key_points: tuple[str, ...]  # "43:5" = key point 5 of resolution 43-NQ/TW
    lead: str | None = ""
    coordinating: tuple[str, ...] = ()
    indicator: str = ""
    measure: str = ""
    baseline: str | None = None
    target: str | None = None
    years: int | None = 1  # the target year: the plan's year + years
    steps: tuple[Step, ...] = ()
    due: int | None = None  # quarters after the first; by default the last milestone's
    parent: int | None = None  # the number of the province's task it carries out
    earlier: Report | None = None
    latest: Report | None = None


@dataclass(frozen=True)
class ProgramText:
    number: str
    title: str
    summary: str
    tasks: tuple[TaskText, ...]
    field: str = ""


ON, DONE, RISK, LATE = "on_track", "done", "at_risk", "late"
#: A value the product measures itself: the share of eligible members who studied the plan,
#: as the study numbers count it on the report's date — written into the report's value, and
#: as ``{studied}`` into its text and the annual review's, so that no typed figure contradicts
#: the dashboard (issue 12: the review said 97,6 % when the dashboard said 92,5 %).
STUDIED_VALUE = "{studied_value}"
# --- the province --------------------------------------------------------------------------------

PROVINCE = ProgramText(
    number="15-CTr/TU",
    title=(
        "Chương trình hành động của Ban Chấp hành Đảng bộ tỉnh thực hiện các Nghị quyết số "
        "43-NQ/TW, 44-NQ/TW và 45-NQ/TW Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng "
        "khóa XIII"
    ),
    summary=(
        "Cụ thể hóa ba nghị quyết thành nhiệm vụ, chỉ tiêu có lộ trình đến năm {y4}, sát với "
        "điều kiện của tỉnh; mỗi nhiệm vụ có cơ quan chủ trì, phối hợp, thời hạn và kết quả đo "
        "được. Các đảng bộ trực thuộc, chính quyền, Mặt trận và các đoàn thể xây dựng chương "
        "trình, kế hoạch của mình theo chức năng, nhiệm vụ và điều kiện thực tế, không sao chép "
        "chương trình của tỉnh. Báo cáo tiến độ hằng quý về Ban Thường vụ Tỉnh ủy."
    ),
    tasks=(
        TaskText(
            "Tổ chức học tập, quán triệt các nghị quyết Hội nghị Trung ương 8 khóa XIII đến "
            "toàn thể cán bộ, đảng viên; biên soạn tài liệu hỏi - đáp về những điểm mới của ba "
            "nghị quyết cho đội ngũ báo cáo viên và hệ thống truyền thanh cơ sở.",
            ("44:7", "43:1"),
            lead="",
            coordinating=("MT",),
            indicator="Tỷ lệ đảng viên được học tập, quán triệt các nghị quyết",
            measure="%",
            baseline="0",
            target="95",
            years=0,
            steps=(
                Step(0, text="Hội nghị quán triệt cấp tỉnh; tài liệu hỏi - đáp được phát hành"),
                Step(0, value="95"),
            ),
            earlier=Report(
                DONE,
                STUDIED_VALUE,
                "Hội nghị quán triệt cấp tỉnh được tổ chức trực tiếp kết hợp trực tuyến đến 126 "
                "điểm cầu; 100 % đảng bộ trực thuộc đã quán triệt; {studied} đảng viên tham gia, "
                "số vắng mặt đã học bù. Phát hành 4.500 cuốn tài liệu hỏi - đáp.",
                milestone=0,
                evidence=True,
            ),
        ),
        TaskText(
            "Kiện toàn Ban Chỉ đạo 35 các cấp; chủ động nắm tình hình tư tưởng, phát hiện sớm và "
            "đấu tranh phản bác các quan điểm sai trái, luận điệu chia rẽ khối đại đoàn kết toàn "
            "dân tộc trên báo chí và mạng xã hội.",
            ("43:6", "44:3"),
            lead="",
            coordinating=("UB", "DT"),
            indicator="Tỷ lệ đảng bộ trực thuộc kiện toàn Ban Chỉ đạo 35 và tổ cộng tác viên",
            measure="%",
            baseline="40",
            target="100",
            years=0,
            steps=(
                Step(0, text="Quyết định kiện toàn Ban Chỉ đạo 35 tỉnh"),
                Step(1, value="100"),
            ),
            earlier=Report(
                ON,
                "75",
                "Ban Chỉ đạo 35 tỉnh đã được kiện toàn; 9/12 đảng bộ trực thuộc đã kiện toàn tổ "
                "cộng tác viên dư luận xã hội.",
                milestone=0,
            ),
            latest=Report(
                DONE,
                "100",
                "12/12 đảng bộ trực thuộc đã kiện toàn Ban Chỉ đạo 35 và tổ cộng tác viên; trong "
                "quý đã phản bác 214 tin, bài sai trái, đề nghị gỡ bỏ 37 tài khoản giả mạo.",
                milestone=1,
                evidence=True,
            ),
        ),
        TaskText(
            "Hoàn thành kết nối bộ phận một cửa của 100 % xã, phường với Hệ thống thông tin giải "
            "quyết thủ tục hành chính của tỉnh; cung cấp dịch vụ công trực tuyến toàn trình cho "
            "các thủ tục đủ điều kiện, để người dân, doanh nghiệp được giải quyết ngay tại xã.",
            ("45:6", "43:4"),
            lead="UB",
            indicator="Tỷ lệ xã, phường có bộ phận một cửa số kết nối Cổng dịch vụ công tỉnh",
            measure="%",
            baseline="58",
            target="100",
            years=1,
            steps=(
                Step(0, text="Khảo sát hạ tầng, đường truyền của các xã vùng cao"),
                Step(2, value="80"),
                Step(4, value="100"),
            ),
            earlier=Report(
                ON,
                "66",
                "Đã nâng cấp đường truyền cho 8 xã vùng cao; 66 % xã, phường đã kết nối.",
                milestone=0,
            ),
            latest=Report(
                ON,
                "75",
                "Thêm 11 xã, phường hoàn thành kết nối; đã tập huấn cho 96 công chức một cửa.",
            ),
        ),
        TaskText(
            "Đẩy mạnh thanh toán không dùng tiền mặt ở nông thôn: phối hợp các ngân hàng mở tài "
            "khoản miễn phí cho hộ gia đình; thu học phí, viện phí, tiền điện, nước và chi trả an "
            "sinh xã hội qua tài khoản; mỗi chợ trung tâm xã có ít nhất 20 điểm chấp nhận thanh "
            "toán bằng mã QR.",
            ("45:6", "43:3"),
            lead="UB",
            coordinating=("DT", "PN"),
            indicator="Tỷ lệ hộ gia đình sử dụng thanh toán không dùng tiền mặt",
            measure="%",
            baseline="41",
            target="75",
            years=2,
            steps=(
                Step(0, text="Ký kết chương trình phối hợp với 5 ngân hàng thương mại"),
                Step(2, value="52"),
                Step(6, value="75"),
            ),
            earlier=Report(
                ON,
                "43.5",
                "Đã ký kết phối hợp với 5 ngân hàng; 100 % chi trả an sinh xã hội ở khu vực "
                "thành thị qua tài khoản.",
                milestone=0,
            ),
            latest=Report(
                RISK,
                "44.8",
                "Tỷ lệ tăng chậm ở 5 xã vùng cao: sóng di động yếu, người cao tuổi chưa quen "
                "dùng điện thoại thông minh; nhiều tiểu thương ở chợ trung tâm xã chưa mở mã QR. "
                "Đề nghị Tỉnh đoàn tăng cường tổ tình nguyện hướng dẫn tại các chợ phiên; mốc "
                "52 % có nguy cơ không đạt.",
            ),
        ),
        TaskText(
            "Phát động phong trào “Chung sức làm đường giao thông nông thôn”: vận động Nhân dân "
            "hiến đất, góp ngày công, cùng Nhà nước cứng hóa đường trục thôn, ngõ xóm và đường "
            "nội đồng; công khai mức đóng góp và kết quả thực hiện ở từng thôn.",
            ("43:5", "43:3"),
            lead="MT",
            coordinating=("UB", "ND"),
            indicator="Chiều dài đường giao thông nông thôn được cứng hóa",
            measure="km",
            baseline="0",
            target="180",
            years=2,
            steps=(
                Step(0, text="Phát động phong trào ở 100 % xã"),
                Step(2, value="60"),
                Step(6, value="180"),
            ),
            earlier=Report(
                ON,
                "12.5",
                "Phong trào đã được phát động ở tất cả các xã; Nhân dân hiến 18.400 m² đất.",
                milestone=0,
            ),
            latest=Report(
                ON,
                "31.2",
                "Đã cứng hóa 31,2 km; mưa lũ tháng 10 làm chậm thi công ở 2 xã, sẽ bù lại trong "
                "quý tới.",
            ),
        ),
        TaskText(
            "Ban hành chính sách thu hút, trọng dụng, đãi ngộ người có trình độ tiến sĩ, bác sĩ "
            "chuyên khoa II, chuyên gia đầu ngành về công tác tại tỉnh; mời trí thức người Việt "
            "Nam ở nước ngoài và chuyên gia nước ngoài tham gia các dự án nghiên cứu, chuyển giao "
            "công nghệ của tỉnh.",
            ("45:3", "45:1", "45:4"),
            lead="UB",
            indicator="Số trí thức trình độ cao được thu hút về công tác tại tỉnh",
            measure="người",
            baseline="0",
            target="100",
            years=4,
            steps=(
                Step(0, text="Nghị quyết của HĐND tỉnh về chính sách thu hút trí thức"),
                Step(4, value="20"),
                Step(8, value="45"),
            ),
            due=16,
            earlier=Report(
                ON,
                "0",
                "Sở Nội vụ đã hoàn thành dự thảo nghị quyết, đang lấy ý kiến các sở, ngành.",
            ),
            latest=Report(
                LATE,
                "0",
                "Dự thảo nghị quyết về chính sách thu hút chưa trình được kỳ họp HĐND tỉnh như "
                "kế hoạch vì còn vướng nguồn kinh phí hỗ trợ nhà ở; lùi sang kỳ họp cuối năm. "
                "Mốc của quý đầu chưa đạt; chưa thu hút được trường hợp nào.",
            ),
        ),
        TaskText(
            "Giao Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh tổ chức tư vấn, phản biện, giám "
            "định xã hội đối với các quy hoạch, đề án, dự án lớn của tỉnh; bảo đảm môi trường dân "
            "chủ, tôn trọng ý kiến khác biệt trong hoạt động học thuật.",
            ("45:5", "45:2"),
            lead="",
            coordinating=("UB",),
            indicator="Số đề án, dự án lớn được tư vấn, phản biện",
            measure="đề án",
            baseline="0",
            target="20",
            years=4,
            steps=(Step(1, value="2"), Step(4, value="6")),
            earlier=Report(ON, "1", "Đã phản biện đề án quy hoạch vùng nguyên liệu chè."),
            latest=Report(
                ON,
                "2",
                "Hoàn thành phản biện dự án đường liên vùng phía Tây với 12 nhà khoa học tham "
                "gia; các ý kiến đã được tiếp thu trong hồ sơ dự án.",
                milestone=0,
            ),
        ),
        TaskText(
            "Xây dựng khu vực phòng thủ tỉnh vững chắc, kết hợp chặt chẽ phát triển kinh tế - xã "
            "hội với quốc phòng, an ninh; tổ chức diễn tập khu vực phòng thủ tỉnh năm {y1} và "
            "diễn tập chiến đấu phòng thủ cho các xã, phường theo kế hoạch.",
            ("44:5", "44:4"),
            lead="UB",
            coordinating=("CB", "DT"),
            indicator="Tỷ lệ xã, phường diễn tập chiến đấu phòng thủ đạt loại khá trở lên",
            measure="%",
            baseline="70",
            target="100",
            years=4,
            steps=(
                Step(1, text="Kế hoạch diễn tập khu vực phòng thủ tỉnh được phê duyệt"),
                Step(4, text="Diễn tập khu vực phòng thủ tỉnh"),
            ),
            due=16,
            earlier=Report(ON, "72", "Đã diễn tập chiến đấu phòng thủ ở 2 xã, đều đạt loại khá."),
            latest=Report(
                ON,
                "75",
                "Thêm 1 xã diễn tập đạt loại giỏi; kế hoạch diễn tập khu vực phòng thủ tỉnh đang "
                "trình phê duyệt.",
            ),
        ),
        TaskText(
            "Bảo vệ chủ quyền quốc gia trên không gian mạng: kiện toàn đội ứng cứu sự cố an toàn "
            "thông tin mạng của tỉnh; phân loại và bảo vệ các hệ thống thông tin theo cấp độ; "
            "chủ động phát hiện, ngăn chặn từ sớm, từ xa các nguy cơ tấn công mạng.",
            ("44:6", "44:3"),
            lead="UB",
            coordinating=("DT",),
            indicator="Tỷ lệ hệ thống thông tin của tỉnh được bảo vệ theo cấp độ",
            measure="%",
            baseline="35",
            target="100",
            years=1,
            steps=(
                Step(0, text="Quyết định kiện toàn đội ứng cứu sự cố an toàn thông tin mạng"),
                Step(2, value="70"),
                Step(4, value="100"),
            ),
            earlier=Report(
                ON,
                "48",
                "Đội ứng cứu sự cố đã được kiện toàn với 15 thành viên; rà soát 46 hệ thống.",
                milestone=0,
            ),
            latest=Report(
                ON,
                "61",
                "Đã phê duyệt cấp độ cho 28/46 hệ thống; diễn tập ứng cứu sự cố lần thứ nhất.",
            ),
        ),
        TaskText(
            "Mặt trận Tổ quốc và các đoàn thể tỉnh phát động phong trào “Toàn dân đoàn kết xây "
            "dựng nông thôn mới, đô thị văn minh”; xây dựng khu dân cư kiểu mẫu, hướng mạnh hoạt "
            "động về cơ sở, lấy sự hài lòng của Nhân dân làm thước đo.",
            ("43:5", "43:1"),
            lead="MT",
            coordinating=("PN", "ND", "CB", "LD"),
            indicator="Số khu dân cư đạt chuẩn khu dân cư kiểu mẫu",
            measure="khu",
            baseline="62",
            target="150",
            years=4,
            steps=(Step(1, value="70"), Step(4, value="90")),
            due=16,
            earlier=Report(ON, "64", "Đã phát động phong trào; 2 khu dân cư mới đạt chuẩn."),
            latest=Report(
                ON, "69", "Thêm 5 khu dân cư đạt chuẩn; tổ chức Ngày hội Đại đoàn kết ở 100 % thôn."
            ),
        ),
        TaskText(
            "Thực hiện Luật Thực hiện dân chủ ở cơ sở: người đứng đầu cấp ủy, chính quyền các cấp "
            "đối thoại trực tiếp với Nhân dân ít nhất một lần mỗi năm; Liên đoàn Lao động tỉnh "
            "đối thoại với công nhân ở các khu công nghiệp; giải quyết kịp thời, công khai các "
            "kiến nghị sau đối thoại.",
            ("43:4", "43:2"),
            lead="",
            coordinating=("MT", "LD"),
            indicator="Tỷ lệ xã, phường tổ chức đối thoại định kỳ giữa người đứng đầu và Nhân dân",
            measure="%",
            baseline="76",
            target="100",
            years=1,
            steps=(Step(1, value="90"), Step(4, value="100")),
            earlier=Report(ON, "80", "Đã đối thoại ở 4 xã, phường; tiếp nhận 61 kiến nghị."),
            latest=Report(
                ON,
                "88",
                "Đối thoại thêm ở 3 xã và 2 khu công nghiệp; 48/61 kiến nghị đã được trả lời.",
            ),
        ),
        TaskText(
            "Hội Cựu chiến binh tỉnh phối hợp Tỉnh đoàn và ngành giáo dục nói chuyện truyền "
            "thống, tuyên truyền về chủ quyền biên giới, biển, đảo và luật pháp quốc tế tại các "
            "trường học; tham gia giữ gìn an ninh, trật tự ở khu dân cư.",
            ("44:1", "44:2"),
            lead="CB",
            coordinating=("DT",),
            indicator="Số buổi nói chuyện truyền thống, tuyên truyền chủ quyền tại trường học",
            measure="buổi",
            baseline="0",
            target="120",
            years=1,
            steps=(Step(0, value="15"), Step(2, value="60"), Step(4, value="120")),
            earlier=Report(ON, "18", "18 buổi ở các trường trung học phổ thông.", milestone=0),
            latest=Report(ON, "41", "Thêm 23 buổi, gần 9.000 học sinh tham dự."),
        ),
    ),
)
# --- the annual review ---------------------------------------------------------------------------

REVIEW = {
    "results": (
        "Các nghị quyết được quán triệt kịp thời đến {studied} đảng viên; Ban Chỉ đạo 35 được kiện "
        "toàn ở 100 % đảng bộ trực thuộc. Các chỉ tiêu về một cửa số, an toàn thông tin, đường "
        "giao thông nông thôn và khu dân cư kiểu mẫu đạt hoặc vượt mốc của năm. 100 % xã, "
        "phường đã ban hành chương trình, kế hoạch thực hiện; nhiều nơi có chỉ tiêu cụ thể, gắn "
        "với sản phẩm và công trình của địa phương."
    ),
    "shortcomings": (
        "Chính sách thu hút trí thức trình độ cao chậm ban hành; tỷ lệ hộ dùng thanh toán không "
        "dùng tiền mặt ở vùng cao tăng chậm. Một số chương trình của cấp xã còn sao chép chương "
        "trình của tỉnh, thiếu chỉ tiêu đo được; một số đơn vị ban hành chậm so với thời hạn."
    ),
    "causes": (
        "Nguồn kinh phí hỗ trợ nhà ở cho trí thức chưa được bố trí; hạ tầng viễn thông vùng cao "
        "còn yếu; một số cấp ủy chưa quan tâm cụ thể hóa nghị quyết sát với điều kiện thực tế."
    ),
    "lessons": (
        "Nhiệm vụ nào có chỉ tiêu, mốc theo quý và người chủ trì rõ ràng thì được thực hiện và "
        "báo cáo đầy đủ; cần kiểm tra chương trình của cấp dưới ngay khi ban hành."
    ),
    "next_year": (
        "Trình HĐND tỉnh ban hành chính sách thu hút trí thức; tăng cường tổ công nghệ số cộng "
        "đồng ở 5 xã vùng cao; diễn tập khu vực phòng thủ tỉnh; yêu cầu các đơn vị có chương "
        "trình bị cảnh báo sao chép xây dựng lại trong quý I."
    ),
}
