"""The vocabulary learning reports are written from (``report_writer``; the demo's reports and
the copy-signal evaluation, ``trienkhai.tooling.evals.study_copy``):
the resolution's text, names, places, and sentence templates by idea. Square brackets hold
alternatives (``[a|b]``), braces the values a writer fills in."""

RESOLUTION_SUMMARY = (
    "Nghị quyết đề ra các nhiệm vụ, giải pháp tiếp tục đổi mới, sắp xếp tổ chức bộ máy, phát "
    "triển kinh tế - xã hội nhanh và bền vững, chăm lo đời sống nhân dân và xây dựng Đảng "
    "trong sạch, vững mạnh."
)
RESOLUTION_POINTS = [
    "Tiếp tục đổi mới mạnh mẽ phương thức lãnh đạo của Đảng đối với hệ thống chính trị. Sắp "
    "xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả, gắn với tinh giản biên chế và "
    "cơ cấu lại đội ngũ cán bộ, công chức.",
    "Xây dựng đội ngũ cán bộ các cấp, nhất là người đứng đầu, đủ phẩm chất, năng lực và uy tín, "
    "ngang tầm nhiệm vụ. Đề cao trách nhiệm nêu gương của người đứng đầu cấp ủy, chính quyền.",
    "Phát triển kinh tế số, xã hội số và chính quyền số là nhiệm vụ trọng tâm, đột phá. Đẩy "
    "mạnh cung cấp dịch vụ công trực tuyến toàn trình, bảo đảm người dân và doanh nghiệp được "
    "phục vụ nhanh chóng, thuận tiện.",
    "Đẩy mạnh xây dựng nông thôn mới nâng cao, nông thôn mới kiểu mẫu gắn với cơ cấu lại ngành "
    "nông nghiệp theo hướng sản xuất hàng hóa, ứng dụng công nghệ cao, liên kết theo chuỗi giá "
    "trị.",
    "Thực hiện tốt chính sách an sinh xã hội, giảm nghèo đa chiều, bền vững. Chăm lo đời sống "
    "vật chất và tinh thần của nhân dân, nhất là người có công, hộ nghèo, đồng bào dân tộc "
    "thiểu số.",
    "Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng, lãng phí, tiêu cực. Kiểm soát quyền "
    "lực trong công tác cán bộ, xử lý nghiêm các vi phạm, không có vùng cấm, không có ngoại lệ.",
    "Phát huy sức mạnh khối đại đoàn kết toàn dân tộc, tăng cường mối quan hệ mật thiết giữa "
    "Đảng với nhân dân. Thực hiện tốt phương châm dân biết, dân bàn, dân làm, dân kiểm tra, dân "
    "giám sát, dân thụ hưởng.",
    "Chủ động thích ứng với biến đổi khí hậu, bảo vệ môi trường, quản lý và sử dụng hiệu quả "
    "tài nguyên đất đai. Xử lý dứt điểm các điểm nóng về ô nhiễm môi trường ở khu dân cư.",
    "Nâng cao chất lượng sinh hoạt chi bộ, tăng cường công tác kiểm tra, giám sát. Kịp thời "
    "chấn chỉnh biểu hiện suy thoái về tư tưởng chính trị, đạo đức, lối sống trong một bộ phận "
    "cán bộ, đảng viên.",
    "Phát triển văn hóa, con người Việt Nam, xây dựng gia đình no ấm, tiến bộ, hạnh phúc. Giữ "
    "gìn và phát huy các giá trị văn hóa truyền thống tốt đẹp ở cơ sở.",
]
RESOLUTION_TEXT = RESOLUTION_SUMMARY + "\n" + "\n".join(RESOLUTION_POINTS)
#: Passages of the resolution's full text that no clerk typed as a key point (the copy check
#: reads them from the registered PDF); written for the corpus, not quoted from a resolution.
RESOLUTION_BODY = [
    "Trong nhiệm kỳ qua, công tác xây dựng, chỉnh đốn Đảng đạt nhiều kết quả quan trọng, góp "
    "phần củng cố niềm tin của nhân dân đối với Đảng.",
    "Tuy nhiên, việc cụ thể hóa nghị quyết ở một số nơi còn chậm, chưa sát với thực tiễn, "
    "có nơi còn hình thức.",
    "Nguyên nhân chủ yếu là nhận thức của một bộ phận cấp ủy, người đứng đầu về vị trí, vai trò "
    "của nhiệm vụ này chưa đầy đủ.",
    "Các cấp ủy, tổ chức đảng phải xác định đây là nhiệm vụ chính trị trọng tâm, thường xuyên, "
    "lâu dài của cả hệ thống chính trị.",
    "Tập trung rà soát, hoàn thiện hệ thống văn bản quy định về chức năng, nhiệm vụ, quyền hạn "
    "của từng cơ quan, tổ chức, khắc phục chồng chéo.",
    "Đổi mới công tác đánh giá cán bộ theo hướng lấy kết quả, sản phẩm cụ thể làm thước đo "
    "chủ yếu, gắn với sự hài lòng của người dân.",
    "Bố trí nguồn lực thỏa đáng cho hạ tầng số ở vùng sâu, vùng xa, bảo đảm không để ai bị bỏ "
    "lại phía sau trong quá trình chuyển đổi số.",
    "Tăng cường đào tạo kỹ năng số cho cán bộ cơ sở và người dân, nhất là người cao tuổi, "
    "đồng bào dân tộc thiểu số.",
    "Khuyến khích các hợp tác xã, tổ hợp tác ứng dụng thương mại điện tử, xây dựng thương hiệu "
    "cho sản phẩm chủ lực của địa phương.",
    "Lồng ghép có hiệu quả các chương trình mục tiêu quốc gia, ưu tiên đầu tư cho các xã đặc "
    "biệt khó khăn, vùng bãi ngang ven biển.",
    "Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội tăng cường giám sát, phản biện xã hội, "
    "tham gia góp ý xây dựng Đảng, xây dựng chính quyền.",
    "Thường xuyên đối thoại trực tiếp giữa người đứng đầu cấp ủy, chính quyền với nhân dân, "
    "giải quyết kịp thời các kiến nghị chính đáng.",
    "Chú trọng bảo vệ môi trường nông thôn, xử lý rác thải sinh hoạt, nước thải chăn nuôi, "
    "xây dựng cảnh quan xanh, sạch, đẹp.",
    "Hằng năm, các cấp ủy tổ chức sơ kết, đánh giá kết quả thực hiện, kịp thời biểu dương, khen "
    "thưởng tập thể, cá nhân có thành tích tiêu biểu.",
    "Giao Ban Tuyên giáo chủ trì, phối hợp với các cơ quan liên quan hướng dẫn, theo dõi, kiểm "
    "tra việc thực hiện nghị quyết.",
    "Nghị quyết này được phổ biến đến chi bộ và đảng viên.",
]
RESOLUTION_FULL_TEXT = RESOLUTION_TEXT + "\n" + "\n".join(RESOLUTION_BODY)

