import DaigangCore
import Testing

/// The scheme and host for the Origin check, behind a trusted proxy and not.
struct ProxiedRequestTests {
    @Test(arguments: [
        // host, own TLS, X-Forwarded-Host, X-Forwarded-Proto, trusted → host, TLS
        ("live.example.org", false, nil, "https", true, "live.example.org", true),
        ("live.example.org", false, nil, "HTTPS, http", true, "live.example.org", true),
        ("127.0.0.1:8080", false, "live.example.org", "https", true, "live.example.org", true),
        ("live.example.org", true, nil, "http", true, "live.example.org", false),
        ("live.example.org", false, nil, "gopher", true, "live.example.org", false),
        ("live.example.org", false, nil, nil, true, "live.example.org", false),
        // Not from a trusted proxy: the headers are anyone's claim and are ignored.
        ("live.example.org", false, "evil.example", "https", false, "live.example.org", false),
    ] as [(String?, Bool, String?, String?, Bool, String?, Bool)])
    func theForwardedSchemeAndHostCountOnlyFromATrustedProxy(
        host: String?, isTLS: Bool, forwardedHost: String?, forwardedProto: String?, trusted: Bool, seenHost: String?, seenTLS: Bool
    ) {
        let request = ProxiedRequest(host: host, isTLS: isTLS, forwardedHost: forwardedHost, forwardedProto: forwardedProto, isFromTrustedProxy: trusted)
        #expect(request.host == seenHost)
        #expect(request.isTLS == seenTLS)
    }

    @Test func thePublicHTTPSOriginPassesTheOriginCheckBehindAProxy() {
        let request = ProxiedRequest(host: "live.example.org", isTLS: false, forwardedHost: nil, forwardedProto: "https", isFromTrustedProxy: true)
        let policy = OriginPolicy(allowedOrigins: [])
        #expect(policy.permits(origin: "https://live.example.org", host: request.host, isTLS: request.isTLS))
        #expect(!policy.permits(origin: "http://live.example.org", host: request.host, isTLS: request.isTLS))
        #expect(!policy.permits(origin: "https://evil.example", host: request.host, isTLS: request.isTLS))
    }
}
