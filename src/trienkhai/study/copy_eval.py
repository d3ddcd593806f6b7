"""How well the copy signal works: a generated evaluation set, and its precision and recall.

Run ``uv run python -m trienkhai.study.copy_eval`` (``--seed``, ``--honest``, ``--timing``,
``--grid``). Everything is generated from a seed, so a run is reproducible.

The set is one commune's learning reports on one resolution:

* **honest** reports, written from sentence templates about the resolution's topics: an
  opening, what the writer understood, the situation of their village (households, roads,
  crops, incomes, names of places), personal commitments, proposals and a closing, 6–15
  sentences each. Alternatives inside every template (``[a|b|c]``) and values drawn per
  sentence make each report different, while the stock phrases every real report shares
  ("Qua học tập, quán triệt Nghị quyết…", "Trên đây là bài thu hoạch của tôi…") are kept on
  purpose: an honest report may also quote one point of the resolution.
* **paraphrases** (honest): the same ideas and facts as another report, each sentence
  written with another template of the same idea. They must *not* be flagged.
* copies (flagged if caught): **verbatim**; **light edit** (one to three words changed,
  inserted or deleted in most sentences); **heavier edit** (two to six in every sentence: the
  edge of what a sentence-level match can see); **reordered** sentences; **no diacritics** (tone
  marks dropped, ``đ`` typed ``d``); **copy + own** (the whole source plus two to four
  sentences of one's own); **edited mix** (light edits, reordered and without diacritics at
  once); **resolution** (the resolution's key points with an opening or closing of one's own).

Each report is checked, as ``services.signal_copies`` does, with ``similarity.best_match``
against every other report of the set except those made from it (in real life the copy is
submitted after its source) and against the resolution's text. A report is flagged when the
share of its words in copied sentences reaches ``similarity.FLAG_AT``. Per category the table
shows how many were flagged: for a copy kind its recall, and its precision as if every copy
were of that kind (its flagged copies against all the honest reports flagged); for an honest
kind the false-alarm rate. "right source" is how often a flagged copy was matched to the
report it was made from (or the resolution); "worst share" the lowest share of a copy kind,
the highest of an honest one. Precision and recall overall are over the whole set.

Measured (seed 2026, the settings of ``similarity``; 5 s for the 400 checks)::

    category       label    n  flagged  precision  recall  false alarms  worst share  mean
    honest         honest  160        0          –       –          0.0%         0.33  0.17
    paraphrase     honest   40        0          –       –          0.0%         0.33  0.19
    verbatim       copy     25       25      1.000   1.000             –         1.00  1.00
    light edit     copy     25       25      1.000   1.000             –         0.93  0.99
    heavier edit   copy     25       25      1.000   1.000             –         0.68  0.91
    reordered      copy     25       25      1.000   1.000             –         1.00  1.00
    no diacritics  copy     25       25      1.000   1.000             –         1.00  1.00
    copy + own     copy     25       25      1.000   1.000             –         0.64  0.80
    edited mix     copy     25       25      1.000   1.000             –         0.94  1.00
    resolution     copy     25       25      1.000   1.000             –         0.67  0.88
    overall: precision 1.000, recall 1.000, honest reports flagged 0.0%

Seeds 1–5 gave the same: no honest report flagged, no copy missed, honest reports at most 0.39
of their words matched, copies at least 0.59; every flagged copy named its true source. The
set is easier than real life in one way (copies are made only by the operations above) and
harder in another (honest reports drawn from shared templates are more alike than people's
own writing); ``similarity``'s docstring compares the alternatives.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from . import similarity

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
_ALTERNATIVE = re.compile(r"\[([^\[\]]*)\]")

# --- a writer and their report -------------------------------------------------------------


@dataclass
class Sentence:
    idea: str  # an IDEAS key, or "quote" (a point of the resolution)
    wording: int
    values: dict
    seed: int  # picks the alternatives; a paraphrase draws a new one

    def render(self) -> str:
        if self.idea == "quote":
            return self.values["quote"]
        rng = random.Random(self.seed)
        values = dict(self.values)
        for slot in ("action", "action2", "proposal"):
            if slot in values:
                values[slot] = _fill(values[slot], values, rng)
        text = _fill(IDEAS[self.idea][self.wording], values, rng)
        return text[0].upper() + text[1:]


def _fill(template: str, values: dict, rng: random.Random) -> str:
    text = _ALTERNATIVE.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    return text.format_map(values)


def _writer(rng: random.Random) -> dict:
    village = rng.choice(VILLAGES)
    return {
        "name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
        "role": rng.choice(ROLES),
        "village": village,
        "Village": village[0].upper() + village[1:],
        "commune": rng.choice(COMMUNES),
        "occupation": rng.choice(OCCUPATIONS),
        "crop": rng.choice(CROPS),
        "product": rng.choice(PRODUCTS),
        "culture": rng.choice(CULTURE),
    }


def _values(rng: random.Random, writer: dict) -> dict:
    km = rng.randint(12, 65)
    return {
        **writer,
        "n": rng.randint(5, 40),
        "n2": rng.randint(2, 9),
        "households": rng.randint(80, 450),
        "people": rng.randint(300, 1800),
        "members": rng.randint(12, 60),
        "km": f"{km // 10},{km % 10}",
        "year": rng.randint(2019, 2025),
        "year2": rng.choice([2026, 2027]),
        "month": rng.randint(1, 12),
        "day": rng.randint(1, 28),
        "area": rng.randint(150, 2000),
        "area2": rng.randint(2, 15),
        "income": rng.randint(38, 75),
        "trees": rng.randint(20, 300),
        "money": rng.choice([200, 300, 500, 1000, 2000]),
        "animals": rng.randint(3, 20),
        "place": rng.choice(PLACES),
        "org": rng.choice(ORGS),
        "action": rng.choice(ACTIONS),
        "action2": rng.choice(ACTIONS),
        "proposal": rng.choice(PROPOSALS),
    }


def _pick(rng: random.Random, ideas: dict, k: int) -> list[str]:
    return rng.sample(sorted(ideas), min(k, len(ideas)))


def honest_plan(rng: random.Random) -> list[Sentence]:
    """The sentences of one honest report (6–15), in the order such a report is written."""
    writer = _writer(rng)
    while True:
        chosen = (
            _pick(rng, OPENING, rng.choice([1, 1, 2]))
            + _pick(rng, UNDERSTANDING, rng.randint(2, 5))
            + _pick(rng, LOCAL, rng.randint(1, 4))
            + _pick(rng, COMMITMENT, rng.randint(1, 3))
            + _pick(rng, PROPOSAL, rng.randint(0, 1))
            + _pick(rng, CLOSING, rng.randint(0, 1))
        )
        if 6 <= len(chosen) <= 15:
            break
    plan = [
        Sentence(idea, rng.randrange(len(IDEAS[idea])), _values(rng, writer), rng.getrandbits(32))
        for idea in chosen
    ]
    if rng.random() < 0.35 and len(plan) < 15:  # one point of the resolution, quoted
        point = similarity.sentences(rng.choice(RESOLUTION_POINTS))[0]
        quote = f"{rng.choice(QUOTE_LEADS)}, {point[0].lower()}{point[1:]}"
        plan.insert(rng.randint(1, len(plan) - 1), Sentence("quote", 0, {"quote": quote}, 0))
    return plan


def paraphrase_plan(rng: random.Random, plan: list[Sentence]) -> list[Sentence]:
    """The same ideas and facts, each sentence in another wording of the same idea."""
    out = []
    for s in plan:
        if s.idea == "quote":  # a quote is rephrased by quoting another point
            point = similarity.sentences(rng.choice(RESOLUTION_POINTS))[-1]
            quote = f"{rng.choice(QUOTE_LEADS)}, {point[0].lower()}{point[1:]}"
            out.append(Sentence("quote", 0, {"quote": quote}, 0))
            continue
        wordings = len(IDEAS[s.idea])
        other = (s.wording + rng.randrange(1, wordings)) % wordings if wordings > 1 else s.wording
        out.append(Sentence(s.idea, other, s.values, rng.getrandbits(32)))
    return out


def text_of(plan: list[Sentence]) -> str:
    return " ".join(s.render() for s in plan)


# --- copies --------------------------------------------------------------------------------

SYNONYMS = {
    "tôi": "bản thân tôi", "sẽ": "sẽ cố gắng", "rất": "hết sức", "bà con": "người dân",
    "cần": "phải", "phải": "cần", "nhiều": "không ít", "đã": "đã từng", "là": "chính là",
    "và": "cùng với", "của": "thuộc", "nhưng": "song", "vì": "bởi vì", "nên": "vì vậy",
    "thôn": "xóm", "còn": "vẫn còn", "hộ": "gia đình", "hiện": "hiện nay",
}  # fmt: skip
FILLERS = ["cũng", "đã", "luôn", "thật sự", "rất", "vẫn", "đều", "thì", "ngay", "nữa"]


def light_edit(rng: random.Random, sentence: str) -> str:
    """One to three words changed, inserted or deleted."""
    words = sentence.split()
    for _ in range(rng.randint(1, 3)):
        op = rng.random()
        i = rng.randrange(1, len(words)) if len(words) > 2 else 0
        if op < 0.4:
            synonyms = [j for j, w in enumerate(words) if w.lower() in SYNONYMS]
            if synonyms:
                j = rng.choice(synonyms)
                words[j] = SYNONYMS[words[j].lower()]
            else:
                words.insert(i, rng.choice(FILLERS))
        elif op < 0.75:
            words.insert(i, rng.choice(FILLERS))
        elif len(words) > 5:
            del words[i]
    text = " ".join(words)
    return text if text.endswith((".", "!", "?")) else text + "."


def strip_marks(text: str) -> str:
    """Vietnamese typed without tone marks: ``Nghị quyết`` → ``Nghi quyet``."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def _shuffled(rng: random.Random, items: list) -> list:
    out = list(items)
    while len(out) > 1 and out == items:
        rng.shuffle(out)
    return out