# --- vocabulary ------------------------------------------------------------------------------

FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trịnh".split()  # noqa: SIM905
MIDDLE = "Văn Thị Hữu Đức Minh Thanh Ngọc Quang Xuân Thu Hồng Công Đình Bá Kim".split()  # noqa: SIM905
GIVEN = (  # noqa: SIM905
    "An Bình Cường Dũng Giang Hà Hải Hạnh Hiền Hoa Hùng Hương Khánh Lan Long Mai Minh Nam Nga "
    "Ngọc Phúc Phương Quân Sơn Tâm Thảo Thắng Thủy Trang Trung Tuấn Vân Việt Yến Lợi Chiến"
).split()
VILLAGES = [
    "thôn Đông Hạ", "thôn Yên Xá", "xóm Bãi", "thôn Phú Mỹ", "bản Na Hang", "thôn Trung Hậu",
    "xóm Chùa", "thôn Kim Sơn", "ấp Tân Lập", "khu phố 3", "tổ dân phố Bắc Sơn", "thôn Văn Giang",
    "thôn Hòa Bình", "xóm Mới", "thôn Đồng Tâm", "ấp Long Hòa", "bản Pù Luông", "thôn Thạch Bàn",
    "khu phố Trần Phú", "thôn Quỳnh Lâm", "thôn Cổ Định", "xóm Gò", "bản Lác", "thôn Ngọc Trạo",
]  # fmt: skip
COMMUNES = [
    "xã An Phú", "xã Hoằng Hóa", "xã Quảng Phú", "phường Bình Minh", "xã Thiệu Trung",
    "xã Nga Sơn", "xã Yên Định", "phường Nam Ngạn", "xã Cẩm Thủy", "xã Tân Lạc",
]  # fmt: skip
PLACES = [
    "trung tâm xã", "quốc lộ 1A", "chợ Rạng", "trường tiểu học", "cánh đồng Mẫu", "bến đò cũ",
    "trạm y tế xã", "đường tỉnh 506", "khu công nghiệp Lễ Môn", "đê sông Mã",
]  # fmt: skip
ROLES = [
    "giáo viên tiểu học", "bác sĩ trạm y tế xã", "cán bộ địa chính xã", "trưởng thôn",
    "bí thư chi đoàn", "chủ nhiệm hợp tác xã", "cựu chiến binh", "nông dân trồng lúa",
    "kế toán ủy ban xã", "công an xã", "chi hội trưởng phụ nữ", "chủ hộ kinh doanh",
    "đảng viên hưu trí", "cán bộ văn hóa xã", "công nhân khu công nghiệp",
]  # fmt: skip
OCCUPATIONS = [
    "trồng lúa", "nuôi tôm", "trồng cam", "làm nghề mây tre đan", "chăn nuôi bò", "trồng chè",
    "buôn bán nhỏ", "làm công nhân", "đánh bắt hải sản", "trồng rau an toàn", "trồng keo",
]  # fmt: skip
CROPS = [
    "cam Vân Du", "ngô sinh khối", "dưa lưới nhà màng", "bưởi Luận Văn", "lúa chất lượng cao",
    "rau hữu cơ", "mía tím", "chè xanh", "nấm rơm", "ớt xuất khẩu", "cỏ nuôi bò",
]  # fmt: skip
PRODUCTS = [
    "nước mắm Ba Làng", "chè Tân Cương", "gạo nếp cái hoa vàng", "mật ong rừng", "bánh gai Tứ Trụ",
    "chiếu cói Nga Sơn", "nem chua", "miến dong", "cam đường", "bưởi Diễn", "mắm tép",
]  # fmt: skip
CULTURE = [
    "lễ hội đình làng", "hát chèo", "hát then, đàn tính", "múa rối nước", "trò Xuân Phả",
    "hát dân ca", "lễ hội cầu ngư", "nghề dệt thổ cẩm",
]  # fmt: skip

# --- the ideas and their wordings ----------------------------------------------------------
# ``{slot}`` takes a value of the writer or of the sentence; ``[a|b]`` picks one alternative.
# Every wording of an idea says the same thing, so a paraphrase picks another one.

