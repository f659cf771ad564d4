import DaigangCore
import Foundation
import Testing

struct ConfigTests {
    static let valid = """
    {
      "server": {"host": "127.0.0.1", "port": 0},
      "hostToken": "host-token-123",
      "employers": [{"id": "acme", "name": "Acme", "hrToken": "hr-token-acme"}],
      "sessions": [{
        "id": "s1", "title": "直播", "status": "live",
        "jobs": [{"id": "j1", "title": "普工", "employerId": "acme", "pay": {"min": 1, "max": 2, "unit": "month"}, "location": {"city": "苏州"}}],
        "policies": [{"id": "p1", "title": "补贴", "summary": "说明", "keyPoints": ["一"]}],
        "pinnedJobId": "j1"
      }]
    }
    """

    func parse(_ text: String, environment: [String: String] = [:]) -> Result<DaigangConfig, ConfigError> {
        Result { () throws(ConfigError) in try DaigangConfig.parse(Data(text.utf8), environment: environment) }
    }

    func message(_ text: String) -> String? {
        if case .failure(let error) = parse(text) { return error.description }
        return nil
    }

    @Test func aValidConfigParsesWithDefaults() throws {
        let config = try parse(Self.valid).get()
        #expect(config.server.port == 0)
        #expect(config.server.pingIntervalSeconds == 30)
        #expect(config.server.helloTimeoutSeconds == 10)
        #expect(config.server.requestTimeoutSeconds == 10)
        #expect(config.server.closeTimeoutSeconds == 5)
        #expect(config.server.trustedProxies.isEmpty)
        #expect(config.resumeGraceSeconds == 120)
        #expect(config.sessions.first?.jobs.first?.employerName == "Acme")
    }

    @Test(arguments: [
        (#""port": 0"#, #""port": 0, "prot": 1"#, "server.prot: unknown key"),
        (#""port": 0"#, #""port": "80""#, "server.port: must be an integer"),
        (#""port": 0"#, #""port": 70000"#, "server.port: must be between 0 and 65535"),
        (#""unit": "month""#, #""unit": "week""#, "sessions[0].jobs[0].pay.unit: must be one of month, day, hour, piece"),
        (#""pinnedJobId": "j1""#, #""pinnedJobId": "j7""#, "sessions[0].pinnedJobId: is not one of the session's jobs"),
        (#""employerId": "acme""#, #""employerId": "nobody""#, "sessions[0].jobs[0].employerId: is not an employer in the config"),
        (#""hostToken": "host-token-123""#, #""hostToken": "short""#, "hostToken: must be at least 8 characters"),
        (#""city": "苏州""#, #""city": "苏州", "zip": "1""#, "sessions[0].jobs[0].location.zip: unknown key"),
        (#""port": 0"#, #""port": 0, "helloTimeoutSeconds": 0"#, "server.helloTimeoutSeconds: must be between 1 and 300"),
        (#""port": 0"#, #""port": 0, "closeTimeoutSeconds": 61"#, "server.closeTimeoutSeconds: must be between 1 and 60"),
        (#""port": 0"#, #""port": 0, "bodiesPerAddress": 0"#, "server.bodiesPerAddress: must be between 1 and 20000"),
        (#""port": 0"#, #""port": 0, "trustedProxies": ["nginx"]"#, "server.trustedProxies[0]: must be an IPv4 or IPv6 address"),
    ])
    func badValuesAreReportedByKey(original: String, replacement: String, expected: String) {
        #expect(message(Self.valid.replacingOccurrences(of: original, with: replacement)) == expected)
    }

    @Test func theOrganizerTokenIsOptionalAndTheEnvironmentOverridesIt() throws {
        #expect(try parse(Self.valid).get().organizerToken == nil)
        let withToken = Self.valid.replacingOccurrences(of: #""hostToken""#, with: #""organizerToken": "organizer-token-0123456789-abcdefghij", "hostToken""#)
        #expect(try parse(withToken).get().hubSettings.organizerToken == "organizer-token-0123456789-abcdefghij")
        let fromEnvironment = try parse(Self.valid, environment: ["DAIGANG_ORGANIZER_TOKEN": "env-organizer-token-0123456789-abcdefghij"]).get()
        #expect(fromEnvironment.organizerToken == "env-organizer-token-0123456789-abcdefghij")
        let short = Self.valid.replacingOccurrences(of: #""hostToken""#, with: #""organizerToken": "short", "hostToken""#)
        #expect(message(short) == "organizerToken: must be at least 32 characters")
    }

    @Test func notJSONIsReportedAsSuch() {
        #expect(message("{ nope") == "the config is not valid JSON")
        #expect(message("[]") == "the config must be a JSON object")
    }

    @Test func environmentOverridesTokens() throws {
        let config = try parse(Self.valid, environment: ["DAIGANG_HOST_TOKEN": "from-environment", "DAIGANG_HR_TOKEN_ACME": "hr-from-environment"]).get()
        #expect(config.hostToken == "from-environment")
        #expect(config.employers.first?.hrToken == "hr-from-environment")
        #expect(DaigangConfig.hrTokenVariable(forEmployer: "swift-logistics") == "DAIGANG_HR_TOKEN_SWIFT_LOGISTICS")
    }

    /// DEPLOY.md keeps the tokens out of the file, in the service's environment file.
    @Test func tokensMayLiveOnlyInTheEnvironment() throws {
        let withoutTokens = Self.valid
            .replacingOccurrences(of: "\"hostToken\": \"host-token-123\",", with: "")
            .replacingOccurrences(of: ", \"hrToken\": \"hr-token-acme\"", with: "")
        #expect(!withoutTokens.contains("Token"))
        let config = try parse(withoutTokens, environment: ["DAIGANG_HOST_TOKEN": "from-environment", "DAIGANG_HR_TOKEN_ACME": "hr-from-environment"]).get()
        #expect(config.hostToken == "from-environment")
        #expect(config.employers.first?.hrToken == "hr-from-environment")
        #expect(message(withoutTokens)?.contains("hostToken") == true)
        let hostOnly = parse(withoutTokens, environment: ["DAIGANG_HOST_TOKEN": "from-environment"])
        guard case .failure(let error) = hostOnly else { Issue.record("an employer without an HR token was accepted"); return }
        #expect(error.description.contains("DAIGANG_HR_TOKEN_ACME"))
    }
}