def _edited(rng: random.Random, sentences: list[str]) -> list[str]:
    return [light_edit(rng, s) if rng.random() < 0.85 else s for s in sentences]


COPY_KINDS = {
    "verbatim": lambda rng, ss: ss,
    "light edit": _edited,
    "heavier edit": lambda rng, ss: [light_edit(rng, light_edit(rng, s)) for s in ss],
    "reordered": _shuffled,
    "no diacritics": lambda rng, ss: [strip_marks(s) for s in ss],
    "copy + own": None,  # needs fresh sentences: see build_set
    "edited mix": lambda rng, ss: [strip_marks(s) for s in _shuffled(rng, _edited(rng, ss))],
}


def resolution_copy(rng: random.Random) -> str:
    """The resolution's points, with an opening or closing sentence of one's own."""
    points = rng.sample(RESOLUTION_POINTS, rng.randint(3, 6))
    own = [s.render() for s in honest_plan(rng)]
    parts = [*points]
    if rng.random() < 0.7:
        parts.insert(0, own[0])
    if rng.random() < 0.5:
        parts.append(own[-1])
    return " ".join(parts)


# --- the set ---------------------------------------------------------------------------------


@dataclass
class Sample:
    key: str
    category: str
    is_copy: bool
    text: str
    root: str  # the honest report (or "resolution") it was made from; itself for an original
    derived: set = field(default_factory=set)  # keys of the samples made from this one


