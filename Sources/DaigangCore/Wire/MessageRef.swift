/// The client's correlation id, echoed unchanged in the direct reply.
public enum MessageRef: Codable, Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case number(Double)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let integer = try? container.decode(Int64.self) {
            self = .integer(integer)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            guard string.utf8.count <= 200 else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be at most 200 bytes")
            }
            self = .string(string)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be a string or a number")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        }
    }
}
