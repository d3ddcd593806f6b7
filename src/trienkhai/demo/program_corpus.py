"""What action programs are written from, and how: the demo's programs (``program_bulk``) and
the program copy evaluation (``trienkhai.tooling.evals.program_copy``).

The vocabulary: the tasks of a provincial action program on the 8th plenum of the 13th
Central Committee (the Strategy for defending the Fatherland in the new situation,
intellectuals, the Front and the mass organisations) with digital transformation and
administrative reform; the concrete tasks an honest commune writes for the same key points,
and what it adds to them (when, who leads, with what money, which target). ``[a|b]`` picks an
alternative, ``{slot}`` takes a value (``values``).

The writers: ``province_program``, ``honest_program`` (own tasks, perhaps opening with the
province's words for the key point, and up to two stock tasks every program has), and the
operations copies are made with (``localise``: the province's words turned into the
commune's; ``change_numbers``; ``edit``: ``report_writer.light_edit`` on the sentences;
``shuffled``; ``merged_or_split``; ``swap_places``: a sibling's villages renamed).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from trienkhai.study import similarity

from .report_writer import light_edit

PROVINCES = ["Hòa Lâm", "Thanh Sơn", "Bắc Hà", "Nam Giang", "Đông Triều", "Tây Hồng"]

COMMUNE_NAMES = [
    "An Phú", "Bình Minh", "Yên Định", "Quảng Phú", "Thiệu Trung", "Nga Sơn", "Cẩm Thủy",
    "Tân Lạc", "Hoằng Hóa", "Đông Sơn", "Thọ Xuân", "Vĩnh Lộc", "Hà Trung", "Hậu Lộc",
    "Triệu Sơn", "Nông Cống", "Như Thanh", "Thạch Thành", "Ngọc Lặc", "Lang Chánh", "Bá Thước",
    "Quan Hóa", "Mường Lát", "Thường Xuân", "Như Xuân", "Tĩnh Gia", "Quảng Xương", "Sầm Sơn",
    "Nghi Sơn", "Tân Phong", "Hải Bình", "Xuân Lâm", "Trường Lâm", "Mai Lâm", "Định Hải",
    "Phú Lâm", "Các Sơn", "Anh Sơn", "Ninh Hải", "Hải Hòa", "Tùng Lâm", "Trúc Lâm", "Thanh Thủy",
    "Hải Châu", "Hải Ninh", "Tân Dân", "Hải Lĩnh", "Ngọc Lĩnh", "Hải Thượng", "Nguyên Bình",
    "Phú Sơn", "Thanh Kỳ", "Yên Mỹ", "Công Chính", "Tượng Lĩnh", "Minh Khôi", "Trung Chính",
    "Tế Lợi", "Vạn Thiện", "Thăng Long", "Hoàng Giang", "Trường Giang", "Xuân Du", "Cán Khê",
]  # fmt: skip
VILLAGE_NAMES = [
    "Đông Hạ", "Yên Xá", "Phú Mỹ", "Trung Hậu", "Kim Sơn", "Tân Lập", "Văn Giang", "Hòa Bình",
    "Đồng Tâm", "Long Hòa", "Thạch Bàn", "Quỳnh Lâm", "Cổ Định", "Ngọc Trạo", "Bãi Trành",
    "Làng Sung", "Phố Châu", "Cự Phú", "Mỹ Lộc", "Đại Đồng", "Hưng Long", "Bồng Trung",
    "Xuân Thành", "Nghĩa Trang", "Tam Quy", "Kiều Đại", "Đa Lộc", "Hội Triều", "Ba Si", "Cốc Hạ",
    "Thọ Vực", "Na Mèo", "Pù Nhi", "Son Ba Mú", "Lũng Cao", "Cao Khánh", "Hồng Kỳ", "Lam Sơn",
]  # fmt: skip
PRODUCTS = [
    "nước mắm Ba Làng", "gạo nếp cái hoa vàng", "mật ong rừng", "bánh gai Tứ Trụ", "chiếu cói",
    "nem chua", "miến dong", "cam đường", "bưởi Luận Văn", "mắm tép", "chè xanh", "dưa lưới",
    "rau hữu cơ", "mây tre đan", "thịt bò khô", "tương Làng Ngọc", "rượu men lá", "nấm sò",
]  # fmt: skip
COOPS = ["Thành Công", "Đồng Tiến", "Hợp Nhất", "Tiến Phát", "Quyết Thắng", "Hưng Thịnh"]
PLATFORMS = ["Postmart", "Voso", "Shopee", "Tiki", "“Chợ nông sản số”"]
MARKETS = ["chợ Rạng", "chợ Phủ", "chợ Đông", "chợ Mới", "chợ phiên", "chợ Ghép"]
SCHOOLS = ["Trường THCS", "Trường Tiểu học", "Trường Mầm non"]
UNIVERSITIES = ["Hồng Đức", "Nông nghiệp Việt Nam", "Vinh", "Thái Nguyên"]

# --- the provincial program ------------------------------------------------------------------
# (key point, task). A province program takes 12–15 of them in this order.

PROVINCE_TASKS = [
    ("study", "Tổ chức học tập, quán triệt, tuyên truyền sâu rộng Nghị quyết Hội nghị lần thứ "
     "tám Ban Chấp hành Trung ương Đảng khóa XIII và Chương trình hành động này đến toàn thể "
     "cán bộ, đảng viên và các tầng lớp nhân dân trong tỉnh. Các cấp ủy, tổ chức đảng xây dựng "
     "kế hoạch cụ thể, hoàn thành việc học tập trong [quý I|quý II] năm {year}."),
    ("study", "Đổi mới nội dung, hình thức tuyên truyền, phát huy vai trò của báo chí, hệ thống "
     "thông tin cơ sở và mạng xã hội; chủ động đấu tranh phản bác các quan điểm sai trái, thù "
     "địch, bảo vệ nền tảng tư tưởng của Đảng."),
    ("defense", "Quán triệt sâu sắc quan điểm, mục tiêu của Chiến lược bảo vệ Tổ quốc trong tình "
     "hình mới; xây dựng nền quốc phòng toàn dân, thế trận quốc phòng toàn dân gắn với thế trận "
     "an ninh nhân dân vững chắc trên địa bàn tỉnh {province}."),
    ("defense", "Xây dựng lực lượng dân quân tự vệ vững mạnh, rộng khắp; thực hiện tốt công tác "
     "tuyển quân, bảo đảm [100%|đủ] chỉ tiêu giao quân hằng năm. Làm tốt công tác giáo dục quốc "
     "phòng và an ninh cho các đối tượng."),
    ("defense", "Nắm chắc tình hình, giữ vững an ninh chính trị, trật tự, an toàn xã hội; không "
     "để bị động, bất ngờ, không để hình thành điểm nóng. Đẩy mạnh phong trào toàn dân bảo vệ an "
     "ninh Tổ quốc, xây dựng [các|nhiều] mô hình tự quản về an ninh, trật tự ở cơ sở."),
    ("intellect", "Xây dựng đội ngũ trí thức của tỉnh đủ về số lượng, hợp lý về cơ cấu, có chất "
     "lượng cao. Ban hành cơ chế, chính sách thu hút, trọng dụng nhân tài, chuyên gia, nhà khoa "
     "học về công tác tại tỉnh."),
    ("intellect", "Tạo môi trường thuận lợi để trí thức phát huy năng lực sáng tạo; đẩy mạnh ứng "
     "dụng tiến bộ khoa học, công nghệ vào sản xuất và đời sống, phấn đấu đến năm {year2} có ít "
     "nhất {n} đề tài, sáng kiến được ứng dụng hiệu quả."),
    ("front", "Đổi mới nội dung, phương thức hoạt động của Mặt trận Tổ quốc và các đoàn thể chính "
     "trị - xã hội theo hướng hướng về cơ sở, địa bàn dân cư; nâng cao chất lượng giám sát, phản "
     "biện xã hội và tham gia góp ý xây dựng Đảng, xây dựng chính quyền."),
    ("front", "Tăng cường tập hợp, đoàn kết các tầng lớp nhân dân; phấn đấu đến năm {year2} tỷ lệ "
     "tập hợp đoàn viên, hội viên đạt trên {pct}%. Phát huy vai trò của người có uy tín trong "
     "cộng đồng dân cư."),
    ("digital", "Đẩy mạnh chuyển đổi số toàn diện trong hoạt động của các cơ quan đảng, chính "
     "quyền, Mặt trận Tổ quốc và các đoàn thể; phấn đấu đến năm {year2} 100% hồ sơ công việc cấp "
     "tỉnh được xử lý trên môi trường mạng."),
    ("digital", "Phát triển kinh tế số, xã hội số; phổ cập kỹ năng số cho người dân thông qua các "
     "tổ công nghệ số cộng đồng. Khuyến khích doanh nghiệp, hợp tác xã đưa sản phẩm lên sàn "
     "thương mại điện tử, đẩy mạnh thanh toán không dùng tiền mặt."),
    ("digital", "Hoàn thiện hạ tầng số, bảo đảm an toàn, an ninh mạng; phủ sóng di động băng rộng "
     "đến [100%|tất cả] các thôn, bản, khu phố. Khai thác hiệu quả cơ sở dữ liệu quốc gia về dân "
     "cư và ứng dụng VNeID."),
    ("admin", "Đẩy mạnh cải cách hành chính, trọng tâm là cải cách thủ tục hành chính; tăng cường "
     "cung cấp dịch vụ công trực tuyến toàn trình, phấn đấu tỷ lệ hồ sơ trực tuyến đạt trên "
     "{pct2}%."),
    ("admin", "Nâng cao chất lượng hoạt động của bộ phận một cửa các cấp; công khai, minh bạch thủ "
     "tục hành chính, tiếp nhận và xử lý kịp thời phản ánh, kiến nghị của người dân, doanh "
     "nghiệp. Nâng cao chỉ số hài lòng của người dân đối với sự phục vụ của cơ quan hành chính."),
    ("admin", "Tiếp tục sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả; xây dựng "
     "đội ngũ cán bộ, công chức chuyên nghiệp, có đủ phẩm chất, năng lực, đáp ứng yêu cầu vận "
     "hành chính quyền địa phương hai cấp."),
    ("party", "Các cấp ủy, tổ chức đảng, cơ quan, đơn vị căn cứ Chương trình hành động này xây "
     "dựng kế hoạch thực hiện sát với tình hình thực tế của địa phương, đơn vị; xác định rõ nội "
     "dung, lộ trình, thời gian hoàn thành và trách nhiệm của tập thể, cá nhân."),
    ("party", "Tăng cường công tác kiểm tra, giám sát việc thực hiện Nghị quyết; định kỳ sơ kết, "
     "tổng kết, kịp thời biểu dương, khen thưởng các tập thể, cá nhân có thành tích tiêu biểu. "
     "Ban Tuyên giáo và Dân vận Tỉnh ủy chủ trì theo dõi, đôn đốc, báo cáo Ban Thường vụ Tỉnh ủy."),
    ("party", "Nâng cao trách nhiệm nêu gương của người đứng đầu cấp ủy, chính quyền trong việc "
     "thực hiện Nghị quyết; gắn kết quả thực hiện với đánh giá, xếp loại tổ chức đảng và đảng "
     "viên hằng năm."),
]  # fmt: skip

# How a commune rewrites the province's words (a light edit): (province words, commune words).
# ``{lvl}`` is "xã" or "phường", ``{commune}`` the commune's name.
LOCALISE = [
    ("Ban Thường vụ Tỉnh ủy", ["Ban Thường vụ Đảng ủy {lvl}", "Ban Thường vụ Đảng ủy"]),
    ("Ban Tuyên giáo và Dân vận Tỉnh ủy", ["Ban Xây dựng Đảng", "Văn phòng Đảng ủy"]),
    ("Tỉnh ủy", ["Đảng ủy {lvl}", "Đảng ủy"]),
    ("Các cấp ủy, tổ chức đảng, cơ quan, đơn vị", ["Các chi bộ, ban, ngành, đoàn thể"]),
    ("Các cấp ủy, tổ chức đảng", ["Các chi bộ trực thuộc", "Các chi bộ"]),
    ("các cấp", ["của {lvl}", ""]),
    ("tỉnh {province}", ["{lvl} {commune}"]),
    ("trong tỉnh", ["trong {lvl}", "trên địa bàn {lvl}"]),
    ("cấp tỉnh", ["cấp {lvl}", "của {lvl}"]),
    ("của tỉnh", ["của {lvl}", "của {lvl} {commune}"]),
    ("tại tỉnh", ["tại {lvl}", "tại địa phương"]),
    ("các thôn, bản, khu phố", ["các thôn", "100% thôn"]),
    ("Ban hành cơ chế, chính sách", ["Có chính sách", "Tham mưu chính sách"]),
]

# --- what an honest commune writes -----------------------------------------------------------
# Stock tasks every program has, in words close to the province's: honest programs may share
# them (up to two each).
STOCK = [
    "Tổ chức học tập, quán triệt Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng "
    "khóa XIII và Chương trình hành động của [Tỉnh ủy|Ban Chấp hành Đảng bộ tỉnh] đến [toàn "
    "thể|100%] cán bộ, đảng viên [trong|của] Đảng bộ {lvl}.",
    "Tăng cường [công tác|] kiểm tra, giám sát việc thực hiện Nghị quyết; [định kỳ|hằng năm] sơ "
    "kết, tổng kết, [biểu dương|khen thưởng] [tập thể, cá nhân|các chi bộ, đảng viên] [có thành "
    "tích|tiêu biểu].",
    "Các chi bộ [trực thuộc|] căn cứ Chương trình này xây dựng kế hoạch thực hiện sát với tình "
    "hình thực tế của [thôn|địa phương]; [xác định rõ|phân công rõ] [nội dung|việc], thời gian "
    "hoàn thành và trách nhiệm [của từng người|cá nhân].",
]

# The concrete tasks, by key point.
LOCAL = {
    "study": [
        "[Tổ chức|Mở] {n} [hội nghị|lớp] [học tập, quán triệt|quán triệt, triển khai] Nghị quyết "
        "cho [toàn thể|100%] đảng viên của {n2} chi bộ trực thuộc [tại hội trường {lvl}|tại nhà "
        "văn hóa {v1}]; [hoàn thành trước|xong trước] ngày {date}.",
        "Biên soạn [tài liệu hỏi - đáp|tờ gấp|bản tin] [ngắn gọn|dễ hiểu] về Nghị quyết, in {n3} "
        "bản phát đến [từng hộ gia đình|các hộ] ở {v1}, {v2} [và {v3}|]; phát trên loa truyền "
        "thanh [mỗi tuần {n} buổi|vào sáng thứ Hai và thứ Sáu hằng tuần].",
        "[Lồng ghép|Đưa] nội dung Nghị quyết vào [sinh hoạt chi bộ định kỳ|buổi sinh hoạt chuyên "
        "đề] của {n2} chi bộ thôn; [mỗi đảng viên viết bài thu hoạch|đảng viên đăng ký việc làm cụ "
        "thể] và [nộp về Văn phòng Đảng ủy trước ngày {date}|báo cáo chi bộ trong {q}].",
        "Lập nhóm Zalo [“Dân vận {v1}”|tuyên truyền của {v1}] với [{hh} hộ|khoảng {hh} hộ] tham "
        "gia, mỗi tháng đăng [ít nhất|tối thiểu] {n} tin, bài về [Nghị quyết|kết quả thực hiện "
        "Nghị quyết] và gương người tốt, việc tốt ở địa phương.",
        "Tổ chức hội thi [“Tìm hiểu Nghị quyết Trung ương 8”|tìm hiểu Nghị quyết] cho [đoàn viên "
        "thanh niên|hội viên phụ nữ|học sinh {school} {commune}] vào tháng {month}/{y}, với {n} "
        "đội thi đến từ các thôn.",
    ],
    "defense": [
        "Kiện toàn [trung đội|tiểu đội] dân quân cơ động của {lvl} với {n3} chiến sĩ; [huấn "
        "luyện|tập huấn] đủ {n} ngày/năm theo kế hoạch của Ban Chỉ huy Quân sự {lvl}, [hoàn "
        "thành|xong] trước ngày {date}.",
        "Giao đủ {n} thanh niên nhập ngũ năm {y}, [không có trường hợp|không để] bỏ ngũ; [Hội "
        "đồng nghĩa vụ quân sự|Ban Chỉ huy Quân sự] [khám sơ tuyển|rà soát] cho {n3} thanh niên "
        "trong độ tuổi ở {v1}, {v2} trong tháng {month}.",
        "Duy trì {n} tổ an ninh xung kích [ở|tại] {v1}, {v2}, {v3}; [tuần tra|tổ chức tuần tra] "
        "vào [ban đêm|các đêm thứ Bảy, Chủ nhật] và [dịp lễ, Tết|những ngày cao điểm], [giảm|phấn "
        "đấu giảm] {pct2}% số vụ trộm cắp so với năm {y0}.",
        "Xây dựng mô hình [“Camera an ninh”|“Thôn an toàn về an ninh trật tự”] tại {v1} với {n} "
        "camera [lắp ở|đặt tại] các trục đường chính và [{market}|cổng {school}], kinh phí "
        "[xã hội hóa|do nhân dân đóng góp] {money} triệu đồng.",
        "Mở {n} lớp bồi dưỡng kiến thức quốc phòng và an ninh cho [trưởng thôn|bí thư chi "
        "bộ|cán bộ đoàn thể] [các thôn|của {lvl}] ({n3} người) trong {q}; mời giảng viên của "
        "[Trường Quân sự tỉnh|Bộ Chỉ huy Quân sự tỉnh].",
    ],
    "intellect": [
        "Lập danh sách {n} người có trình độ đại học trở lên [quê ở|đang sinh sống tại] {commune} "
        "để [mời tham gia|thành lập] tổ tư vấn [phát triển sản xuất|chuyển đổi số] của {lvl}; họp "
        "[mỗi quý một lần|định kỳ 6 tháng].",
        "Phối hợp với Trường Đại học {uni} [chuyển giao|ứng dụng] quy trình [trồng|sản xuất] "
        "{product} [theo hướng hữu cơ|đạt chuẩn VietGAP] cho {hh} hộ ở {v1} trên diện tích {area} "
        "ha, [xong|hoàn thành] trong năm {y}.",
        "[Trao|Dành] {n} suất học bổng [“Tiếp sức đến trường”|khuyến học] (mỗi suất {money2} "
        "triệu đồng) cho học sinh nghèo học giỏi của {v1}, {v2} [nhân dịp khai giảng|vào dịp "
        "Tết] năm học {y}-{y1}; [Hội Khuyến học|Đoàn Thanh niên] chủ trì.",
        "Khuyến khích giáo viên, bác sĩ, kỹ sư trên địa bàn đăng ký [sáng kiến|giải pháp hữu "
        "ích]; phấn đấu [mỗi năm|năm {y}] có {n} sáng kiến được Hội đồng sáng kiến công nhận [và "
        "áp dụng|để nhân rộng].",
        "Mời [kỹ sư nông nghiệp|chuyên gia] [của Trung tâm Khuyến nông|về] tập huấn kỹ thuật "
        "[chăn nuôi|nuôi ong|trồng rau trong nhà lưới] cho [hội viên Hội Nông dân|bà con] {v1} "
        "[trong|vào] tháng {month}/{y}, [ít nhất|tối thiểu] {n3} lượt người tham dự.",
    ],
    "front": [
        "Ủy ban Mặt trận Tổ quốc tổ chức {n} [hội nghị đối thoại|buổi đối thoại] giữa [Bí thư "
        "Đảng ủy|Chủ tịch UBND {lvl}] với nhân dân [về|xoay quanh] [việc làm đường giao "
        "thông|dồn điền đổi thửa|bồi thường giải phóng mặt bằng] [ở|tại] {v1}, {v2} trong {q}.",
        "[Vận động|Phấn đấu vận động] {hh} hộ ở {v1} [hiến|góp] {area2} m² đất [mở rộng|làm] "
        "đường liên thôn dài {km} km, [hoàn thành|khởi công] trước ngày {date}; [Ban Công tác "
        "Mặt trận|chi hội Người cao tuổi] thôn [vận động|tuyên truyền] từng hộ.",
        "Hội Liên hiệp Phụ nữ [kết nạp|phát triển] thêm {n3} hội viên [mới|trẻ] [ở|tại] {v1}, "
        "{v2}, đưa tỷ lệ tập hợp lên {pct}% [trong năm {y}|đến cuối năm {y}]; [duy trì|nhân "
        "rộng] mô hình [“Tổ phụ nữ tiết kiệm”|“Nhà sạch, vườn đẹp”].",
        "Đoàn Thanh niên [ra mắt|thành lập] câu lạc bộ [“Thanh niên khởi nghiệp”|“Thanh niên với "
        "chuyển đổi số”] với {n3} thành viên ở {v1}; [hỗ trợ|giúp] {n} [dự án|ý tưởng] khởi "
        "nghiệp [làm|kinh doanh] {product} vay vốn [Ngân hàng Chính sách xã hội|Quỹ hỗ trợ nông "
        "dân] [trong năm {y}|đến năm {y}].",
        "Ban Thanh tra nhân dân giám sát [việc thi công|công trình] [nhà văn hóa|đường bê "
        "tông|kênh mương] {v1} [kinh phí|tổng vốn] {money} triệu đồng; [công khai|niêm yết] kết "
        "quả tại [nhà văn hóa thôn|trụ sở UBND {lvl}] trước ngày {date}.",
        "[Tặng|Trao] {n} [nhà Đại đoàn kết|căn nhà tình nghĩa] cho hộ nghèo ở {v1}, {v2} từ Quỹ "
        "Vì người nghèo, [mỗi căn|mỗi nhà] {money2}0 triệu đồng, [bàn giao|hoàn thành] trước "
        "ngày {date}.",
    ],
    "digital": [
        "[Thành lập|Kiện toàn] {n} tổ công nghệ số cộng đồng [ở|tại] {n2} thôn, [mỗi tổ|mỗi tổ "
        "có] {n} thành viên; [hướng dẫn|giúp] {hh} hộ ở {v1}, {v2} cài đặt [VNeID|ứng dụng VNeID "
        "mức độ 2] và [thanh toán không dùng tiền mặt|nộp phí qua điện thoại] trước ngày {date}.",
        "[Đưa|Đăng] {product} của Hợp tác xã {coop} lên [sàn|sàn thương mại điện tử] "
        "{platform}; [phấn đấu|đặt mục tiêu] doanh thu [trực tuyến|bán hàng qua mạng] đạt {money} "
        "triệu đồng [trong năm {y}|năm {y}].",
        "[Lắp đặt|Lắp] {n} điểm wifi miễn phí [tại|ở] nhà văn hóa {v1}, {v2} và {market}; [thu "
        "tiền điện, nước|thu phí vệ sinh môi trường] [qua|bằng] mã QR ở {pct}% [hộ|số hộ] [đến "
        "cuối năm {y}|trong năm {y}].",
        "Số hóa {n3} [sổ hộ tịch|hồ sơ địa chính|hồ sơ hộ tịch] [lưu trữ|lưu] từ năm {y0} [đến "
        "nay|đến năm {y}] tại [bộ phận một cửa|Trung tâm Phục vụ hành chính công], [hoàn "
        "thành|xong] trước {q}.",
        "[Mở|Tổ chức] {n} lớp [“Bình dân học vụ số”|dạy kỹ năng số] cho [người cao tuổi|hội viên "
        "Hội Nông dân|phụ nữ] ở {v1}, {v2} [tại nhà văn hóa thôn|vào buổi tối], mỗi lớp {n3} học "
        "viên; [giao|do] Đoàn Thanh niên [phụ trách|chủ trì].",
        "[Trang bị|Cấp] {n} máy tính [và|cùng] {n2} [máy quét|thiết bị ký số] cho [Văn phòng "
        "Đảng ủy|các chi bộ thôn] để [gửi, nhận văn bản điện tử|sinh hoạt chi bộ trên “Sổ tay "
        "đảng viên điện tử”] [từ|bắt đầu từ] tháng {month}/{y}.",
    ],
    "admin": [
        "[Niêm yết|Công khai] {n3} thủ tục hành chính [tại|ở] [bộ phận một cửa|Trung tâm Phục vụ "
        "hành chính công] và [trên trang thông tin điện tử|trên Zalo] của {lvl}; [giải quyết|trả "
        "kết quả] [đúng hạn|trước hạn] [trên|ít nhất] {pct}% hồ sơ [trong năm {y}|năm {y}].",
        "[Bố trí|Cử] {n} [công chức|đoàn viên thanh niên] [trực hướng dẫn|hướng dẫn] người dân "
        "nộp hồ sơ trực tuyến [tại|ở] [bộ phận một cửa|trụ sở UBND {lvl}] [vào các buổi sáng|từ "
        "thứ Hai đến thứ Sáu]; [tỷ lệ|phấn đấu tỷ lệ] hồ sơ trực tuyến đạt {pct}% [vào cuối|trước "
        "cuối] năm {y}.",
        "[Tổ chức|Mở] [lấy ý kiến|khảo sát] [sự hài lòng của|đánh giá của] người dân [qua|bằng] "
        "[mã QR|phiếu khảo sát] đặt [tại|ở] [quầy tiếp nhận|bàn một cửa]; [mỗi quý|{n2} tháng một "
        "lần] [công khai|báo cáo] kết quả [tại|ở] [hội nghị giao ban|cuộc họp] của UBND {lvl}.",
        "[Rút ngắn|Giảm] thời gian [giải quyết hồ sơ đất đai|đăng ký hộ tịch|chứng thực] từ {n} "
        "ngày [còn|xuống] {n2} ngày [đối với|cho] hồ sơ [đủ điều kiện|hợp lệ]; [Phòng Kinh "
        "tế|công chức địa chính] [chịu trách nhiệm|chủ trì], [báo cáo|đánh giá] [hằng tháng|mỗi "
        "tháng].",
        "[Rà soát|Sắp xếp] [lại|] [vị trí việc làm|nhiệm vụ] của {n3} cán bộ, công chức [sau sáp "
        "nhập|sau sắp xếp]; [cử|đưa] {n} [công chức|người] [đi học|đi bồi dưỡng] [trung cấp lý "
        "luận chính trị|chuyên môn] [trong năm {y}|năm {y}].",
    ],
    "party": [
        "[Ban Thường vụ Đảng ủy|Ủy ban Kiểm tra Đảng ủy] [kiểm tra|giám sát|kiểm tra, giám sát] "
        "[việc thực hiện Nghị quyết|việc triển khai chương trình] [ở|tại] {n} chi bộ ({v1}, {v2}) "
        "[trong {q}|vào {q}]; [tổ chức sơ kết|sơ kết|rút kinh nghiệm] [01 năm|giữa nhiệm kỳ|sau "
        "một năm] vào tháng {month}/{y}.",
        "[Phân công|Giao] [từng|mỗi] đồng chí [Đảng ủy viên|ủy viên Ban Thường vụ] [phụ "
        "trách|theo dõi|bám] {n} chi bộ [thôn|ở {v1}]; [hằng tháng|mỗi tháng|mỗi quý] [dự sinh "
        "hoạt|dự họp chi bộ|xuống {v2}] và [báo cáo|nắm|đôn đốc] [tiến độ|những việc còn chậm] "
        "[tại|ở] [hội nghị Ban Chấp hành|giao ban Thường trực] Đảng ủy.",
        "[Đưa|Gắn] kết quả [thực hiện các nhiệm vụ trên|làm được của từng chi bộ] vào [tiêu chí "
        "đánh giá, xếp loại|việc xếp loại] [{n} chi bộ|chi bộ] và đảng viên cuối năm {y}; [chi bộ "
        "nào|chi bộ] [không hoàn thành|để chậm quá {n2} việc] [không được|không] xếp loại "
        "[“Hoàn thành tốt nhiệm vụ”|hoàn thành tốt|xuất sắc].",
        "Chi bộ {v1} [đăng ký|nhận] xây dựng [mô hình|điển hình] [“Chi bộ bốn tốt”|“Dân vận "
        "khéo”|“Thôn không có tội phạm”] [năm {y}|trong năm {y}]; [Đảng ủy|Thường trực Đảng ủy] "
        "[tổ chức học tập|cho các chi bộ đến học] [kinh nghiệm|cách làm] [vào|trong] {q}.",
        "[Lập|Mở] [sổ theo dõi|bảng theo dõi điện tử] [tiến độ|việc thực hiện] {n3} [việc|đầu "
        "việc] của chương trình; [Văn phòng Đảng ủy|đồng chí Chánh Văn phòng] [cập nhật|ghi] "
        "[hằng tuần|mỗi tuần] và [gửi|báo cáo] [Thường trực Đảng ủy|Bí thư] [ngày thứ Sáu|cuối "
        "tuần].",
    ],
}

# What an honest commune adds to an action, one to three of these, in any order: when, who
# leads, with what money, what target, where first.
LEADS = [
    "Đoàn Thanh niên", "Hội Liên hiệp Phụ nữ", "Hội Nông dân", "Hội Cựu chiến binh", "Công an",
    "Ban Chỉ huy Quân sự", "Văn phòng HĐND và UBND", "Phòng Văn hóa - Xã hội", "Phòng Kinh tế",
    "Ủy ban Mặt trận Tổ quốc", "Ban Xây dựng Đảng", "Trạm Y tế",
]  # fmt: skip
MODIFIERS = {
    "time": [
        "hoàn thành trong {q}",
        "[xong|hoàn thành] trước ngày {date}",
        "thực hiện từ tháng {month}/{y} đến hết năm {y1}",
        "[thời gian|thời hạn]: [trước|chậm nhất] ngày {date}",
        "[triển khai ngay|bắt đầu] từ {q}, [sơ kết|đánh giá] vào cuối năm {y}",
        "[làm xong|xong] trước Tết Nguyên đán năm {y1}",
    ],
    "lead": [
        "giao {lead} {lvl} chủ trì, phối hợp với {lead2}",
        "{lead} {lvl} [chịu trách nhiệm chính|là đơn vị chủ trì]",
        "đồng chí [Phó Bí thư Đảng ủy|Chủ tịch UBND {lvl}|Phó Chủ tịch UBND {lvl}|Chủ tịch Ủy ban "
        "MTTQ {lvl}] trực tiếp chỉ đạo",
        "[mỗi chi bộ|chi bộ {v1}] cử {n2} đảng viên [theo dõi|phụ trách]",
        "[bí thư chi bộ và trưởng thôn|trưởng thôn] {v1} [chịu trách nhiệm|báo cáo kết quả] "
        "[hằng tháng|mỗi quý]",
    ],
    "money": [
        "kinh phí [khoảng|dự kiến] {money} triệu đồng từ [ngân sách {lvl}|nguồn xã hội "
        "hóa|Chương trình mục tiêu quốc gia xây dựng nông thôn mới]",
        "[huy động|vận động] [doanh nghiệp|con em xa quê|các nhà hảo tâm] [ủng hộ|đóng góp] "
        "{money} triệu đồng",
        "[không|chưa] cần kinh phí [mới|bổ sung], [dùng|sử dụng] [cơ sở vật chất|trang thiết bị] "
        "sẵn có [của|ở] {v1}",
    ],
    "target": [
        "phấn đấu [đến cuối năm {y}|trong năm {y}] [có|đạt] {pct}% [hộ gia đình|người dân|đảng "
        "viên] [tham gia|được hướng dẫn|hưởng ứng]",
        "[bảo đảm|phấn đấu] [mỗi thôn|mỗi chi bộ|mỗi khu dân cư] có [ít nhất|tối thiểu] {n2} "
        "[người|mô hình|đầu mối] [làm nòng cốt|tiêu biểu]",
        "[ưu tiên|tập trung trước] [cho|ở] {v2} [và {v3}|], nơi [còn nhiều hộ khó khăn|đông đồng "
        "bào dân tộc thiểu số|xa trung tâm nhất]",
        "[kết quả|tiến độ] [công khai|niêm yết] tại nhà văn hóa {v2} và trên loa truyền thanh "
        "{lvl}",
    ],
}


# --- how a commune writes its program ------------------------------------------------------

_ALTERNATIVE = re.compile(r"\[([^\[\]]*)\]")
_ROMAN = ["I", "II", "III", "IV"]


def fill(template: str, values: dict, rng: random.Random) -> str:
    text = _ALTERNATIVE.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    text = text.format_map(values)
    return " ".join(text.split()).replace(" ,", ",").replace(" .", ".").replace(" ;", ";")


# --- communes and their programs -------------------------------------------------------------


@dataclass
class Commune:
    name: str  # "An Phú"
    lvl: str  # "xã" or "phường"
    villages: list[str]  # "thôn Đông Hạ", …

    @property
    def unit_name(self) -> str:
        return f"Đảng ủy {self.lvl} {self.name}"


def communes(rng: random.Random, n: int) -> list[Commune]:
    pool = COMMUNE_NAMES + [
        f"{a} {b}" for a in COMMUNE_NAMES for b in ("Bắc", "Nam", "Đông", "Tây", "Thượng")
    ]
    names = rng.sample(pool, n)
    out = []
    for name in names:
        lvl = "phường" if rng.random() < 0.2 else "xã"
        kinds = ["khu phố", "tổ dân phố"] if lvl == "phường" else ["thôn", "thôn", "xóm", "bản"]
        kind = rng.choice(kinds)
        villages = [f"{kind} {v}" for v in rng.sample(VILLAGE_NAMES, rng.randint(4, 8))]
        out.append(Commune(name, lvl, villages))
    return out


def values(rng: random.Random, commune: Commune) -> dict:
    v1, v2, v3 = rng.sample(commune.villages, 3)
    y = rng.randint(2026, 2030)
    lead, lead2 = rng.sample(LEADS, 2)
    return {
        "v1": v1,
        "v2": v2,
        "v3": v3,
        "commune": f"{commune.lvl} {commune.name}",
        "lvl": commune.lvl,
        "n": rng.randint(2, 12),
        "n2": rng.randint(2, 9),
        "n3": rng.randint(15, 300),
        "hh": rng.randint(40, 600),
        "pct": rng.randint(60, 99),
        "pct2": rng.randint(10, 50),
        "money": rng.choice([50, 80, 120, 150, 200, 300, 450, 600, 1000, 1500]),
        "money2": rng.randint(1, 9),
        "area": rng.randint(5, 80),
        "area2": rng.randint(200, 3000),
        "km": f"{rng.randint(1, 6)},{rng.randint(1, 9)}",
        "y": y,
        "y0": rng.randint(2010, 2022),
        "y1": y + 1,
        "month": rng.randint(1, 12),
        "date": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{y}",
        "q": f"quý {rng.choice(_ROMAN)}/{y}",
        "product": rng.choice(PRODUCTS),
        "coop": rng.choice(COOPS),
        "platform": rng.choice(PLATFORMS),
        "market": rng.choice(MARKETS),
        "school": rng.choice(SCHOOLS),
        "uni": rng.choice(UNIVERSITIES),
        "lead": lead,
        "Lead": lead,
        "lead2": lead2,
    }


def local_task(rng: random.Random, action: str, commune: Commune) -> str:
    """An action of the commune's with one to three modifiers (when, who, money, target)."""
    slots = values(rng, commune)
    text = fill(action, slots, rng).rstrip(".")
    for kind in rng.sample(sorted(MODIFIERS), rng.randint(1, 3)):
        part = fill(rng.choice(MODIFIERS[kind]), slots, rng)
        if rng.random() < 0.4:
            text = f"{text}. {part[0].upper()}{part[1:]}"
        else:
            text = f"{text}{rng.choice(['; ', ', '])}{part}"
    return text + "."


