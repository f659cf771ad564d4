/// What a viewer sends to apply, decoded but not yet validated.
public struct ApplyRequest: Decodable, Sendable, Equatable {
    public var jobId: String
    public var name: String
    public var phone: String
    public var hometown: String?
    /// The picker's choice: a prefecture's or a province's code from `DivisionList`.
    public var hometownCode: String?
    public var note: String?
    public var consent: Bool

    /// The checked values: trimmed texts and the normalised phone.
    public struct Checked: Sendable, Equatable {
        public var jobId: String
        public var name: String
        public var phone: String
        public var hometown: String?
        /// A code the division list has, or nil.
        public var hometownCode: String?
        public var note: String?
    }

    /// Checks every field; `name` and `hometown` are single lines, `note` may span lines
    /// (see `CatalogValidation.TextShape`), lengths count Unicode scalars; `hometownCode` must be
    /// a code of `divisions` (an empty string counts as none).
    public func validated(divisions: DivisionList = .empty) throws(ValidationError) -> Checked {
        guard consent else { throw ValidationError(field: "consent", reason: "must be true: we need your consent to pass your number to the employer") }
        let name = try CatalogValidation.checkText(name, field: "name", maxLength: 40)
        guard let phone = PhoneNumber.normalize(phone) else {
            throw ValidationError(field: "phone", reason: "must be a mainland mobile number (11 digits starting 13–19)")
        }
        let hometown = try CatalogValidation.checkOptionalText(hometown, field: "hometown", maxLength: 40)
        let code = hometownCode.flatMap { $0.isEmpty ? nil : $0 }
        if let code, divisions.division(code: code) == nil {
            throw ValidationError(field: "hometownCode", reason: "must be a province or prefecture code from /data/divisions.json (got '\(code.prefix(12))')")
        }
        let note = try CatalogValidation.checkOptionalText(note, field: "note", maxLength: 500, shape: .multiLine)
        return Checked(jobId: jobId, name: name, phone: phone, hometown: hometown, hometownCode: code, note: note)
    }
}
