import Crypto
import Foundation

/// How account tokens are kept: hashed with SHA-256, compared in constant time.
///
/// A token is 128 random bits or more (`Hub.randomToken`), so a plain hash (no salt, no slow KDF)
/// is enough: nothing is guessable to brute-force, and the hash lets a sign-in find its account
/// with one dictionary lookup (docs/NOTES.md, "Account tokens").
public enum AccountToken {
    /// SHA-256 of the token's UTF-8 bytes, lowercase hex.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Compares secrets without leaking where they differ through timing.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