def province_program(rng: random.Random, province: str) -> list[tuple[str, str]]:
    """12–15 of the province tasks, in order: (key point, text)."""
    chosen = sorted(rng.sample(range(len(PROVINCE_TASKS)), rng.randint(12, 15)))
    slots = {
        "province": province,
        "year": rng.choice([2024, 2025]),
        "year2": rng.choice([2027, 2030]),
        "n": rng.choice([20, 30, 50]),
        "pct": rng.choice([85, 90, 95]),
        "pct2": rng.choice([70, 80, 90]),
    }
    return [(PROVINCE_TASKS[i][0], fill(PROVINCE_TASKS[i][1], slots, rng)) for i in chosen]


def opener(text: str) -> str:
    """The head of a province task a commune cites before its own task: the first clause (up
    to ; or .), cut after the comma that ends its first eight words or more."""
    clause = re.split(r"[;.]", text, maxsplit=1)[0].strip()
    head = []
    for piece in clause.split(","):
        head.append(piece.strip())
        if len(" ".join(head).split()) >= 8:
            break
    return ", ".join(head)


def honest_program(
    rng: random.Random,
    commune: Commune,
    province: list[tuple[str, str]],
    province_name: str,
    cites: float,
) -> list[str]:
    """A commune's own program for the province's key points: 6–12 concrete tasks (villages,
    numbers, dates, products, who leads), up to two stock tasks in words close to the
    province's, and with probability ``cites`` a task opens with the province's own clause
    for its key point ("Đẩy mạnh chuyển đổi số …. Thành lập 5 tổ …")."""
    points = sorted({kp for kp, _ in province}, key=list(LOCAL).index)
    tasks = []
    used = set()
    for _ in range(rng.randint(6, 12)):
        kp = rng.choice(points)
        template = rng.choice(LOCAL[kp])
        if template in used:
            continue
        used.add(template)
        text = local_task(rng, template, commune)
        clauses = [t for p, t in province if p == kp and t not in used]
        if clauses and rng.random() < cites:  # each of the province's clauses cited once
            clause = rng.choice(clauses)
            used.add(clause)
            text = f"{localise(rng, opener(clause), province_name, commune)}. {text}"
        tasks.append((list(LOCAL).index(kp), text))
    tasks.sort(key=lambda item: item[0])
    out = [text for _kp, text in tasks]
    for stock in rng.sample(STOCK, rng.choice([0, 1, 1, 2])):
        text = fill(stock, values(rng, commune), rng)
        out.insert(0, text) if "học tập" in text else out.append(text)
    return out


