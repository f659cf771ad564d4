import Foundation

extension CodingUserInfoKey {
    /// Set to `true` where unknown keys are mistakes (the config file) rather than newer clients.
    public static let rejectsUnknownKeys = CodingUserInfoKey(rawValue: "daigang.rejectsUnknownKeys")!
}

/// A key for reading whatever keys an object has.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Decoder {
    /// Throws for a key the type does not know, when the decoder was told to be strict.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
        guard userInfo[.rejectsUnknownKeys] as? Bool == true else { return }
        let container = try self.container(keyedBy: AnyCodingKey.self)
        let known = Set(Keys.allCases.map(\.stringValue))
        if let unknown = container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }).first(where: { !known.contains($0.stringValue) }) {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath + [unknown], debugDescription: "unknown key"))
        }
    }
}

extension DecodingError {
    /// The path of the field at fault, as `a.b[2].c`, or "" for the top level.
    public var fieldPath: String {
        switch self {
        case .keyNotFound(let key, let context): Self.format(context.codingPath + [key])
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            Self.format(context.codingPath)
        @unknown default: ""
        }
    }

    /// A one-line explanation meant for people, naming the field.
    public var readableReason: String {
        switch self {
        case .keyNotFound: return "is missing"
        case .typeMismatch(let type, _): return "must be \(Self.describe(type))"
        case .valueNotFound(let type, _): return "must be \(Self.describe(type)), not null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "is not valid JSON" }
            return context.debugDescription
        @unknown default: return "is invalid"
        }
    }

    static func format(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is [Any].Type: "an array"
        case is [String: Any].Type: "an object"
        default:
            String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}