OPENING = {
    "open_study": [
        "Qua [học tập|nghiên cứu, học tập|học tập, quán triệt] Nghị quyết [tại hội nghị do Đảng ủy "
        "{commune} tổ chức|tại hội nghị trực tuyến của {commune}|cùng chi bộ {village}], bản thân "
        "tôi [nhận thức sâu sắc hơn|hiểu rõ hơn|thấm nhuần hơn] [ý nghĩa|tầm quan trọng] của Nghị "
        "quyết đối với [địa phương|quê hương] mình.",
        "Sau [buổi|hội nghị] học tập Nghị quyết [do {commune} tổ chức|tại hội trường "
        "{commune}|qua điểm cầu {village}], tôi [thấy mình hiểu thêm nhiều điều|rút ra được nhiều "
        "điều bổ ích] về [những việc|các nhiệm vụ] mà [địa phương|{village}] phải làm.",
        "Nghe báo cáo viên [truyền đạt|trình bày] Nghị quyết [ở {commune}|qua điểm cầu "
        "{village}], tôi [càng hiểu|hiểu rõ] [vì sao|tại sao] [Đảng|Trung ương] [đặt ra|đề ra] "
        "những [chủ trương|nhiệm vụ] [lớn|quan trọng] [trong giai đoạn này|lúc này].",
    ],
    "open_self": [
        "Tôi là {name}, {role}, sinh hoạt tại chi bộ {village}, [đã dự đầy đủ|đã tham gia đầy "
        "đủ|có mặt đầy đủ ở] hội nghị học tập Nghị quyết [vừa qua|ngày {day}/{month}].",
        "Là {role} [ở|tại] {village}, tôi [được|đã được] chi bộ [cử|phân công] [dự|tham dự] "
        "[hội nghị|buổi] học tập Nghị quyết [vừa qua|ngày {day}/{month}] và [ghi chép|nghe] "
        "[đầy đủ|kỹ] các nội dung.",
        "Tôi, {name}, [hiện là|đang là] {role}, [xin viết|viết] bài thu hoạch [này|sau] [sau khi "
        "học tập|sau hội nghị học tập] Nghị quyết [ngày {day}/{month}|vừa qua].",
    ],
}
UNDERSTANDING = {
    "bo_may": [
        "Tôi [thấy|nhận thấy|cho rằng] việc sắp xếp bộ máy [tinh gọn|gọn nhẹ] [là yêu cầu cấp "
        "thiết|là đúng đắn|là hợp lòng dân] vì [giảm được khâu trung gian|bớt được đầu mối|người "
        "dân đỡ phải đi lại nhiều nơi] và [tiết kiệm ngân sách|dành nguồn lực cho đầu tư].",
        "[Bộ máy|Tổ chức bộ máy] [gọn lại|được thu gọn] [thì|nên] [ít tầng nấc hơn|giảm khâu "
        "trung gian], [bà con|người dân] [không phải|đỡ] [chạy qua|đi lại] nhiều [cửa|nơi], "
        "[ngân sách|tiền của Nhà nước] [được để dành|có thêm] cho [đầu tư phát triển|làm đường, "
        "xây trường].",
        "[Theo tôi|Tôi tin rằng], [chủ trương|quyết tâm] [thu gọn|tinh gọn] bộ máy [là cần|là "
        "cấp thiết] [vì|bởi] [càng ít đầu mối|ít cấp trung gian] thì [việc của dân|hồ sơ của "
        "dân] [được giải quyết nhanh hơn|càng thông suốt] mà [lại đỡ tốn kém|chi phí cũng thấp "
        "hơn].",
    ],
    "sap_nhap": [
        "Từ khi [sáp nhập xã|sắp xếp lại đơn vị hành chính], [việc giải quyết thủ tục ở "
        "{commune}|bộ phận một cửa của {commune}] [đã nhanh hơn trước|phục vụ bà con tốt hơn], "
        "tuy [vẫn còn|còn] [một số cán bộ chưa quen việc mới|khoảng cách đi lại xa đối với bà con "
        "{village}].",
        "[Sau|Kể từ khi] [sắp xếp|hợp nhất] [các xã|đơn vị hành chính], [bà con {village}|người "
        "dân ở {village}] [đi làm giấy tờ|làm thủ tục] [xa hơn|phải đi xa hơn] nhưng [được giải "
        "quyết|hồ sơ xong] [nhanh hơn|sớm hơn trước]; [một vài|một số] cán bộ [còn bỡ ngỡ|chưa "
        "thạo] với [công việc|nhiệm vụ] mới.",
    ],
    "can_bo": [
        "[Nghị quyết|Văn kiện] [nhấn mạnh|đề cao] trách nhiệm nêu gương của người đứng đầu; [ở "
        "chi bộ chúng tôi|ở {village}], khi [bí thư|trưởng thôn] [làm trước|đi đầu] thì [bà "
        "con|đảng viên] [làm theo rất nhanh|hưởng ứng ngay].",
        "Tôi [hiểu|nhận thức] rằng [muốn|để] nghị quyết [đi vào cuộc sống|thành hiện thực] thì "
        "[cán bộ phải nói đi đôi với làm|mỗi đảng viên phải gương mẫu trước], [nhất là|trước hết "
        "là] [người đứng đầu cấp ủy|những đồng chí giữ chức vụ].",
        "[Kinh nghiệm|Thực tế] [ở {village}|của chi bộ chúng tôi] [cho thấy|là] [người đứng đầu "
        "gương mẫu|bí thư làm gương] thì [cả thôn|mọi người] [noi theo|làm theo], còn [nói một "
        "đằng làm một nẻo|chỉ nói mà không làm] thì [không ai nghe|mất lòng tin].",
    ],
    "can_bo_co_so": [
        "Cán bộ [cơ sở|ở xã] [hiện nay|bây giờ] [phải|cần] [giỏi chuyên môn|biết ứng dụng công "
        "nghệ], [gần dân|sát dân], [dám nghĩ, dám làm|dám chịu trách nhiệm] thì mới [đáp ứng|theo "
        "kịp] yêu cầu [nhiệm vụ mới|của bộ máy sau sắp xếp].",
        "[Yêu cầu|Đòi hỏi] [đối với|với] [người cán bộ xã|cán bộ cơ sở] [bây giờ|ngày nay] [cao "
        "hơn nhiều|khác trước]: [phải|cần] [thạo máy tính|làm được việc trên phần mềm], [hiểu "
        "dân|sâu sát với dân] và [không né tránh|không sợ] trách nhiệm.",
    ],
    "so": [
        "Về chuyển đổi số, [tôi thấy|theo tôi] [ở|tại] {village} [nhiều người cao tuổi|không ít "
        "bà con] [vẫn chưa biết|còn lúng túng khi] [dùng điện thoại thông minh|làm thủ tục trên "
        "mạng], [nên|vì vậy] [cần|rất cần] [có người hướng dẫn tận nơi|tổ công nghệ số cộng đồng "
        "hỗ trợ].",
        "[Ở {village}|Trong thôn tôi], [người già|các cụ cao tuổi] [phần nhiều|đa số] [chưa "
        "quen|còn ngại] [thao tác trên điện thoại|làm hồ sơ qua mạng]; [muốn|để] chuyển đổi số "
        "[thành công|đến được với họ] [phải có|cần có] [người cầm tay chỉ việc|người đến tận nhà "
        "hướng dẫn].",
        "[Khó khăn lớn nhất|Trở ngại lớn] của chuyển đổi số [ở {village}|nơi tôi ở] [là|chính là] "
        "[kỹ năng số của người dân|việc bà con chưa biết dùng công nghệ], [nhất là|đặc biệt] "
        "[người lớn tuổi|người cao tuổi], [nên|do đó] [tổ công nghệ số|đoàn viên thanh niên] "
        "[phải|cần] [đến từng nhà|hỗ trợ tận nơi].",
    ],
    "dich_vu_cong": [
        "[Dịch vụ công trực tuyến|Ứng dụng VNeID] [giúp|đã giúp] [gia đình tôi|bà con {village}] "
        "[không phải|khỏi phải] [đi lại nhiều lần|xếp hàng chờ ở xã] khi [làm giấy khai sinh|đăng "
        "ký tạm trú|xin xác nhận hộ nghèo], [đó là|đây là] lợi ích [thiết thực|rõ ràng] của chính "
        "quyền số.",
        "[Bản thân tôi|Gia đình tôi] [đã|vừa] [làm|nộp] hồ sơ [khai sinh cho cháu|đăng ký tạm "
        "trú|xác nhận hộ nghèo] [qua mạng|trực tuyến] [mà không phải|không cần] [lên xã|đến ủy "
        "ban], [thấy rõ|cảm nhận rõ] [chính quyền số|dịch vụ công trực tuyến] [tiện lợi|có ích] "
        "[thế nào|ra sao].",
    ],
    "kinh_te_so": [
        "Tôi [nhận thức|hiểu] rằng kinh tế số [không xa lạ|không phải chuyện xa vời] với nông "
        "thôn: [nhiều hộ|một số hộ] ở {village} đã [bán|tiêu thụ] {product} qua [mạng xã hội|sàn "
        "thương mại điện tử] [với giá cao hơn|thu nhập tăng rõ].",
        "[Một số hộ|Nhiều gia đình] [ở {village}|trong thôn] [giờ đã|bây giờ đã] [đưa|đăng] "
        "{product} lên [mạng|sàn thương mại điện tử] [để bán|bán hàng], [giá|thu nhập] [tốt "
        "hơn|cao hơn] [bán cho thương lái|so với trước], [đó là|thế là] kinh tế số [ngay ở làng "
        "quê|ở nông thôn].",
    ],
    "nong_thon": [
        "[Xây dựng nông thôn mới|Chương trình nông thôn mới] [ở {commune}|tại quê tôi] [đã làm "
        "thay đổi|làm đổi thay] [bộ mặt|diện mạo] [làng quê|thôn xóm], [đường bê tông đến tận "
        "ngõ|điện, đường, trường, trạm khang trang hơn].",
        "[Nhìn|So] [{village} bây giờ|quê tôi hôm nay] với [mười năm trước|ngày trước], [tôi|ai "
        "cũng] thấy [nông thôn mới|chương trình nông thôn mới] [đem lại|mang lại] [nhiều đổi "
        "thay|đổi thay rõ rệt]: [ngõ xóm|đường làng] [được bê tông hóa|sạch đẹp], [trường học, "
        "trạm y tế|nhà văn hóa] [được xây mới|khang trang].",
    ],
    "chuoi_gia_tri": [
        "[Theo tôi|Tôi cho rằng], muốn [tăng thu nhập|nâng cao đời sống] cho [bà con|nông dân] "
        "{village} thì phải [liên kết sản xuất|sản xuất theo chuỗi] và [làm ra sản phẩm có "
        "thương hiệu như {product}|xây dựng sản phẩm OCOP từ {product}].",
        "[Nông dân|Bà con] {village} [chỉ có thể|muốn] [khá lên|giàu lên] [khi|nếu] [không sản "
        "xuất manh mún|bỏ lối làm ăn nhỏ lẻ], [biết liên kết|chịu liên kết] [với nhau|với doanh "
        "nghiệp] và [đưa|nâng] {product} [thành|lên thành] sản phẩm [có thương hiệu|OCOP].",
    ],
    "dau_ra": [
        "[Ở|Tại] {village}, [bà con|các hộ] [chủ yếu|phần lớn] {occupation}, [nhưng|song] [giá "
        "cả bấp bênh|đầu ra chưa ổn định] nên [rất cần|cần] [hợp tác xã đứng ra bao tiêu|sự hỗ "
        "trợ của chính quyền về thị trường].",
        "[Nghề chính|Sinh kế chính] [của {village}|ở {village}] [là|vẫn là] {occupation}; "
        "[điều bà con lo nhất|nỗi lo lớn nhất] [là|vẫn là] [được mùa mất giá|bị thương lái ép "
        "giá], [vì vậy|cho nên] [cần có|phải có] [người bao tiêu|hợp tác xã làm đầu mối].",
    ],
    "an_sinh": [
        "[Chính sách an sinh xã hội|Công tác giảm nghèo] [thể hiện rõ|cho thấy rõ] [tính nhân "
        "văn|sự quan tâm] của Đảng; [ở {village}|trong thôn tôi] [còn|hiện còn] {n2} hộ nghèo "
        "[cần được|phải được] [hỗ trợ sinh kế|giúp đỡ thoát nghèo bền vững].",
        "[{village} hiện còn|Thôn tôi vẫn còn] {n2} hộ nghèo [và|cùng] [một số|vài] hộ cận "
        "nghèo; [Đảng và Nhà nước|chính quyền] [quan tâm|lo] [cho họ|đến họ] [là|thể hiện] [bản "
        "chất nhân văn|tính nhân văn] của [chế độ|chính sách an sinh].",
    ],
    "giam_ngheo": [
        "Tôi [đồng tình|rất đồng tình] với [quan điểm|chủ trương] giảm nghèo [phải bền "
        "vững|không chỉ cho con cá mà phải cho cần câu], [tránh|không để] [tâm lý trông chờ, ỷ "
        "lại|hộ nghèo trông chờ vào hỗ trợ].",
        "[Giúp|Hỗ trợ] hộ nghèo[ thì|,] [phải|cần] [giúp cách làm ăn|trao sinh kế] [chứ không "
        "chỉ|hơn là chỉ] [cho tiền, cho gạo|phát quà], [có như vậy|như thế] họ mới [thoát nghèo "
        "lâu dài|không tái nghèo].",
    ],
    "tham_nhung": [
        "[Công tác|Cuộc đấu tranh] phòng, chống tham nhũng [thời gian qua|những năm gần đây] [đã "
        "củng cố|làm tăng] niềm tin của [nhân dân|bà con] [đối với Đảng|vào chế độ], [người dân ở "
        "{village}|bà con trong thôn] [rất phấn khởi|đồng tình cao].",
        "[Bà con|Người dân] [ở {village}|trong thôn] [thường|hay] [nói với tôi|bàn tán] rằng "
        "[từ khi|kể từ lúc] [Đảng|Trung ương] [xử lý|kỷ luật] [nhiều cán bộ sai phạm|cả những "
        "người có chức vụ cao], [họ|mọi người] [tin Đảng hơn|thêm tin tưởng].",
    ],
    "tieu_cuc": [
        "Tôi [thấm thía|nhận thức rõ] rằng [tham nhũng vặt|những tiêu cực nhỏ] [ở cơ sở|khi "
        "người dân làm thủ tục] [tuy nhỏ|dù không lớn] nhưng [làm mất lòng tin của|gây bức xúc "
        "trong] [nhân dân|bà con], [vì vậy|do đó] [phải công khai, minh bạch|cán bộ phải liêm "
        "chính].",
        "[Chuyện|Những chuyện] [nhũng nhiễu|gây khó dễ] [khi làm giấy tờ|ở bộ phận một cửa] [tuy "
        "nhỏ|dù là việc nhỏ] [lại|nhưng] [làm dân mất lòng tin|khiến dân bức xúc] [nhất|hơn cả]; "
        "[cán bộ|người làm công vụ] [phải|cần] [minh bạch|công khai] và [liêm chính|trong sạch].",
    ],
    "dan_chu": [
        "[Phương châm|Tinh thần] dân biết, dân bàn, dân làm, dân kiểm tra [được|đã được] [thực "
        "hiện|vận dụng] [tốt|khá tốt] ở {village} khi [bà con bàn và hiến đất làm đường|họp dân "
        "bàn việc xây nhà văn hóa].",
        "[Tôi thấy|Thực tế cho thấy] [việc gì|công việc nào] [được|mà] [bàn bạc công khai với "
        "dân|dân được bàn và giám sát] thì [làm nhanh và ít khiếu kiện|bà con đồng thuận rất "
        "cao], như [chuyện|việc] [làm đường|xây nhà văn hóa] [ở {village}|của thôn].",
    ],
    "moi_truong": [
        "[Vấn đề|Tình trạng] [rác thải|ô nhiễm] [ở {village}|tại khu dân cư chúng tôi] [vẫn còn "
        "bức xúc|chưa được xử lý dứt điểm], [nhất là|đặc biệt là] [rác thải nhựa|bao bì thuốc bảo "
        "vệ thực vật] [dọc bờ mương|ở khu vực chợ].",
        "[Rác|Rác thải nhựa] [vứt|đổ] [bừa bãi|tràn lan] [dọc bờ mương|quanh chợ] [ở "
        "{village}|trong thôn] [vẫn là chuyện|là điều] [nhức nhối|làm bà con bức xúc], [chưa có "
        "cách|chưa tìm được cách] [giải quyết|xử lý] [dứt điểm|triệt để].",
    ],
    "khi_hau": [
        "[Biến đổi khí hậu|Thời tiết cực đoan] [đã ảnh hưởng|ảnh hưởng trực tiếp] đến [việc] "
        "{occupation} của [bà con|gia đình tôi], [vì vậy|nên] [việc chủ động thích ứng|phòng "
        "chống thiên tai] [rất thiết thực|là cần thiết].",
        "[Mấy năm nay|Những năm gần đây], [hạn hán|mưa lũ|xâm nhập mặn] [thất thường|ngày càng "
        "nặng] [khiến|làm] [bà con|gia đình tôi] {occupation} [thua lỗ|gặp nhiều khó khăn], nên "
        "[thích ứng với biến đổi khí hậu|phòng chống thiên tai] [là chuyện sống còn|không thể "
        "chậm trễ].",
    ],
    "chi_bo": [
        "[Sinh hoạt chi bộ|Các buổi sinh hoạt chi bộ] [ở {village}|của chúng tôi] [có lúc|đôi "
        "khi] [còn|vẫn còn] [hình thức|đơn điệu], [chủ yếu|phần lớn] [là nghe báo cáo|đọc văn "
        "bản], [ít|chưa nhiều] [thảo luận|tranh luận] về [việc cụ thể|vấn đề thực tế] của thôn.",
        "[Nói thật|Thẳng thắn mà nói], [nhiều buổi|có buổi] sinh hoạt [của chi bộ {village}|chi "
        "bộ] [chỉ|mới chỉ] [đọc văn bản|nghe báo cáo] [rồi|là] [giải tán|kết thúc], [đảng viên|mọi "
        "người] [ít phát biểu|không mấy ai phát biểu] về [chuyện|việc] [của thôn|thực tế].",
    ],
    "hat_nhan": [
        "[Tôi nhận thức|Bản thân tôi nhận thức] rằng [chất lượng sinh hoạt chi bộ|nâng chất lượng "
        "sinh hoạt chi bộ] [là gốc|là nền tảng] [để|giúp] [chi bộ thật sự là hạt nhân lãnh "
        "đạo|mỗi đảng viên phát huy vai trò] ở [khu dân cư|cơ sở].",
        "[Chi bộ|Một chi bộ] [có|muốn] [sinh hoạt|họp] [có chất lượng|thực chất] thì [mới|mới "
        "thật sự] [lãnh đạo được|dẫn dắt được] [khu dân cư|bà con], [đảng viên|mỗi người] [mới "
        "phát huy|mới thể hiện] [được|hết] [vai trò tiên phong|vai trò của mình].",
    ],
    "van_hoa": [
        "[Các giá trị văn hóa truyền thống|Nét đẹp văn hóa truyền thống] [của {village}|ở quê "
        "tôi] như {culture} [cần được|phải được] [giữ gìn|bảo tồn] và [truyền dạy cho lớp "
        "trẻ|phát huy trong đời sống mới].",
        "[Quê tôi|{village}] [có|còn giữ được] {culture}, [nhưng|song] [lớp trẻ|thanh niên] [ít "
        "người biết|không mấy mặn mà]; [giữ gìn|bảo tồn] [nét văn hóa ấy|di sản này] [là|chính "
        "là] [trách nhiệm|việc] của [chúng tôi|thế hệ đi trước].",
    ],
    "gia_dinh": [
        "Tôi [tâm đắc|rất tâm đắc] với [chủ trương|nội dung] xây dựng gia đình [no ấm, tiến bộ, "
        "hạnh phúc|văn hóa], [vì|bởi] [gia đình là tế bào của xã hội|mỗi gia đình tốt thì thôn "
        "xóm mới bình yên].",
        "[Nhà nào|Gia đình nào] [cũng|mà] [êm ấm|hòa thuận], [con cháu|các cháu] [ngoan|chăm "
        "học] thì [thôn xóm|{village}] [mới|sẽ] [bình yên|yên vui], [nên|vì thế] tôi [rất đồng "
        "tình|đặc biệt quan tâm] [với việc|đến chủ trương] xây dựng gia đình [hạnh phúc|văn hóa].",
    ],
}
LOCAL = {
    "dan_so": [
        "{Village} [có|hiện có] {households} hộ [với|gồm] {people} nhân khẩu, [trong đó|có] "
        "{members} đảng viên [sinh hoạt|đang sinh hoạt] [tại chi bộ|ở chi bộ thôn].",
        "Chi bộ {village} [hiện có|gồm] {members} đảng viên, [lãnh đạo|phụ trách] {households} "
        "hộ dân [với|và] {people} nhân khẩu, [chủ yếu|phần lớn] {occupation}.",
        "[Thôn tôi|Khu dân cư chúng tôi] [có|gồm] [khoảng|gần] {people} người [trong|ở] "
        "{households} hộ, [chi bộ|cả chi bộ] [có|được] {members} đảng viên; [đời sống|kinh tế] "
        "[còn khó khăn|đang dần khá lên].",
    ],
    "duong": [
        "[Tuyến đường|Con đường] từ {village} [ra|đến] {place} dài {km} km [đã xuống cấp|còn "
        "nhiều ổ gà], [mùa mưa|mỗi khi mưa to] [đi lại rất khó khăn|thường bị ngập].",
        "[Đường nối {village} với {place}|Con đường từ {village} ra {place}] [chỉ dài|dài chừng] "
        "{km} km "
        "[nhưng|mà] [hư hỏng nặng|lắm ổ gà], [mưa xuống|trời mưa] [là|thì] [lầy lội|ngập], [học "
        "sinh|các cháu] [đi học|đến trường] [rất vất vả|khổ lắm].",
    ],
    "hien_dat": [
        "Năm {year}, [bà con|nhân dân] {village} [đã hiến|tự nguyện hiến] {area} m² đất [để mở "
        "rộng|làm] đường [liên thôn|ra đồng] dài {km} km.",
        "[Hồi|Vào] năm {year}, {households} hộ [ở {village}|của thôn] [cùng nhau|đồng lòng] "
        "[hiến|góp] {area} m² đất [và ngày công|và công sức] [làm|mở] {km} km đường [liên "
        "thôn|nội đồng].",
    ],
    "thu_nhap": [
        "[Năm {year}|Năm ngoái], [thu nhập bình quân|thu nhập trung bình] [ở {village}|của bà "
        "con {village}] [đạt|khoảng] {income} triệu đồng/người/năm, [tăng|cao hơn] [so với "
        "trước|nhiều so với mấy năm trước].",
        "[Mỗi người dân|Bình quân mỗi người] [ở {village}|trong thôn] [năm {year}|năm rồi] [có "
        "thu nhập|làm ra] [chừng|khoảng] {income} triệu đồng, [gấp rưỡi|cao hơn hẳn] [mấy năm "
        "trước|ngày trước].",
    ],
    "gia_dinh_toi": [
        "Gia đình tôi [có|canh tác] {area2} sào {crop} và [nuôi|chăn nuôi] {animals} [con "
        "bò|con lợn|con dê], [đủ trang trải|thu nhập ổn định].",
        "[Nhà tôi|Gia đình tôi] [làm|trồng] {crop} trên {area2} sào [ruộng|đất], [thêm|cộng "
        "với] {animals} [con bò|con lợn|con dê] [nên|vì thế] [cuộc sống|kinh tế] [tạm ổn|cũng "
        "đủ ăn].",
    ],
    "htx": [
        "[Hợp tác xã|HTX] {product} [ở {commune}|của xã] [đang liên kết|đã liên kết] với {n} hộ "
        "[trồng|sản xuất] {crop} [trên|ở] {village}.",
        "[Ở|Tại] {village} [hiện có|có] {n} hộ [tham gia|góp vốn vào] hợp tác xã {product}, "
        "[cùng|chung nhau] [trồng|làm] {crop} [theo quy trình|theo tiêu chuẩn] [VietGAP|an toàn].",
    ],
    "tran_tro": [
        "[Điều|Việc] [làm tôi trăn trở|tôi băn khoăn] là [nhiều thanh niên {village} đi làm ăn "
        "xa|lao động trẻ bỏ quê lên thành phố], [ruộng đất bỏ hoang|chỉ còn người già và trẻ nhỏ "
        "ở nhà].",
        "[Thanh niên|Lớp trẻ] [ở {village}|trong thôn] [phần lớn|hầu hết] [đã đi|đi] [làm công "
        "nhân|làm ăn] [ở xa|tận miền Nam], [ở nhà|trong làng] [chỉ còn|toàn] [người già, trẻ "
        "nhỏ|ông bà và các cháu], [ruộng|đồng] [bỏ không|bỏ hoang] [nhiều|không ít].",
    ],
    "vi_pham": [
        "[Ở|Tại] {village}, [tình trạng|hiện tượng] [nuôi chó thả rông|lấn chiếm hành lang giao "
        "thông|xả rác ra kênh mương] [vẫn còn|chưa chấm dứt], [cần|phải] [xử lý dứt điểm|có biện "
        "pháp mạnh].",
        "[Chuyện|Việc] [thả rông chó|lấn chiếm lề đường|đổ rác xuống mương] [ở {village}|trong "
        "thôn] [nhắc mãi|nói nhiều lần] [vẫn không chấm dứt|mà chưa hết], [chính quyền|xã] "
        "[cần|phải] [mạnh tay hơn|xử phạt nghiêm].",
    ],
}
ACTIONS = [
    "hướng dẫn {n} hộ [trong xóm|ở {village}] cài đặt và sử dụng ứng dụng VNeID",
    "vận động {n} hộ [tham gia|đăng ký] [bảo hiểm y tế|bảo hiểm xã hội tự nguyện]",
    "chuyển {area2} sào [lúa kém hiệu quả|ruộng trũng] sang [trồng|canh tác] {crop}",
    "mở [trang|tài khoản] bán {product} trên [mạng xã hội|sàn thương mại điện tử]",
    "[phân loại|xử lý] rác thải [tại nguồn|tại gia đình] và [vận động|nhắc nhở] [các hộ|bà con] "
    "[xung quanh|cùng xóm] làm theo",
    "[trồng|cùng đoàn viên trồng] {trees} cây xanh [dọc đường|ở khu] {village}",
    "[đóng góp|ủng hộ] {money} nghìn đồng vào quỹ [vì người nghèo|khuyến học] của [thôn|xã]",
    "[kèm cặp|giúp đỡ] {n2} [hộ nghèo|hộ cận nghèo] [phát triển|làm] [chăn nuôi|kinh tế vườn]",
    "[tham gia|dự] đầy đủ [sinh hoạt chi bộ|các buổi sinh hoạt] và [phát biểu|đóng góp ý kiến] "
    "[thẳng thắn|xây dựng]",
    "[tự học|học thêm] [tin học|kỹ năng số] để [làm việc|xử lý hồ sơ] trên [môi trường "
    "số|phần mềm]",
    "[đưa|lồng ghép] nội dung Nghị quyết vào [bài giảng|giờ sinh hoạt lớp|buổi họp tổ]",
    "[nhận|đăng ký] [giúp|kèm] {n2} thanh niên [trong thôn|ở {village}] [học nghề|tìm việc làm]",
    "[công khai|niêm yết] [các khoản thu chi|thủ tục hành chính] [tại nhà văn hóa|trên nhóm "
    "Zalo của thôn]",
    "[tuyên truyền|vận động] [con cháu|người thân] [không|tránh] [vi phạm pháp luật|tham gia tệ "
    "nạn xã hội]",
]
COMMITMENT = {
    "cam_ket_vai_tro": [
        "Là {role}, tôi [sẽ|xin hứa sẽ|cam kết] {action}.",
        "[Với|Trên] cương vị {role}, [việc đầu tiên|việc trước mắt] tôi [làm|sẽ làm] là {action}.",
        "[Từ công việc hằng ngày của một|Ở vị trí] {role}, tôi [đặt ra|tự đặt] [chỉ tiêu|mục "
        "tiêu] {action}.",
    ],
    "cam_ket_han": [
        "[Bản thân tôi|Tôi] [cam kết|tự đặt ra chỉ tiêu] {action} [trong năm {year2}|trước tháng "
        "{month}/{year2}|ngay trong quý này].",
        "[Trong năm {year2}|Từ nay đến tháng {month}/{year2}|Ngay quý này], tôi [nhận|đăng ký] "
        "{action} [và báo cáo với chi bộ|rồi báo cáo kết quả với chi bộ].",
    ],
    "cam_ket_doi": [
        "[Cụ thể|Trước mắt], tôi [sẽ|nhận] {action}, [đồng thời|và] {action2}.",
        "[Hai việc|Những việc] tôi [làm ngay|làm trước] [là|gồm]: {action}; {action2}.",
    ],
    "guong_mau": [
        "Tôi [xin hứa|hứa] [với chi bộ|trước chi bộ] [sẽ|luôn] [gương mẫu|đi đầu] [chấp hành|thực "
        "hiện] [chủ trương của Đảng, chính sách pháp luật của Nhà nước|các quy định của địa "
        "phương], [không|tuyệt đối không] [vi phạm|để gia đình vi phạm] [những điều đảng viên "
        "không được làm|quy định về trật tự xây dựng].",
        "[Tôi|Bản thân tôi] [tự nhắc mình|luôn nhắc mình] [phải|cần] [làm gương|gương mẫu] "
        "[trước bà con|trong khu dân cư], [nói đi đôi với làm|nói được làm được] và [giữ|quản] "
        "[gia đình|con cháu] [chấp hành tốt|không vi phạm] [pháp luật|quy định].",
    ],
}
PROPOSALS = [
    "[sớm|quan tâm] [nâng cấp|sửa chữa] tuyến đường [từ {village} ra {place}|liên thôn]",
    "tổ chức [lớp tập huấn|lớp hướng dẫn] [kỹ năng số|dùng điện thoại thông minh] cho [người "
    "cao tuổi|bà con]",
    "[hỗ trợ|có chính sách hỗ trợ] [vốn vay|giống cây trồng] cho [hộ nghèo|nông dân] {village}",
    "[tăng cường|đẩy mạnh] [kiểm tra|giám sát] [việc thực hiện|tiến độ] các công trình [ở cơ "
    "sở|dân sinh]",
    "[lắp thêm|đầu tư] [trạm phát sóng|hệ thống đèn chiếu sáng] [ở|cho] {village}",
    "[đơn giản hóa|rút gọn] [thủ tục|hồ sơ] [cấp giấy chứng nhận quyền sử dụng đất|vay vốn ưu đãi]",
]
PROPOSAL = {
    "de_nghi": [
        "[Tôi|Bản thân tôi] [đề nghị|kiến nghị] {org} {proposal}.",
        "[Để|Muốn] Nghị quyết [đi vào cuộc sống|sớm phát huy hiệu quả], [tôi đề nghị|đề nghị] "
        "{org} {proposal}.",
        "[Tôi mong|Mong rằng] {org} [sẽ|có thể] {proposal} [để|cho] [bà con|người dân] [phấn "
        "khởi|yên tâm] [làm ăn|sản xuất].",
    ],
}
ORGS = ["Đảng ủy xã", "Ủy ban nhân dân xã", "cấp trên", "Hội Nông dân xã", "Đoàn thanh niên xã"]
CLOSING = {
    "ket": [
        "Trên đây là bài thu hoạch của tôi sau [khi học tập|đợt học tập] Nghị quyết, [kính mong "
        "chi bộ góp ý|rất mong được góp ý].",
        "Tôi [xin hứa|xin cam kết] [sẽ thực hiện tốt|thực hiện nghiêm túc] [những nội dung đã "
        "đăng ký|những điều đã nêu trên].",
    ],
}
QUOTE_LEADS = ["Như Nghị quyết đã nêu", "Nghị quyết chỉ rõ", "Tôi nhớ nhất câu trong Nghị quyết"]

IDEAS = {**OPENING, **UNDERSTANDING, **LOCAL, **COMMITMENT, **PROPOSAL, **CLOSING}
