/// Why the server could not start; the message is one line meant for the operator.
public struct ServerError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