# --- how copies are made -----------------------------------------------------------------------


def localise(rng: random.Random, text: str, province: str, commune: Commune) -> str:
    """The province's words turned into the commune's (``Tỉnh ủy`` → ``Đảng ủy xã``,
    ``tỉnh Hòa Lâm`` → ``xã An Phú``, …)."""
    slots = {"lvl": commune.lvl, "commune": commune.name, "province": province}
    for words, replacements in LOCALISE:
        pattern = re.compile(re.escape(words.format(**slots)))

        def choose(_match: re.Match[str], r: list[str] = replacements) -> str:
            return rng.choice(r).format(**slots)

        text = pattern.sub(choose, text)
    text = re.sub(r"\btỉnh\b", commune.lvl, text)
    return " ".join(text.replace(province, commune.name).split())


def change_numbers(rng: random.Random, text: str) -> str:
    def new(m: re.Match) -> str:
        n = int(m.group())
        if 2000 <= n <= 2040:
            return str(n + rng.choice([0, 1, 1, 2]))
        if n <= 12:
            return str(rng.randint(1, 12))
        if n <= 100:
            return str(rng.randint(max(1, n - 15), min(100, n + 10)))
        return str(int(n * rng.uniform(0.5, 1.5)))

    return re.sub(r"\d+", new, text)


