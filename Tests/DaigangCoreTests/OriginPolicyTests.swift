import DaigangCore
import Testing

struct OriginPolicyTests {
    @Test(arguments: [
        (nil, "127.0.0.1:8080", false, true),
        ("http://127.0.0.1:8080", "127.0.0.1:8080", false, true),
        ("HTTP://127.0.0.1:8080/", "127.0.0.1:8080", false, true),
        ("http://example.org:80", "example.org", false, true),
        ("https://example.org", "example.org", true, true),
        ("http://example.org", "example.org", true, false),
        ("http://evil.example", "127.0.0.1:8080", false, false),
        ("https://live.example.gov.cn", "127.0.0.1:8080", false, true),
        ("http://evil.example", nil, false, false),
    ] as [(String?, String?, Bool, Bool)])
    func originsAreJudgedAgainstTheHostAndTheList(origin: String?, host: String?, tls: Bool, permitted: Bool) {
        let policy = OriginPolicy(allowedOrigins: ["https://live.example.gov.cn"])
        #expect(policy.permits(origin: origin, host: host, isTLS: tls) == permitted)
    }

    @Test func aStarAllowsAnyOrigin() {
        #expect(OriginPolicy(allowedOrigins: ["*"]).permits(origin: "http://anything", host: "x", isTLS: false))
    }
}
