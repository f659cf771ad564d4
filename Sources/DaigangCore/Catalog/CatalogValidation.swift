/// The rules a job or policy must meet, wherever it comes from (config file or host console).
///
/// Each check throws a `ValidationError` naming the field relative to `prefix`
/// (e.g. `job.pay.unit` on the wire, `sessions[0].jobs[2].pay.unit` in the config).
public enum CatalogValidation {
    static let maxListItems = 20

    /// Checks a job and fills in the employer's display name.
    public static func validate(_ job: Job, prefix: String, employers: [String: Employer]) throws(ValidationError) -> Job {
        var job = job
        try checkIdentifier(job.id, field: "\(prefix).id")
        job.title = try checkText(job.title, field: "\(prefix).title", maxLength: 100)
        guard let employer = employers[job.employerId] else {
            throw ValidationError(field: "\(prefix).employerId", reason: "is not an employer in the config")
        }
        job.employerName = employer.name
        job.category = try checkOptionalText(job.category, field: "\(prefix).category", maxLength: 40)
        guard job.pay.min >= 0 else { throw ValidationError(field: "\(prefix).pay.min", reason: "must not be negative") }
        guard job.pay.min <= job.pay.max else { throw ValidationError(field: "\(prefix).pay.min", reason: "must not exceed pay.max") }
        guard job.pay.max <= 10_000_000 else { throw ValidationError(field: "\(prefix).pay.max", reason: "is implausibly large") }
        job.pay.note = try checkOptionalText(job.pay.note, field: "\(prefix).pay.note", maxLength: 100)
        job.shift = try checkOptionalText(job.shift, field: "\(prefix).shift", maxLength: 40)
        job.location.city = try checkText(job.location.city, field: "\(prefix).location.city", maxLength: 40)
        job.location.district = try checkOptionalText(job.location.district, field: "\(prefix).location.district", maxLength: 40)
        job.location.address = try checkOptionalText(job.location.address, field: "\(prefix).location.address", maxLength: 200)
        if let headcount = job.headcount, !(1...100_000).contains(headcount) {
            throw ValidationError(field: "\(prefix).headcount", reason: "must be between 1 and 100000")
        }
        if var housing = job.housing {
            housing.note = try checkOptionalText(housing.note, field: "\(prefix).housing.note", maxLength: 200, shape: .multiLine)
            job.housing = housing
        }
        job.meals = try checkOptionalText(job.meals, field: "\(prefix).meals", maxLength: 200, shape: .multiLine)
        job.socialInsurance = try checkOptionalText(job.socialInsurance, field: "\(prefix).socialInsurance", maxLength: 200, shape: .multiLine)
        if let ages = job.ageRange, !(16 <= ages.min && ages.min <= ages.max && ages.max <= 70) {
            throw ValidationError(field: "\(prefix).ageRange", reason: "must satisfy 16 ≤ min ≤ max ≤ 70")
        }
        job.requirements = try checkOptionalList(job.requirements, field: "\(prefix).requirements", maxItems: maxListItems, maxLength: 200, shape: .multiLine)
        job.benefits = try checkOptionalList(job.benefits, field: "\(prefix).benefits", maxItems: maxListItems, maxLength: 200, shape: .multiLine)
        job.tags = try checkOptionalList(job.tags, field: "\(prefix).tags", maxItems: 10, maxLength: 20)
        return job
    }

    /// Checks a policy explainer.
    public static func validate(_ policy: Policy, prefix: String) throws(ValidationError) -> Policy {
        var policy = policy
        try checkIdentifier(policy.id, field: "\(prefix).id")
        policy.title = try checkText(policy.title, field: "\(prefix).title", maxLength: 100)
        policy.summary = try checkText(policy.summary, field: "\(prefix).summary", maxLength: 1000, shape: .multiLine)
        policy.keyPoints = try checkList(policy.keyPoints, field: "\(prefix).keyPoints", maxItems: maxListItems, maxLength: 500, shape: .multiLine)
        policy.eligibility = try checkOptionalText(policy.eligibility, field: "\(prefix).eligibility", maxLength: 1000, shape: .multiLine)
        policy.howToClaim = try checkOptionalText(policy.howToClaim, field: "\(prefix).howToClaim", maxLength: 1000, shape: .multiLine)
        policy.issuer = try checkOptionalText(policy.issuer, field: "\(prefix).issuer", maxLength: 100)
        if let link = policy.link {
            let isPlain = !link.unicodeScalars.contains { $0.properties.isWhitespace || isForbidden($0) }
            guard link.unicodeScalars.count <= 500, link.hasPrefix("https://") || link.hasPrefix("http://"), isPlain else {
                throw ValidationError(field: "\(prefix).link", reason: "must be an http(s) URL of at most 500 characters")
            }
        }
        return policy
    }

