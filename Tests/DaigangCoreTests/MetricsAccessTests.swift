import DaigangCore
import Foundation
import Testing

/// `metrics.allow` ranges, the metrics token, and the `metrics` config section.
struct MetricsAccessTests {
    @Test(arguments: [
        ("127.0.0.1/32", "127.0.0.1", true),
        ("127.0.0.1/32", "127.0.0.2", false),
        ("127.0.0.0/8", "127.200.3.4", true),
        ("10.0.0.0/8", "11.0.0.1", false),
        ("192.168.1.0/24", "::ffff:192.168.1.77", true),
        ("0.0.0.0/0", "203.0.113.9", true),
        ("::1/128", "::1", true),
        ("::1", "::2", false),
        ("2001:db8::/32", "2001:db8:1:2::3", true),
        ("2001:db8::/32", "2001:db9::1", false),
        ("10.0.0.0/8", "2001:db8::1", false),
        ("10.0.0.0/8", "not-an-address", false),
        ("172.16.0.0/12", "172.31.255.255", true),
        ("172.16.0.0/12", "172.32.0.0", false),
    ])
    func rangesContainTheirAddresses(range: String, address: String, expected: Bool) throws {
        let parsed = try #require(AddressRange(range))
        #expect(parsed.contains(address) == expected)
    }

    @Test(arguments: ["", "nginx", "10.0.0.0/33", "::1/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0.0/٨"])
    func badRangesDoNotParse(text: String) {
        #expect(AddressRange(text) == nil)
    }

    @Test func aRangeIsShownWithHostBitsCleared() {
        #expect(AddressRange("10.1.2.3/8")?.description == "10.0.0.0/8")
        #expect(AddressRange("::1")?.description == "::1/128")
    }

    @Test func loopbackIsAllowedByDefaultAndOthersNeedTheToken() {
        var settings = MetricsSettings()
        #expect(settings.permits(address: "127.0.0.1", authorization: nil) == .granted)
        #expect(settings.permits(address: "::1", authorization: nil) == .granted)
        #expect(settings.permits(address: "203.0.113.9", authorization: nil) == .forbidden)
        #expect(settings.permits(address: "203.0.113.9", authorization: "Bearer anything") == .forbidden)
        settings.token = "metrics-token-0123456789"
        #expect(settings.permits(address: "203.0.113.9", authorization: nil) == .unauthorized)
        #expect(settings.permits(address: "203.0.113.9", authorization: "Bearer wrong-token-0123456789") == .unauthorized)
        #expect(settings.permits(address: "203.0.113.9", authorization: "Basic metrics-token-0123456789") == .unauthorized)
        #expect(settings.permits(address: "203.0.113.9", authorization: "Bearer metrics-token-0123456789") == .granted)
        #expect(settings.permits(address: "203.0.113.9", authorization: "bearer metrics-token-0123456789") == .granted)
    }

    func parse(_ metrics: String, environment: [String: String] = [:]) -> Result<DaigangConfig, ConfigError> {
        let text = ConfigTests.valid.replacingOccurrences(of: #""hostToken""#, with: #""metrics": \#(metrics), "hostToken""#)
        return Result { () throws(ConfigError) in try DaigangConfig.parse(Data(text.utf8), environment: environment) }
    }

    @Test func theMetricsSectionIsReadAndTheEnvironmentOverridesItsToken() throws {
        let config = try parse(#"{"allow": ["10.0.0.0/8", "::1"], "token": "from-the-file-0123"}"#).get()
        #expect(config.metrics.allow.map(\.description) == ["10.0.0.0/8", "::1/128"])
        #expect(config.metrics.token == "from-the-file-0123")
        let overridden = try parse("{}", environment: ["DAIGANG_METRICS_TOKEN": "from-the-environment"]).get()
        #expect(overridden.metrics.token == "from-the-environment")
        #expect(overridden.metrics.allow == AddressRange.loopback)
    }

    @Test(arguments: [
        (#"{"allow": ["localhost"]}"#, "metrics.allow[0]: must be an IP address or CIDR block such as 10.0.0.0/8"),
        (#"{"allow": ["127.0.0.1", "10.0.0.0/40"]}"#, "metrics.allow[1]: must be an IP address or CIDR block such as 10.0.0.0/8"),
        (#"{"token": "short"}"#, "metrics.token: must be at least 16 characters"),
        (#"{"tokn": "x"}"#, "metrics.tokn: unknown key"),
    ])
    func badMetricsSettingsAreReportedByKey(section: String, expected: String) {
        guard case .failure(let error) = parse(section) else {
            Issue.record("accepted \(section)")
            return
        }
        #expect(error.description == expected)
    }
}
