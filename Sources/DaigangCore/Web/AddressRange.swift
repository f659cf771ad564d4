import Foundation

/// A block of IP addresses written as CIDR (`127.0.0.1/32`, `10.0.0.0/8`, `::1/128`), or one
/// address (taken as the whole-length prefix). Pure: parses and compares bytes, no I/O.
///
/// Used to say who may read `/metrics` (`metrics.allow`): an IPv4 client on a dual-stack socket
/// (`::ffff:1.2.3.4`) is matched as the IPv4 address it is.
public struct AddressRange: Sendable, Equatable, CustomStringConvertible {
    /// The network's bytes (4 or 16), host bits zeroed.
    private let network: [UInt8]
    public let prefixLength: Int

    /// Loopback only: the default for `metrics.allow`.
    public static let loopback: [AddressRange] = [AddressRange("127.0.0.0/8")!, AddressRange("::1/128")!]

    /// Nil when `text` is not an address, optionally followed by `/` and a prefix length that fits it.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bytes = Self.bytes(of: String(parts[0])) else { return nil }
        var length = bytes.count * 8
        if parts.count == 2 {
            guard let given = Int(parts[1]), (0...length).contains(given), parts[1].allSatisfy(\.isASCII) else { return nil }
            length = given
        }
        prefixLength = length
        network = Self.masked(bytes, prefixLength: length)
    }

    /// Whether `address` (an IP address as text) lies in this range; false for anything that is not an address.
    public func contains(_ address: String) -> Bool {
        guard let bytes = Self.bytes(of: ClientAddress.normalize(address)), bytes.count == network.count else { return false }
        return Self.masked(bytes, prefixLength: prefixLength) == network
    }

    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = network.count == 4 ? AF_INET : AF_INET6
        _ = network.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self) + "/\(prefixLength)"
    }

    private static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    private static func masked(_ bytes: [UInt8], prefixLength: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let kept = min(8, max(0, prefixLength - index * 8))
            return kept == 8 ? byte : byte & ~(UInt8(0xFF) >> kept)
        }
    }
}