    /// Ids appear in URLs and HTML attributes, so they stay plain ASCII.
    public static func checkIdentifier(_ id: String, field: String) throws(ValidationError) {
        let allowed = id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
        guard !id.isEmpty, id.utf8.count <= 64, allowed else {
            throw ValidationError(field: field, reason: "must be 1–64 characters of A-Z a-z 0-9 _ -")
        }
    }

    /// Trims surrounding white space, then checks the length in Unicode scalars and the characters.
    ///
    /// Scalars, not `Character`s: one grapheme cluster can carry any number of combining marks,
    /// so a "1-character" name could otherwise be 40 KB.
    public static func checkText(_ text: String, field: String, maxLength: Int, shape: TextShape = .singleLine) throws(ValidationError) -> String {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw ValidationError(field: field, reason: "must not be empty") }
        try checkContent(trimmed, field: field, maxLength: maxLength, shape: shape)
        return trimmed
    }

    static func checkOptionalText(_ text: String?, field: String, maxLength: Int, shape: TextShape = .singleLine) throws(ValidationError) -> String? {
        guard let text else { return nil }
        let trimmed = text.trimmingWhitespace()
        try checkContent(trimmed, field: field, maxLength: maxLength, shape: shape)
        return trimmed.isEmpty ? nil : trimmed
    }

    static func checkList(_ items: [String], field: String, maxItems: Int, maxLength: Int, shape: TextShape = .singleLine) throws(ValidationError) -> [String] {
        guard items.count <= maxItems else { throw ValidationError(field: field, reason: "must have at most \(maxItems) items") }
        var checked: [String] = []
        for (index, item) in items.enumerated() {
            checked.append(try checkText(item, field: "\(field)[\(index)]", maxLength: maxLength, shape: shape))
        }
        return checked
    }

    static func checkOptionalList(_ items: [String]?, field: String, maxItems: Int, maxLength: Int, shape: TextShape = .singleLine) throws(ValidationError) -> [String]? {
        guard let items else { return nil }
        return try checkList(items, field: field, maxItems: maxItems, maxLength: maxLength, shape: shape)
    }

    /// Checks the length in Unicode scalars, then that every scalar is allowed in a field of this shape.
    static func checkContent(_ text: String, field: String, maxLength: Int, shape: TextShape) throws(ValidationError) {
        let scalars = text.unicodeScalars
        guard scalars.count <= maxLength else {
            throw ValidationError(field: field, reason: "must be at most \(maxLength) characters")
        }
        var index = scalars.startIndex
        while index != scalars.endIndex {
            let scalar = scalars[index]
            index = scalars.index(after: index)
            guard isForbidden(scalar) else { continue }
            switch (shape, scalar) {
            case (.multiLine, "\n"), (.multiLine, "\t"), (.multiLine, "\u{200D}"):
                continue
            case (.multiLine, "\r") where index != scalars.endIndex && scalars[index] == "\n":
                continue
            case (.singleLine, "\n"), (.singleLine, "\r"), (.singleLine, "\t"), (.singleLine, "\u{2028}"), (.singleLine, "\u{2029}"):
                throw ValidationError(field: field, reason: "must be a single line (no line breaks or tabs)")
            default:
                throw ValidationError(field: field, reason: "must not contain control or invisible formatting characters (found \(scalar.codePoint))")
            }
        }
    }

    /// Whether a scalar is refused in every text field unless its shape lets it in.
    ///
    /// Controls (C0 including NUL, tab and line feeds; DEL; C1), format characters (bidi marks,
    /// embeddings, overrides and isolates; zero-width space, non-joiner and joiner; word joiner;
    /// byte order mark; soft hyphen; tag characters), the line and paragraph separators and
    /// noncharacters: invisible or reordering text that can spoof a name, break a CSV or a log line.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator:
            return true
        default:
            return scalar.properties.isNoncharacterCodePoint
        }
    }
}

extension CatalogValidation {
    /// Which invisible characters a text field may hold besides printable text and spaces.
    public enum TextShape: Sendable {
        /// Names, titles and labels: one line, no control or invisible formatting character at all.
        case singleLine
        /// Notes, descriptions, announcements: line feeds (LF or CR LF), tabs and the zero-width
        /// joiner that builds emoji sequences are allowed; other controls and formatting characters are not.
        case multiLine
    }
}

extension Unicode.Scalar {
    /// `U+202E`: how a rejected character is named in an error message.
    var codePoint: String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

extension String {
    /// Trims spaces, tabs, newlines and the ideographic space (U+3000) common in Chinese input.
    public func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
