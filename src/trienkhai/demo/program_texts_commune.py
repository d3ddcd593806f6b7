"""What Tân Phong (the demo commune) writes: its own action program, its Front's project by
field and its government's implementation plan in discussion, with the comments of the
commune's committee members. Placeholders as in :mod:`trienkhai.demo.program_texts`."""

from .program_texts import DONE, ON, ProgramText, Report, Step, TaskText

# --- Tân Phong: the commune's own program --------------------------------------------------------

COMMUNE = ProgramText(
    number="08-CTr/ĐU",
    title=(
        "Chương trình hành động của Đảng ủy {level} {commune} thực hiện các nghị quyết Hội nghị "
        "Trung ương 8 khóa XIII, giai đoạn {y0} - {y4}"
    ),
    summary=(
        "Gắn các nghị quyết với những việc cụ thể của {level}: đường giao thông thôn, vùng bưởi "
        "{n1}, chợ {commune}, bộ phận một cửa, dân chủ ở cơ sở. Mỗi việc có chi bộ, cơ quan chủ "
        "trì, chỉ tiêu và mốc theo quý; các chi bộ thôn báo cáo tiến độ hằng quý về Đảng ủy."
    ),
    tasks=(
        TaskText(
            "Bê tông hóa 4,2 km đường: đường trục {a2} (2,7 km) và đường nội đồng {a3} (1,5 km) "
            "theo phương châm “Nhà nước hỗ trợ xi măng, Nhân dân góp đất, góp công”; vận động "
            "126 hộ hiến khoảng 3.500 m² đất để mở rộng mặt đường.",
            ("43:5", "43:1"),
            lead="UB",
            coordinating=("MT", "C2", "C3"),
            indicator="Chiều dài đường thôn, đường nội đồng được bê tông hóa",
            measure="km",
            baseline="0",
            target="4.2",
            years=1,
            steps=(
                Step(0, text="Xong vận động hiến đất tuyến đường trục {a2}"),
                Step(2, value="2.7"),
                Step(4, value="4.2"),
            ),
            parent=5,
            earlier=Report(
                ON,
                "0.8",
                "126/126 hộ đã ký biên bản hiến đất (3.620 m²); đã đổ bê tông 0,8 km đầu tuyến.",
                milestone=0,
                evidence=True,
            ),
            latest=Report(
                ON, "1.9", "Thi công tiếp 1,1 km đường trục {a2}; Nhân dân góp 640 ngày công."
            ),
        ),
        TaskText(
            "Xây dựng sản phẩm OCOP “Bưởi đường {n1}” đạt 3 sao: thành lập tổ hợp tác trồng "
            "bưởi 25 hộ, mở rộng vùng trồng theo tiêu chuẩn VietGAP từ 4 ha lên 18 ha; đăng ký "
            "nhãn hiệu tập thể và đưa sản phẩm lên sàn thương mại điện tử.",
            ("43:3", "45:6"),
            lead="ND",
            coordinating=("C1", "UB"),
            indicator="Diện tích bưởi được chứng nhận VietGAP",
            measure="ha",
            baseline="4",
            target="18",
            years=2,
            steps=(
                Step(1, text="Tổ hợp tác bưởi đường {n1} ra mắt"),
                Step(3, text="Hồ sơ OCOP nộp Hội đồng đánh giá, phân hạng sản phẩm của tỉnh"),
                Step(6, value="18"),
            ),
            earlier=Report(ON, "4", "Đã khảo sát 31 hộ trồng bưởi; 25 hộ đăng ký vào tổ hợp tác."),
            latest=Report(
                ON,
                "6.5",
                "Tổ hợp tác bưởi đường {n1} đã ra mắt với 25 hộ; 6,5 ha được cấp chứng nhận "
                "VietGAP.",
                milestone=0,
            ),
        ),
        TaskText(
            "Đoàn {level} làm nòng cốt Tổ công nghệ số cộng đồng ở cả 3 thôn, hướng dẫn các hộ mở "
            "tài khoản, cài ví điện tử; 100 % học phí Trường Tiểu học và Trung học cơ sở "
            "{commune}, tiền điện, nước và 25 quầy hàng ở chợ {commune} nhận thanh toán bằng mã "
            "QR.",
            ("45:6", "43:3"),
            lead="DT",
            coordinating=("PN", "UB"),
            indicator="Tỷ lệ hộ gia đình sử dụng thanh toán không dùng tiền mặt",
            measure="%",
            baseline="38",
            target="70",
            years=1,
            steps=(
                Step(0, text="Tổ công nghệ số cộng đồng hoạt động ở 3 thôn"),
                Step(2, value="55"),
                Step(4, value="70"),
            ),
            parent=4,
            earlier=Report(
                ON,
                "44",
                "3 Tổ công nghệ số cộng đồng đã đi vào hoạt động; 212 hộ được hướng dẫn mở tài "
                "khoản.",
                milestone=0,
            ),
            latest=Report(
                ON,
                "49",
                "Trường Tiểu học và Trung học cơ sở thu 100 % học phí qua tài khoản; 14/25 quầy "
                "ở chợ {commune} đã có mã QR.",
            ),
        ),
        TaskText(
            "Đưa bộ phận một cửa của {level} lên môi trường số: số hóa toàn bộ sổ hộ tịch từ năm "
            "2010; bố trí 2 máy tính hỗ trợ người dân nộp hồ sơ trực tuyến; công chức một cửa trả "
            "kết quả tại nhà cho người cao tuổi, người khuyết tật.",
            ("45:6", "43:4"),
            lead="UB",
            coordinating=("DT",),
            indicator="Tỷ lệ hồ sơ thủ tục hành chính được nộp trực tuyến",
            measure="%",
            baseline="22",
            target="60",
            years=1,
            steps=(
                Step(1, text="Số hóa xong sổ hộ tịch từ năm 2010"),
                Step(2, value="40"),
                Step(4, value="60"),
            ),
            parent=3,
            earlier=Report(ON, "28", "Đã số hóa 61 % sổ hộ tịch; lắp 2 máy tính hỗ trợ."),
            latest=Report(
                ON,
                "35",
                "Hoàn thành số hóa sổ hộ tịch; 35 % hồ sơ được nộp trực tuyến trong quý.",
                milestone=0,
            ),
        ),
        TaskText(
            "Chi bộ {a1} lãnh đạo xây dựng {a1} đạt chuẩn khu dân cư nông thôn mới kiểu mẫu "
            "năm {y1}: 100 % hộ có nhà tiêu hợp vệ sinh, lắp 2,5 km đèn chiếu sáng đường làng, "
            "mỗi đảng viên nhận giúp đỡ ít nhất 2 hộ.",
            ("43:5", "43:1"),
            lead="C1",
            coordinating=("MT",),
            indicator="Số tiêu chí khu dân cư kiểu mẫu {a1} đã đạt",
            measure="tiêu chí",
            baseline="6",
            target="10",
            years=1,
            steps=(
                Step(1, value="7"),
                Step(3, text="Lắp xong 2,5 km đèn chiếu sáng đường làng"),
                Step(4, value="10"),
            ),
            parent=10,
            earlier=Report(ON, "6", "Chi bộ đã họp phân công 38 đảng viên nhận giúp đỡ 81 hộ."),
            latest=Report(
                ON,
                "7",
                "Đã lắp 1,6 km đèn đường bằng 212 triệu đồng Nhân dân đóng góp; đạt thêm tiêu chí "
                "về môi trường.",
                milestone=0,
            ),
        ),
        TaskText(
            "Bí thư Đảng ủy, Chủ tịch UBND {level} đối thoại trực tiếp với Nhân dân 2 lần mỗi năm "
            "tại nhà văn hóa {a2} và {a3}; giải quyết dứt điểm 6 kiến nghị tồn đọng về đất đai ở "
            "khu tái định cư {a3}.",
            ("43:4", "43:2"),
            lead="",
            coordinating=("MT", "UB"),
            indicator="Số kiến nghị tồn đọng về đất đai được giải quyết dứt điểm",
            measure="kiến nghị",
            baseline="0",
            target="6",
            years=1,
            steps=(
                Step(0, text="Hội nghị đối thoại lần thứ nhất tại nhà văn hóa {a2}"),
                Step(2, value="3"),
                Step(3, value="6"),
            ),
            parent=11,
            earlier=Report(
                ON,
                "1",
                "Đối thoại tại nhà văn hóa {a2}: 164 người dự, 23 ý kiến; đã giải quyết 1 kiến "
                "nghị về cấp giấy chứng nhận quyền sử dụng đất.",
                milestone=0,
                evidence=True,
            ),
            latest=Report(ON, "2", "Giải quyết thêm 1 kiến nghị; 4 kiến nghị đang đo đạc lại."),
        ),
        TaskText(
            "Huấn luyện dân quân đạt 100 % kế hoạch; xây dựng tổ an ninh, trật tự cơ sở ở {a3} "
            "giáp ranh; lắp 12 camera an ninh ở các ngã ba, bến đò; không để xảy ra điểm nóng về "
            "an ninh, trật tự.",
            ("44:5", "44:3"),
            lead="UB",
            coordinating=("CB", "DT", "C3"),
            indicator="Số camera an ninh được lắp ở các điểm trọng yếu",
            measure="camera",
            baseline="0",
            target="12",
            years=1,
            steps=(Step(1, value="6"), Step(3, value="12")),
            parent=8,
            earlier=Report(ON, "2", "Tổ an ninh, trật tự {a3} ra mắt; lắp 2 camera ở bến đò."),
            latest=Report(ON, "5", "Lắp thêm 3 camera; dân quân hoàn thành huấn luyện năm."),
        ),
        TaskText(
            "Lập danh sách trí thức là người con quê hương (46 người tốt nghiệp đại học trở lên); "
            "mời 5 kỹ sư nông nghiệp, bác sĩ, giáo viên tham gia Tổ tư vấn phát triển kinh tế - xã "
            "hội của {level}; trao 20 suất học bổng “Tiếp sức đến trường” mỗi năm.",
            ("45:1", "45:5"),
            lead="",
            coordinating=("DT", "PN"),
            indicator="Số trí thức quê hương tham gia Tổ tư vấn của {level}",
            measure="người",
            baseline="0",
            target="5",
            years=1,
            steps=(Step(0, text="Danh sách trí thức quê hương"), Step(2, value="5")),
            parent=6,
            earlier=Report(ON, "0", "Đã lập danh sách 46 trí thức quê hương.", milestone=0),
            latest=Report(
                ON,
                "3",
                "3 trí thức nhận lời tham gia Tổ tư vấn; phiên họp đầu tiên góp ý phương án trồng "
                "bưởi VietGAP.",
            ),
        ),
        TaskText(
            "Hội Liên hiệp Phụ nữ {level} hỗ trợ 30 hội viên vay vốn “Phụ nữ khởi nghiệp” làm "
            "miến dong, đan lát ở {a3}; duy trì mô hình “Nhà sạch, vườn đẹp, ngõ xanh” ở cả 3 "
            "thôn.",
            ("43:3", "43:5"),
            lead="PN",
            indicator="Số hội viên được hỗ trợ vốn khởi nghiệp",
            measure="người",
            baseline="0",
            target="30",
            years=1,
            steps=(Step(1, value="12"), Step(4, value="30")),
            earlier=Report(ON, "8", "8 hội viên được vay vốn, tổng 320 triệu đồng."),
            latest=Report(
                ON, "14", "Thêm 6 hội viên vay vốn; 2 cơ sở miến dong có nhãn mác.", milestone=0
            ),
        ),
        TaskText(
            "Các chi bộ {a1}, {a2}, {a3} đưa việc thực hiện nghị quyết vào sinh hoạt chi bộ hằng "
            "quý; Đảng ủy kiểm tra, giám sát việc thực hiện chương trình này ở cả 3 chi bộ mỗi "
            "năm.",
            ("44:7", "43:1"),
            lead="",
            coordinating=("C1", "C2", "C3"),
            indicator="Tỷ lệ chi bộ thôn sinh hoạt chuyên đề về thực hiện nghị quyết",
            measure="%",
            baseline="0",
            target="100",
            years=0,
            steps=(Step(0, value="100"),),
            parent=1,
            earlier=Report(
                DONE,
                "100",
                "3/3 chi bộ đã sinh hoạt chuyên đề về thực hiện nghị quyết; Đảng ủy dự và chỉ "
                "đạo ở cả 3 chi bộ.",
                milestone=0,
            ),
        ),
    ),
)

