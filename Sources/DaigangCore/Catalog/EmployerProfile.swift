import Foundation

/// An employer as the bureau's directory keeps it (`GET/POST/PATCH /api/admin/employers`).
///
/// Durable as `employer` store records, each the whole profile after a change (docs/STORE.md,
/// "Employers"). The config's employers are the directory's start: a profile with their id
/// overrides their name (their HR tokens stay the config's).
public struct EmployerProfile: Codable, Sendable, Equatable {
    public struct Contact: Codable, Sendable, Equatable {
        public var name: String
        public var phone: String
    }

    /// Who marked the employer verified, and when (wall-clock milliseconds).
    public struct Verification: Codable, Sendable, Equatable {
        public var by: String
        public var at: Int64
    }

    public var id: String
    public var name: String
    /// 统一社会信用代码, checked by its check character.
    public var creditCode: String?
    public var contact: Contact?
    public var address: String?
    public var district: String?
    public var industry: String?
    public var verified: Verification?
    /// A suspended employer's jobs are hidden from viewers and refuse applications.
    public var suspended: Bool

    public init(id: String, name: String, suspended: Bool = false, industry: String? = nil, district: String? = nil) {
        self.id = id
        self.name = name
        self.suspended = suspended
        self.industry = industry
        self.district = district
    }
}

/// A create or PATCH body for an employer: every field optional; `verified` is a yes/no here and
/// becomes a `Verification` naming the account.
struct EmployerChange: Decodable {
    var id: String?
    var name: String?
    var creditCode: String?
    var contact: EmployerProfile.Contact?
    var address: String?
    var district: String?
    var industry: String?
    var verified: Bool?
    var suspended: Bool?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, creditCode, contact, address, district, industry, verified, suspended
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        creditCode = try c.decodeIfPresent(String.self, forKey: .creditCode)
        contact = try c.decodeIfPresent(EmployerProfile.Contact.self, forKey: .contact)
        address = try c.decodeIfPresent(String.self, forKey: .address)
        district = try c.decodeIfPresent(String.self, forKey: .district)
        industry = try c.decodeIfPresent(String.self, forKey: .industry)
        verified = try c.decodeIfPresent(Bool.self, forKey: .verified)
        suspended = try c.decodeIfPresent(Bool.self, forKey: .suspended)
    }

    /// `profile` with the change made, validated; `ValidationError.field` names the body field.
    func applied(to profile: EmployerProfile, by accountId: String, at now: Int64) throws(ValidationError) -> EmployerProfile {
        var profile = profile
        if let name {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard (1...100).contains(trimmed.count) else { throw ValidationError(field: "name", reason: "must be 1 to 100 characters") }
            profile.name = trimmed
        }
        if let creditCode {
            do {
                profile.creditCode = try CreditCode(creditCode).value
            } catch {
                throw ValidationError(field: "creditCode", reason: "is not a valid 统一社会信用代码 (\(error))")
            }
        }
        if let contact {
            guard (1...50).contains(contact.name.count) else { throw ValidationError(field: "contact.name", reason: "must be 1 to 50 characters") }
            guard let phone = PhoneNumber.normalize(contact.phone) else {
                throw ValidationError(field: "contact.phone", reason: "must be a mainland mobile number (11 digits starting with 1)")
            }
            profile.contact = .init(name: contact.name, phone: phone)
        }
        for (field, value, keyPath) in [("address", address, \EmployerProfile.address), ("district", district, \.district), ("industry", industry, \.industry)] {
            guard let value else { continue }
            guard value.count <= 200 else { throw ValidationError(field: field, reason: "must be at most 200 characters") }
            profile[keyPath: keyPath] = value.isEmpty ? nil : value
        }
        if let verified { profile.verified = verified ? EmployerProfile.Verification(by: accountId, at: now) : nil }
        if let suspended { profile.suspended = suspended }
        return profile
    }
}