def build_set(seed: int = 2026, honest: int = 160, copies: int = 25) -> list[Sample]:
    """``honest`` original reports, ``copies`` of each copy kind and of the resolution, and
    ``copies`` paraphrases (at least a quarter of the originals)."""
    rng = random.Random(seed)
    originals = []
    plans = {}
    for i in range(honest):
        plan = honest_plan(rng)
        key = f"h{i}"
        plans[key] = plan
        originals.append(Sample(key, "honest", False, text_of(plan), key))
    samples = list(originals)

    def derive(category, is_copy, text, source):
        sample = Sample(f"{category}-{len(samples)}", category, is_copy, text, source.root)
        source.derived.add(sample.key)
        samples.append(sample)

    for source in rng.sample(originals, max(copies, honest // 4)):
        derive("paraphrase", False, text_of(paraphrase_plan(rng, plans[source.key])), source)
    for kind, make in COPY_KINDS.items():
        for source in rng.sample(originals, copies):
            sentences = [s.render() for s in plans[source.key]]
            if make is None:
                own = [s.render() for s in honest_plan(rng)]
                for extra in rng.sample(own, rng.randint(2, 4)):
                    sentences.insert(rng.randint(0, len(sentences)), extra)
            else:
                sentences = make(rng, sentences)
            derive(kind, True, " ".join(sentences), source)
    for i in range(copies):
        samples.append(
            Sample(f"resolution-{i}", "resolution", True, resolution_copy(rng), "resolution")
        )
    return samples


# --- evaluation ------------------------------------------------------------------------------


@dataclass
class Outcome:
    sample: Sample
    share: float
    source_root: str | None

    @property
    def flagged(self) -> bool:
        return self.share >= similarity.FLAG_AT

    @property
    def right_source(self) -> bool:
        return self.source_root == self.sample.root


def _hits(samples: list[Sample], scorer, cutoff, min_words) -> dict:
    """Each sample against the others of the set (not those made from it) and the
    resolution, as ``services.signal_copies`` checks a report."""
    texts = {s.key: s.text for s in samples}
    found = {}
    for sample in samples:
        sources = {k: t for k, t in texts.items() if k != sample.key and k not in sample.derived}
        sources["resolution"] = RESOLUTION_TEXT
        found[sample.key] = similarity.sentence_hits(
            sample.text, sources, scorer=scorer, cutoff=cutoff, min_words=min_words
        )
    return found


def _outcomes(samples: list[Sample], found: dict, cutoff: float) -> list[Outcome]:
    by_key = {s.key: s for s in samples}
    outcomes = []
    for sample in samples:
        hits = found[sample.key]
        match = hits.best(cutoff) if hits else None
        if match is None or not match.share:
            outcomes.append(Outcome(sample, 0.0, None))
            continue
        key = match.source_key
        root = "resolution" if key == "resolution" else by_key[key].root
        outcomes.append(Outcome(sample, match.share, root))
    return outcomes


def evaluate(
    samples: list[Sample], *, scorer=None, sentence_match=None, min_words=None
) -> list[Outcome]:
    """The outcome of every sample with the module's settings (or the ones given)."""
    cutoff = similarity.SENTENCE_MATCH if sentence_match is None else sentence_match
    return _outcomes(samples, _hits(samples, scorer, cutoff, min_words), cutoff)


@dataclass
class Row:
    """One category's figures. For a copy kind, precision is what the flag would have if
    every copy were of this kind (its flagged copies against all the honest reports flagged);
    for an honest kind, ``flagged / n`` is its false-alarm rate."""

    category: str
    is_copy: bool
    n: int
    flagged: int
    precision: float | None
    right_source: int  # flagged with the match naming the report it was made from
    worst: float  # the lowest share of a copy kind, the highest of an honest one
    mean: float

    @property
    def rate(self) -> float:
        return self.flagged / self.n


@dataclass
class Figures:
    precision: float
    recall: float
    false_alarms: float  # honest reports flagged / honest reports
    rows: list[Row]


CATEGORIES = ["honest", "paraphrase", *COPY_KINDS, "resolution"]


def figures(outcomes: list[Outcome], flag_at: float | None = None) -> Figures:
    flag_at = similarity.FLAG_AT if flag_at is None else flag_at
    tp = sum(1 for o in outcomes if o.sample.is_copy and o.share >= flag_at)
    fp = sum(1 for o in outcomes if not o.sample.is_copy and o.share >= flag_at)
    positives = sum(1 for o in outcomes if o.sample.is_copy)
    negatives = len(outcomes) - positives
    groups = defaultdict(list)
    for o in outcomes:
        groups[o.sample.category].append(o)
    rows = []
    for category in sorted(groups, key=CATEGORIES.index):
        group = groups[category]
        is_copy = group[0].sample.is_copy
        flagged = sum(1 for o in group if o.share >= flag_at)
        shares = [o.share for o in group]
        rows.append(
            Row(
                category=category,
                is_copy=is_copy,
                n=len(group),
                flagged=flagged,
                precision=(flagged / (flagged + fp) if flagged + fp else 1.0) if is_copy else None,
                right_source=sum(1 for o in group if o.share >= flag_at and o.right_source),
                worst=min(shares) if is_copy else max(shares),
                mean=statistics.fmean(shares),
            )
        )
    return Figures(
        precision=tp / (tp + fp) if tp + fp else 1.0,
        recall=tp / positives if positives else 1.0,
        false_alarms=fp / negatives if negatives else 0.0,
        rows=rows,
    )


def table(fig: Figures) -> str:
    lines = [
        "category       label    n  flagged  precision  recall  false alarms  right source"
        "  worst share  mean share"
    ]
    for row in fig.rows:
        label = "copy" if row.is_copy else "honest"
        precision = f"{row.precision:.3f}" if row.is_copy else "–"
        recall = f"{row.rate:.3f}" if row.is_copy else "–"
        alarms = "–" if row.is_copy else f"{row.rate:.1%}"
        right = f"{row.right_source / row.flagged:.0%}" if row.flagged and row.is_copy else "–"
        lines.append(
            f"{row.category:<14} {label:<6} {row.n:>4} {row.flagged:>8} {precision:>10} "
            f"{recall:>7} {alarms:>13} {right:>13} {row.worst:>12.2f} {row.mean:>11.2f}"
        )
    lines.append(
        f"overall: precision {fig.precision:.3f}, recall {fig.recall:.3f}, "
        f"honest reports flagged {fig.false_alarms:.1%}"
    )
    return "\n".join(lines)


def timing(others: int = 2000, seed: int = 7, repeat: int = 7) -> dict[str, float]:
    """Seconds to check one report against ``others`` reports of a commune (and the
    resolution), wall clock and CPU: the first time (nothing cached) and the median of the
    next checks (the others' sentences cached, as in a running web process)."""
    rng = random.Random(seed)
    sources = {i: text_of(honest_plan(rng)) for i in range(others)}
    sources["resolution"] = RESOLUTION_TEXT

    def check() -> tuple[float, float]:
        report = text_of(honest_plan(rng))
        wall, cpu = time.perf_counter(), time.process_time()
        similarity.best_match(report, sources)
        return time.perf_counter() - wall, time.process_time() - cpu

    similarity.clear_cache()
    cold_wall, cold_cpu = check()
    runs = [check() for _ in range(repeat)]
    return {
        "cold_wall": cold_wall,
        "cold_cpu": cold_cpu,
        "warm_wall": statistics.median(r[0] for r in runs),
        "warm_cpu": statistics.median(r[1] for r in runs),
    }


GRID = {
    "scorer": ["token_set_ratio", "token_sort_ratio", "ratio"],
    "sentence_match": [75, 80, 85, 90, 95],
    "min_words": [3, 4, 5, 6],
}
FLAG_GRID = [0.3, 0.4, 0.5, 0.6, 0.7]


def grid(samples: list[Sample]) -> list[tuple]:
    """Every combination of scorer and thresholds: (F1, precision, recall, honest flagged,
    margin, settings), best first. The margin (the lowest share of a copy less the highest of
    an honest report) breaks ties: the wider, the more room for reports unlike the generated
    ones. Sentence scores are computed once per scorer and length, at the lowest cutoff."""
    rows = []
    for scorer in GRID["scorer"]:
        for min_words in GRID["min_words"]:
            found = _hits(samples, scorer, min(GRID["sentence_match"]), min_words)
            for cut in GRID["sentence_match"]:
                outcomes = _outcomes(samples, found, cut)
                margin = min(o.share for o in outcomes if o.sample.is_copy) - max(
                    o.share for o in outcomes if not o.sample.is_copy
                )
                for flag_at in FLAG_GRID:
                    fig = figures(outcomes, flag_at)
                    p, r = fig.precision, fig.recall
                    f1 = 2 * p * r / (p + r) if p + r else 0.0
                    rows.append(
                        (f1, p, r, fig.false_alarms, margin, scorer, cut, min_words, flag_at)
                    )
    return sorted(rows, key=lambda row: (-row[0], -row[4], row[5:]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--honest", type=int, default=160, help="honest reports in the set")
    parser.add_argument("--copies", type=int, default=25, help="samples per copy kind")
    parser.add_argument("--timing", action="store_true", help="time one check against 2,000")
    parser.add_argument(
        "--grid", type=int, default=0, help="try other scorers and thresholds; print the N best"
    )
    parser.add_argument("--show", type=int, default=0, help="print N misclassified samples")
    parser.add_argument("--scorer", choices=sorted(similarity.SCORERS), help="override")
    parser.add_argument("--sentence-match", type=float, help="override SENTENCE_MATCH")
    parser.add_argument("--min-words", type=int, help="override MIN_WORDS")
    parser.add_argument("--flag-at", type=float, help="override FLAG_AT")
    args = parser.parse_args(argv)
    overrides = {
        "SCORER_NAME": args.scorer,
        "SENTENCE_MATCH": args.sentence_match,
        "MIN_WORDS": args.min_words,
        "FLAG_AT": args.flag_at,
    }
    for name, value in overrides.items():
        if value is not None:
            setattr(similarity, name, value)
    samples = build_set(args.seed, args.honest, args.copies)
    settings = (
        f"scorer {similarity.SCORER_NAME}, SENTENCE_MATCH {similarity.SENTENCE_MATCH}, "
        f"MIN_WORDS {similarity.MIN_WORDS}, FLAG_AT {similarity.FLAG_AT}"
    )
    print(f"{len(samples)} reports, seed {args.seed}; {settings}")
    start = time.perf_counter()
    outcomes = evaluate(samples)
    elapsed = time.perf_counter() - start
    print(table(figures(outcomes)))
    print(f"({elapsed:.1f} s for {len(samples)} checks)")
    if args.show:
        wrong = [o for o in outcomes if o.flagged != o.sample.is_copy]
        for o in wrong[: args.show]:
            print(f"\n--- {o.sample.category} {o.sample.key} share {o.share:.2f}\n{o.sample.text}")
    if args.timing:
        t = {k: round(v * 1000) for k, v in timing().items()}
        print(
            f"one report against 2,000 others: {t['cold_wall']} ms ({t['cold_cpu']} ms CPU) the "
            f"first time, {t['warm_wall']} ms ({t['warm_cpu']} ms CPU) once their sentences "
            "are cached"
        )
    if args.grid:
        print(
            "\nF1     precision recall  honest flagged  margin  scorer           cut words flag_at"
        )
        for f1, p, r, fa, margin, scorer, cut, words, flag_at in grid(samples)[: args.grid]:
            print(
                f"{f1:.3f}  {p:.3f}     {r:.3f}   {fa:>13.1%}  {margin:>6.2f}  {scorer:<16} "
                f"{cut:>3} {words:>5} {flag_at:>7}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