# --- Tân Phong's Front: a project (đề án), tasks by field ----------------------------------------

FRONT_PROJECT = ProgramText(
    number="03/ĐA-MTTQ",
    title=(
        "Đề án “Phát huy sức mạnh đại đoàn kết toàn dân tộc, xây dựng khu dân cư kiểu mẫu” "
        "{level} {commune}, giai đoạn {y0} - {y4}"
    ),
    field="Công tác Mặt trận, đại đoàn kết toàn dân tộc",
    summary=(
        "Ủy ban Mặt trận Tổ quốc {level} cụ thể hóa Chương trình hành động của Đảng ủy theo "
        "từng lĩnh vực: kinh tế, an sinh, văn hóa - xã hội, giám sát và phản biện, an ninh, "
        "trật tự; các Ban Công tác Mặt trận thôn tổ chức thực hiện."
    ),
    tasks=(
        TaskText(
            "Về kinh tế: vận động các hộ ở {a3} chuyển 6 ha đất lúa kém hiệu quả sang trồng dong "
            "riềng, liên kết với 4 cơ sở làm miến; Ban Công tác Mặt trận thôn hỗ trợ tiêu thụ.",
            ("43:3", "43:2"),
            lead="",
            indicator="Diện tích chuyển sang trồng dong riềng",
            measure="ha",
            baseline="0",
            target="6",
            years=1,
            steps=(Step(1, value="2"), Step(4, value="6")),
            latest=Report(ON, "1.5", "22 hộ đăng ký chuyển đổi; đã xuống giống 1,5 ha."),
        ),
        TaskText(
            "Về an sinh xã hội: vận động Quỹ “Vì người nghèo” đạt 150 triệu đồng mỗi năm; xây "
            "mới 3 nhà Đại đoàn kết cho hộ nghèo ở {a2}.",
            ("43:1", "43:5"),
            lead="",
            indicator="Số nhà Đại đoàn kết được xây mới",
            measure="nhà",
            baseline="0",
            target="3",
            years=1,
            steps=(Step(0, text="Khởi công nhà Đại đoàn kết thứ nhất"), Step(3, value="3")),
            latest=Report(
                ON, "1", "Bàn giao 1 nhà Đại đoàn kết; Quỹ đã vận động 96 triệu đồng.", milestone=0
            ),
        ),
        TaskText(
            "Về văn hóa - xã hội: tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở cả 3 thôn; bình "
            "xét 90 % hộ đạt danh hiệu “Gia đình văn hóa”; hòa giải kịp thời mâu thuẫn trong "
            "cộng đồng dân cư.",
            ("43:1", "43:6"),
            lead="",
            indicator="Tỷ lệ hộ đạt danh hiệu Gia đình văn hóa",
            measure="%",
            baseline="84",
            target="90",
            years=1,
            steps=(Step(0, text="Ngày hội Đại đoàn kết ở 3 thôn"), Step(4, value="90")),
            latest=Report(ON, "86", "Ngày hội Đại đoàn kết đã tổ chức ở 3/3 thôn.", milestone=0),
        ),
        TaskText(
            "Về giám sát và phản biện xã hội: Ban Thanh tra nhân dân, Ban Giám sát đầu tư của "
            "cộng đồng giám sát 100 % công trình đường giao thông có Nhân dân đóng góp; lấy ý "
            "kiến Nhân dân về kết quả thực hiện trước mỗi kỳ họp HĐND {level}.",
            ("43:4", "43:5"),
            lead="",
            indicator="Tỷ lệ công trình có Nhân dân đóng góp được cộng đồng giám sát",
            measure="%",
            baseline="60",
            target="100",
            years=1,
            steps=(Step(1, value="100"),),
            latest=Report(ON, "80", "Đã giám sát 4/5 công trình đường giao thông đang thi công."),
        ),
        TaskText(
            "Về an ninh, trật tự: phối hợp Công an {level} xây dựng mô hình “Camera an ninh - "
            "Mặt trận cùng dân” ở {a1}; vận động 100 % hộ ký cam kết không để người thân vi phạm "
            "pháp luật.",
            ("44:5", "44:3"),
            lead="",
            indicator="Tỷ lệ hộ ký cam kết bảo đảm an ninh, trật tự",
            measure="%",
            baseline="70",
            target="100",
            years=1,
            steps=(Step(1, text="Ra mắt mô hình “Camera an ninh - Mặt trận cùng dân”"),),
            latest=Report(ON, "78", "Đã vận động 78 % hộ ký cam kết."),
        ),
    ),
)