def edit(rng: random.Random, task: str, rate: float = 0.85) -> str:
    parts = similarity.sentences(task)
    return " ".join(light_edit(rng, s) if rng.random() < rate else s for s in parts)


def shuffled(rng: random.Random, items: list) -> list:
    out = list(items)
    while len(out) > 1 and out == items:
        rng.shuffle(out)
    return out


def merged_or_split(rng: random.Random, tasks: list[str]) -> list[str]:
    out = []
    if rng.random() < 0.5:  # adjacent tasks merged
        i = 0
        while i < len(tasks):
            if i + 1 < len(tasks) and rng.random() < 0.6:
                out.append(f"{tasks[i]} {tasks[i + 1]}")
                i += 2
            else:
                out.append(tasks[i])
                i += 1
    else:  # tasks of several sentences split
        for task in tasks:
            parts = similarity.sentences(task)
            out.extend(parts if len(parts) > 1 and rng.random() < 0.8 else [task])
    return out


def swap_places(rng: random.Random, text: str, source: Commune, commune: Commune) -> str:
    """A sibling's text made one's own: the sibling's villages renamed to one's own."""
    shuffled = rng.sample(commune.villages, len(commune.villages))
    mapping = dict(zip(source.villages, shuffled, strict=False))
    for theirs in source.villages:
        ours = mapping.get(theirs) or rng.choice(commune.villages)
        text = text.replace(theirs.split(" ", 1)[-1], ours.split(" ", 1)[-1])
    return text
