/// One column of the job sheet: its Chinese header (as in the template), the `Job` field it fills,
/// and the other headers clerks and employers use for it.
public struct JobColumn: Sendable, Equatable {
    /// Which part of a `Job` the column fills.
    public enum Field: String, Sendable, CaseIterable {
        case id, title, employer, creditCode, category, payMin, payMax, payUnit, payNote, shift
        case city, district, address, headcount, dorm, coupleRooms, housingNote, meals, socialInsurance
        case ageMin, ageMax, requirements, benefits, tags
    }

    public let field: Field
    /// The header in the template (without the `*` that marks a required column).
    public let header: String
    /// Other headers accepted for the same field; the English field name always is.
    public let aliases: [String]
    public let isRequired: Bool
    /// What the template's example row shows.
    public let example: String
    /// Column width in the template, in characters.
    public let width: Double

    /// The template's columns, in order.
    public static let all: [JobColumn] = [
        JobColumn(.title, "岗位名称", ["岗位", "职位", "职位名称"], required: true, example: "普工（电子厂）", width: 18),
        JobColumn(.employer, "企业名称", ["企业", "单位名称", "公司名称", "employerId"], required: true, example: "华强电子有限公司", width: 22),
        JobColumn(.creditCode, "统一社会信用代码", ["信用代码"], example: "914419005MA4W3K845", width: 22),
        JobColumn(.category, "工种类别", ["类别", "工种"], example: "普工", width: 12),
        JobColumn(.payMin, "工资下限", ["最低工资", "工资最低"], required: true, example: "5000", width: 10),
        JobColumn(.payMax, "工资上限", ["最高工资", "工资最高"], example: "7000", width: 10),
        JobColumn(.payUnit, "计薪方式", ["计薪单位", "工资单位", "pay.unit"], required: true, example: "月", width: 10),
        JobColumn(.payNote, "工资说明", ["薪资说明"], example: "含加班费，每月10号发", width: 22),
        JobColumn(.shift, "班次", ["工作时间"], example: "两班倒", width: 12),
        JobColumn(.city, "城市", ["工作城市"], required: true, example: "东莞", width: 10),
        JobColumn(.district, "区县", ["区", "县"], example: "长安镇", width: 10),
        JobColumn(.address, "详细地址", ["地址", "工作地址"], example: "长安镇振安路 88 号", width: 26),
        JobColumn(.headcount, "招聘人数", ["人数", "招聘数量"], example: "50", width: 10),
        JobColumn(.dorm, "包住宿", ["住宿", "宿舍"], example: "是", width: 8),
        JobColumn(.coupleRooms, "夫妻房", [], example: "否", width: 8),
        JobColumn(.housingNote, "住宿说明", [], example: "8人间，有空调热水", width: 20),
        JobColumn(.meals, "餐食", ["伙食", "包吃"], example: "包工作餐", width: 14),
        JobColumn(.socialInsurance, "社保", ["五险一金", "保险"], example: "入职买五险", width: 14),
        JobColumn(.ageMin, "最低年龄", ["年龄下限"], example: "18", width: 10),
        JobColumn(.ageMax, "最高年龄", ["年龄上限"], example: "45", width: 10),
        JobColumn(.requirements, "岗位要求", ["要求", "任职要求"], example: "能站立工作；视力好", width: 26),
        JobColumn(.benefits, "福利", ["福利待遇"], example: "全勤奖200元；包车接送", width: 26),
        JobColumn(.tags, "标签", [], example: "包吃住、长白班", width: 16),
        JobColumn(.id, "岗位编号", ["编号"], example: "", width: 12),
    ]

    /// Pay units as the sheet writes them (the template's drop-down), with the words also understood.
    public static let payUnits: [(word: String, unit: String, aliases: [String])] = [
        ("月", "month", ["按月", "月薪", "元/月", "每月"]),
        ("天", "day", ["日", "按天", "日薪", "元/天", "每天"]),
        ("小时", "hour", ["时", "按小时", "时薪", "元/小时"]),
        ("计件", "piece", ["按件", "件"]),
    ]

    /// The template's drop-down of categories (other text is still accepted).
    public static let categories = ["普工", "技工", "仓储物流", "餐饮服务", "酒店保洁", "家政护理", "建筑装修", "司机", "销售客服", "其他"]

    init(_ field: Field, _ header: String, _ aliases: [String], required: Bool = false, example: String, width: Double) {
        self.field = field
        self.header = header
        self.aliases = aliases
        self.isRequired = required
        self.example = example
        self.width = width
    }

    /// The column a header names: trims, drops spaces, a trailing `*` and "（必填）", then matches
    /// the header, an alias or the English field name.
    static func matching(_ header: String) -> JobColumn? {
        var name = header.filter { !$0.isWhitespace }
        for suffix in ["*", "＊", "（必填）", "(必填)", "（选填）", "(选填)"] where name.hasSuffix(suffix) {
            name = String(name.dropLast(suffix.count))
        }
        return all.first { $0.header == name || $0.aliases.contains(name) || $0.field.rawValue.lowercased() == name.lowercased() }
    }
}