# --- Tân Phong's government: an implementation plan still in discussion --------------------------

GOVERNMENT_PLAN = ProgramText(
    number="",
    title=(
        "Kế hoạch của Ủy ban nhân dân {level} {commune} thực hiện Chương trình hành động số "
        "{parent_number} của Đảng ủy {level}"
    ),
    field="Kinh tế - xã hội, chuyển đổi số, quốc phòng - an ninh",
    summary="Phân công công chức, bố trí kinh phí để thực hiện các nhiệm vụ Đảng ủy giao.",
    tasks=(
        TaskText(
            "Lĩnh vực kinh tế: hoàn thiện hồ sơ vùng trồng bưởi 18 ha ở {a1}; hỗ trợ 50 % chi phí "
            "chứng nhận VietGAP cho tổ hợp tác.",
            ("43:3",),
            lead="",
            indicator="Kinh phí hỗ trợ chứng nhận VietGAP",
            measure="triệu đồng",
            baseline="0",
            target="120",
            years=1,
            steps=(Step(1, value="40"), Step(4, value="120")),
        ),
        TaskText(
            "Lĩnh vực giao thông: bố trí 1,8 tỷ đồng xi măng, vật liệu cho 4,2 km đường bê tông; "
            "nghiệm thu từng đoạn có Ban Giám sát đầu tư của cộng đồng tham gia.",
            ("43:5",),
            lead="",
            indicator="Vốn đối ứng đã bố trí",
            measure="tỷ đồng",
            baseline="0",
            target="1.8",
            years=1,
        ),
        TaskText(
            "Lĩnh vực chuyển đổi số: nâng cấp đường truyền ở bộ phận một cửa; tăng cường hướng "
            "dẫn người dân sử dụng dịch vụ công trực tuyến.",
            ("45:6",),
            lead="",
            indicator="",
            years=None,
        ),
        TaskText(
            "Lĩnh vực quốc phòng - an ninh: hoàn thành huấn luyện dân quân năm; lắp 12 camera an "
            "ninh ở các ngã ba, bến đò theo chương trình của Đảng ủy.",
            ("44:5",),
            lead="",
            indicator="Số camera an ninh được lắp",
            measure="camera",
            baseline="0",
            target="12",
            years=1,
            steps=(Step(3, value="12"),),
        ),
    ),
)

