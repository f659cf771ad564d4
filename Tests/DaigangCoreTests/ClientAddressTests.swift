@testable import DaigangCore
import Testing

struct ClientAddressTests {
    @Test(arguments: [
        // (peer, X-Forwarded-For, expected client)
        ("203.0.113.7", nil, "203.0.113.7"),
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),  // an untrusted peer cannot name another address
        ("10.0.0.2", "198.51.100.1", "198.51.100.1"),  // our proxy forwards for the client
        ("10.0.0.2", "1.2.3.4, 198.51.100.1", "198.51.100.1"),  // the right-most hop the proxy saw
        ("10.0.0.2", "198.51.100.1, 10.0.0.3", "198.51.100.1"),  // a chain of our own proxies is skipped
        // Garbage is never the proxy itself (which /metrics may allow): one shared unprivileged client.
        ("10.0.0.2", "not-an-address", ClientAddress.unreadableClient),
        ("10.0.0.2", "1.2.3.4, _hidden", ClientAddress.unreadableClient),
        ("10.0.0.2", "203.0.113.9:5555", "203.0.113.9"),  // a load balancer that adds the port
        ("10.0.0.2", "[2001:db8::1]:443", "2001:db8::1"),
        ("10.0.0.2", "[2001:db8::1]", "2001:db8::1"),
        ("10.0.0.2", "10.0.0.3", "10.0.0.2"),  // only proxies: the peer
        ("::ffff:203.0.113.7", nil, "203.0.113.7"),  // an IPv4 client on a dual-stack socket
        ("10.0.0.2", "2001:db8::1", "2001:db8::1"),
    ] as [(String, String?, String)])
    func resolvesTheRealClient(peer: String, forwardedFor: String?, expected: String) {
        let trusted: Set<String> = ["10.0.0.2", "10.0.0.3"]
        #expect(ClientAddress.resolve(peer: peer, forwardedFor: forwardedFor, trustedProxies: trusted) == expected)
    }

    @Test(arguments: [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:DB8:0001:0002:ffff::9", "2001:db8:1:2::/64"),
        ("::1", "0:0:0:0::/64"),
    ])
    func limitsCountIPv6ByItsSlash64(address: String, key: String) {
        #expect(ClientAddress.limitKey(address) == key)
    }

    @Test(arguments: ["127.0.0.1", "::1", "2001:db8::1", "10.0.0.2"])
    func recognisesAddresses(text: String) {
        #expect(ClientAddress.isIPAddress(text))
    }

    @Test(arguments: ["", "localhost", "1.2.3", "10.0.0.2/8", "1.2.3.4 "])
    func refusesNonAddresses(text: String) {
        #expect(!ClientAddress.isIPAddress(text))
    }
}

struct AddressTallyTests {
    @Test func takesUpToTheLimitPerAddress() {
        var tally = AddressTally()
        let taken = (0..<3).map { _ in tally.take("a", limit: 2) }
        #expect(taken == [true, true, false])
        let other = tally.take("b", limit: 2)
        #expect(other, "another address has its own share")
        #expect(tally.count(for: "a") == 2)
    }

    @Test func releasingGivesTheShareBackAndForgetsEmptyAddresses() {
        var tally = AddressTally()
        _ = tally.take("a", limit: 1)
        tally.release("a")
        #expect(tally.count(for: "a") == 0)
        #expect(tally.addressCount == 0)
        let again = tally.take("a", limit: 1)
        #expect(again)
    }
}

struct LogTextTests {
    @Test(arguments: [
        ("http://evil\u{1B}[2J\u{0B}x", "http://evil\\u{1b}[2J\\u{b}x"),
        ("a\nforged line", "a\\u{a}forged line"),
        ("bidi \u{202E}txt", "bidi \\u{202e}txt"),
        ("普通文本", "普通文本"),
    ])
    func controlCharactersAreEscaped(raw: String, logged: String) {
        #expect(LogText.clean(raw) == logged)
    }

    @Test func longTextIsCut() {
        #expect(LogText.clean(String(repeating: "x", count: 5000)).unicodeScalars.count == 201)
    }
}
