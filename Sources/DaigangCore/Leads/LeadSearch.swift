import Foundation

/// What HR typed into the leads search (`q=`): part of a name, or digits of a phone number.
///
/// Text with a letter in it searches names (case-insensitively, so `li` finds `Li Lei`); text of
/// digits (spaces, dashes and a `+` tolerated, as phones are written) searches phone numbers.
/// A withdrawn lead is never found: HR no longer sees its name or phone, so finding it by them
/// would tell what the withdrawal hid.
public enum LeadSearch: Sendable, Equatable {
    case name(String)
    case phoneDigits(String)

    /// The longest search accepted; a name is at most 40 characters, a phone 11 digits.
    public static let maxLength = 40

    /// The search for `text`, nil when it is empty after trimming.
    /// - Throws: `ProtocolError` `bad_request` naming `q` when it is too long or has a control character.
    public init?(parsing text: String) throws(ProtocolError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard trimmed.count <= Self.maxLength else {
            throw ProtocolError(.badRequest, "q must be at most \(Self.maxLength) characters")
        }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ProtocolError(.badRequest, "q must not contain control characters")
        }
        let phoneShaped = trimmed.allSatisfy { $0.isASCII && ($0.isNumber || " -+".contains($0)) }
        let digits = trimmed.filter { $0.isASCII && $0.isNumber }
        if phoneShaped, !digits.isEmpty {
            self = .phoneDigits(digits)
        } else {
            self = .name(trimmed.lowercased())
        }
    }

    func matches(_ lead: Lead) -> Bool {
        guard !lead.isWithdrawn else { return false }
        switch self {
        case .name(let part): return lead.name.lowercased().contains(part)
        case .phoneDigits(let digits): return lead.phone.contains(digits)
        }
    }
}
