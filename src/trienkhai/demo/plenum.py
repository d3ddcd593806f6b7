"""The documents of the 8th plenum of the 13th Central Committee, as the demo registers them.

Numbers, dates and titles as published; the summaries and key points are short paraphrases
for the demo, not quotations.
"""

import datetime
from typing import Any

PLENUM = "Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII"
CENTRAL_COMMITTEE = "Ban Chấp hành Trung ương Đảng"


PLENUM_DAY = datetime.date(2023, 11, 24)

RESOLUTIONS: list[dict[str, Any]] = [
    {
        "number": "44-NQ/TW",
        "title": "Về Chiến lược bảo vệ Tổ quốc trong tình hình mới",
        "summary": (
            "Tổng kết 10 năm thực hiện Nghị quyết Trung ương 8 khóa XI và đề ra chiến lược bảo "
            "vệ Tổ quốc phù hợp với tình hình thế giới, khu vực và đất nước đã có nhiều thay đổi."
        ),
        "key_points": [
            (
                "Bảo vệ vững chắc độc lập, chủ quyền, thống nhất, toàn vẹn lãnh thổ; bảo vệ Đảng, "
                "Nhà nước, Nhân dân và chế độ xã hội chủ nghĩa; giữ vững môi trường hòa bình, ổn "
                "định để phát triển đất nước.",
                False,
            ),
            (
                "Bảo đảm cao nhất lợi ích quốc gia - dân tộc trên cơ sở các nguyên tắc cơ bản của "
                "Hiến chương Liên hợp quốc và luật pháp quốc tế.",
                False,
            ),
            (
                "Chủ động ngăn ngừa các nguy cơ chiến tranh, xung đột từ sớm, từ xa; phát hiện và "
                "xử lý kịp thời những yếu tố bất lợi ngay từ khi chưa xuất hiện.",
                True,
            ),
            (
                "Kết hợp chặt chẽ phát triển kinh tế - xã hội với quốc phòng, an ninh và đối "
                "ngoại; quốc phòng, an ninh được tính đến trong mọi quy hoạch, kế hoạch phát "
                "triển.",
                False,
            ),
            (
                "Xây dựng nền quốc phòng toàn dân, an ninh nhân dân và thế trận lòng dân vững "
                "chắc; lực lượng vũ trang cách mạng, chính quy, tinh nhuệ, từng bước hiện đại.",
                False,
            ),
            (
                "Coi trọng bảo vệ Tổ quốc trên không gian mạng và ứng phó với các thách thức an "
                "ninh phi truyền thống.",
                True,
            ),
            (
                "Giữ vững sự lãnh đạo tuyệt đối, trực tiếp về mọi mặt của Đảng, sự quản lý thống "
                "nhất của Nhà nước đối với sự nghiệp bảo vệ Tổ quốc.",
                False,
            ),
        ],
        "pdf": True,
        # Passages of the full text nobody typed as a key point (the copy check reads them
        # from the PDF): the demo's text, written for it, not the resolution's.
        "body": [
            "Cac cap uy, to chuc dang phai quan triet sau sac cac quan diem cua Nghi quyet, coi "
            "day la nhiem vu thuong xuyen cua ca he thong chinh tri.",
            "Tang cuong giao duc quoc phong va an ninh cho can bo, dang vien va nhan dan, nhat la "
            "the he tre, de nang cao y thuc trach nhiem bao ve To quoc.",
            "Xay dung luc luong dan quan tu ve vung manh, rong khap, san sang xu ly cac tinh "
            "huong ngay tu co so.",
            "Phat huy vai tro cua Mat tran To quoc va cac doan the trong xay dung the tran long "
            "dan o tung thon, to dan pho.",
            "Dinh ky so ket, tong ket viec thuc hien Nghi quyet, kip thoi bieu duong cac tap the "
            "va ca nhan co thanh tich.",
        ],
    },
    {
        "number": "45-NQ/TW",
        "title": (
            "Về tiếp tục xây dựng và phát huy vai trò của đội ngũ trí thức đáp ứng yêu cầu phát "
            "triển đất nước nhanh và bền vững trong giai đoạn mới"
        ),
        "summary": (
            "Đánh giá 15 năm thực hiện Nghị quyết số 27-NQ/TW khóa X về đội ngũ trí thức và đề "
            "ra mục tiêu, nhiệm vụ xây dựng đội ngũ trí thức trong giai đoạn mới."
        ),
        "key_points": [
            (
                "Trí thức là nguồn lực đặc biệt quan trọng, tạo nên sức mạnh của quốc gia; xây "
                "dựng đội ngũ trí thức là trách nhiệm của cả hệ thống chính trị và toàn xã hội.",
                False,
            ),
            (
                "Tôn trọng sự khác biệt, bảo đảm tự do sáng tạo và dân chủ trong học thuật gắn "
                "với trách nhiệm xã hội của trí thức.",
                False,
            ),
            (
                "Hoàn thiện cơ chế, chính sách thu hút, trọng dụng, tôn vinh, đãi ngộ trí thức, "
                "nhất là các nhà khoa học đầu ngành và người có tài năng.",
                False,
            ),
            (
                "Thu hút trí thức người Việt Nam ở nước ngoài và chuyên gia nước ngoài tham gia "
                "các chương trình nghiên cứu, đào tạo và đổi mới sáng tạo trong nước.",
                True,
            ),
            (
                "Phát huy vai trò tư vấn, phản biện, giám định xã hội của đội ngũ trí thức và các "
                "tổ chức của trí thức.",
                False,
            ),
            (
                "Gắn xây dựng đội ngũ trí thức với chuyển đổi số, phát triển khoa học, công nghệ "
                "và đổi mới sáng tạo.",
                True,
            ),
        ],
    },
    {
        "number": "43-NQ/TW",
        "title": (
            "Về tiếp tục phát huy truyền thống, sức mạnh đại đoàn kết toàn dân tộc, xây dựng "
            "đất nước ta ngày càng phồn vinh, hạnh phúc"
        ),
        "summary": (
            "Tổng kết 20 năm thực hiện Nghị quyết số 23-NQ/TW khóa IX về đại đoàn kết toàn dân "
            "tộc và đề ra nhiệm vụ, giải pháp trong tình hình mới."
        ),
        "key_points": [
            (
                "Đại đoàn kết toàn dân tộc là truyền thống quý báu, đường lối chiến lược quan "
                "trọng và là nguồn sức mạnh quyết định thắng lợi của sự nghiệp xây dựng và bảo "
                "vệ Tổ quốc.",
                False,
            ),
            (
                "Nền tảng của khối đại đoàn kết là liên minh giai cấp công nhân với giai cấp nông "
                "dân và đội ngũ trí thức do Đảng lãnh đạo.",
                False,
            ),
            (
                "Khát vọng xây dựng đất nước phồn vinh, hạnh phúc, trở thành nước phát triển, thu "
                "nhập cao vào năm 2045 là điểm tương đồng để gắn kết mọi người Việt Nam.",
                True,
            ),
            (
                "Gắn đại đoàn kết với phát huy dân chủ xã hội chủ nghĩa và quyền làm chủ của Nhân "
                "dân; giải quyết hài hòa các quan hệ lợi ích trong xã hội.",
                False,
            ),
            (
                "Nâng cao vai trò của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội; đổi mới "
                "nội dung, phương thức vận động Nhân dân, hướng mạnh về cơ sở.",
                True,
            ),
            (
                "Chủ động đấu tranh với các âm mưu, hoạt động chia rẽ khối đại đoàn kết toàn dân "
                "tộc.",
                False,
            ),
        ],
    },
]
