/// What a viewer sends to apply, decoded but not yet validated.
public struct ApplyRequest: Decodable, Sendable, Equatable {
    public var jobId: String
    public var name: String
    public var phone: String
    public var hometown: String?
    public var note: String?
    public var consent: Bool

    /// The checked values: trimmed texts and the normalised phone.
    public struct Checked: Sendable, Equatable {
        public var jobId: String
        public var name: String
        public var phone: String
        public var hometown: String?
        public var note: String?
    }

    /// Checks every field; `name` and `hometown` are single lines, `note` may span lines
    /// (see `CatalogValidation.TextShape`), lengths count Unicode scalars.
    public func validated() throws(ValidationError) -> Checked {
        guard consent else { throw ValidationError(field: "consent", reason: "must be true: we need your consent to pass your number to the employer") }
        let name = try CatalogValidation.checkText(name, field: "name", maxLength: 40)
        guard let phone = PhoneNumber.normalize(phone) else {
            throw ValidationError(field: "phone", reason: "must be a mainland mobile number (11 digits starting 13–19)")
        }
        let hometown = try CatalogValidation.checkOptionalText(hometown, field: "hometown", maxLength: 40)
        let note = try CatalogValidation.checkOptionalText(note, field: "note", maxLength: 500, shape: .multiLine)
        return Checked(jobId: jobId, name: name, phone: phone, hometown: hometown, note: note)
    }
}