# What the commune's committee members said in the discussion: (who, task number or None, text).
GOVERNMENT_COMMENTS = (
    (
        "head",
        3,
        "Nhiệm vụ chuyển đổi số chưa có chỉ tiêu và thời hạn. Đề nghị ghi rõ tỷ lệ hồ sơ nộp "
        "trực tuyến phấn đấu đạt 60 % vào năm {y1} như chương trình của Đảng ủy.",
    ),
    (
        "clerk",
        2,
        "Đề nghị ghi mốc bố trí vốn theo từng quý để các thôn chủ động vận động Nhân dân hiến "
        "đất, góp công.",
    ),
    (
        "head",
        None,
        "Kế hoạch cần phân công rõ công chức phụ trách từng nhiệm vụ và bổ sung nhiệm vụ thu hút "
        "trí thức quê hương; hoàn thiện trước phiên họp Ban Thường vụ Đảng ủy tới.",
    ),
)

# What was said about the commune's program before the head approved it.
COMMUNE_COMMENTS = (
    (
        "clerk",
        2,
        "Đề nghị ghi rõ số hộ tham gia tổ hợp tác và diện tích VietGAP theo từng năm.",
    ),
    (
        "head",
        1,
        "Đồng ý; giao Mặt trận công khai danh sách hộ hiến đất ở nhà văn hóa thôn.",
    ),
)
