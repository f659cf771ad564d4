import DaigangCore
@testable import DaigangServer
import Foundation
import Logging
import Synchronization
import Testing

/// The JSON log format: one object per line, fixed fields first, metadata as fields, every string escaped.
struct JSONLogHandlerTests {
    /// Collects the lines a handler writes.
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    func object(_ line: String) throws -> [String: Any] {
        #expect(line.hasSuffix("\n"))
        #expect(line.dropLast().contains("\n") == false)
        return try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func aLineHasTimeLevelLabelMessageAndTheMetadataAsFields() throws {
        let lines = Lines()
        var logger = Logger(label: "daigang.audit") { JSONLogHandler(label: $0, write: lines.append) }
        logger[metadataKey: "node"] = "a"
        logger.notice("signed in", metadata: ["role": "host", "count": "\(3)", "nested": ["k": "v"], "list": ["x", "y"]])
        let line = try #require(lines.all.first)
        let fields = try object(line)
        #expect(fields["level"] as? String == "notice")
        #expect(fields["label"] as? String == "daigang.audit")
        #expect(fields["message"] as? String == "signed in")
        #expect(fields["role"] as? String == "host")
        #expect(fields["count"] as? String == "3")
        #expect(fields["node"] as? String == "a")
        #expect((fields["nested"] as? [String: String]) == ["k": "v"])
        #expect((fields["list"] as? [String]) == ["x", "y"])
        let time = try #require(fields["time"] as? String)
        #expect(time.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil)
        #expect(line.hasPrefix(#"{"time":"#))
    }

    @Test func linesBelowTheLevelAreNotWritten() {
        let lines = Lines()
        var logger = Logger(label: "x") { JSONLogHandler(label: $0, write: lines.append) }
        logger.logLevel = .notice
        logger.info("quiet")
        logger.warning("loud")
        #expect(lines.all.count == 1)
    }

    @Test(arguments: ["line\nbreak", "tab\there", "quote\"back\\slash", "esc\u{1B}[31m", "nul\u{0}", "del\u{7F}", "sep\u{2028}", "中文 ok"])
    func controlCharactersCannotBreakOrForgeALine(text: String) throws {
        let line = JSONLogHandler.line(time: "t", level: .info, label: "l", message: text, metadata: ["detail": .string(text)])
        let fields = try object(line)
        #expect(fields["message"] as? String == text)
        #expect(fields["detail"] as? String == text)
        #expect(line.unicodeScalars.dropLast().allSatisfy { $0.value >= 0x20 && $0.value != 0x7F && $0 != "\u{2028}" })
    }

    @Test func metadataCannotOverwriteTheFixedFields() throws {
        let line = JSONLogHandler.line(time: "t", level: .info, label: "l", message: "m", metadata: ["message": "forged", "level": "critical"])
        let fields = try object(line)
        #expect(fields["message"] as? String == "m")
        #expect(fields["level"] as? String == "info")
        #expect(fields["metadata.message"] as? String == "forged")
        #expect(fields["metadata.level"] as? String == "critical")
    }

    @Test(arguments: [
        (0, 0, "1970-01-01T00:00:00.000Z"),
        (1_795_000_000, 7, "2026-11-18T11:06:40.007Z"),
        (951_782_400, 999, "2000-02-29T00:00:00.999Z"),
        (951_868_799, 0, "2000-02-29T23:59:59.000Z"),
        (4_107_542_400, 0, "2100-03-01T00:00:00.000Z"),
        (-1, 0, "1969-12-31T23:59:59.000Z"),
    ])
    func timestampsAreISO8601UTCWithMilliseconds(seconds: Int, milliseconds: Int, expected: String) {
        #expect(JSONLogHandler.timestamp(seconds: seconds, milliseconds: milliseconds) == expected)
    }
}

/// The route label: placeholders for ids, a fixed set of values whatever the path.
struct RouteTemplateTests {
    @Test(arguments: [
        ("/metrics", false, "/metrics"),
        ("/healthz", false, "/healthz"),
        ("/api/leads/", false, "/api/leads"),
        ("/api/leads/L000042", false, "/api/leads/{id}"),
        ("/api/leads/L000042/followups", false, "/api/leads/{id}/followups"),
        ("/api/leads/L000042/x/y", false, "/api/leads/other"),
        ("/api/sessions/s1", false, "/api/sessions/{id}"),
        ("/js/host.js", true, "static"),
        ("/wp-admin/../../etc/passwd", false, "other"),
        ("/api/sessions/s1/extra", false, "/api/sessions/other"),
        ("/readyz", false, "/readyz"),
        ("/api/sessions/s1/jobs", false, "/api/sessions/{id}/jobs"),
        ("/api/sessions/s1/jobs/j9", false, "/api/sessions/{id}/jobs/{jobId}"),
        ("/api/sessions/s1/poster.png", false, "/api/sessions/{id}/poster.png"),
        ("/api/sessions/s1/jobs/j9/poster.png", false, "/api/sessions/{id}/jobs/{jobId}/poster.png"),
        ("/api/admin/sessions/s1/jobs/import", false, "/api/admin/sessions/…"),
        ("/api/admin/anything-a-client-makes-up/x", false, "/api/admin/other/…"),
    ])
    func pathsMapToTemplates(path: String, isAsset: Bool, expected: String) {
        #expect(RouteTemplate.of(path: path, isStaticAsset: isAsset) == expected)
    }
}

/// What the audit log writes about an application.
struct ApplicationAuditTests {
    @Test func anApplicationIsLoggedWithItsIdsAndTheMaskedPhoneOnly() throws {
        let lead = Lead(
            id: "L000007", session: "s1", jobId: "job\u{1B}[2J", jobTitle: "普工", employerId: "acme", name: "张三",
            phone: "13812345678", hometown: "河南", note: "晚上联系", createdAt: 0, viewerId: "v-1"
        )
        let fields = HubServer.auditFields(of: lead)
        let line = JSONLogHandler.line(time: "t", level: .info, label: "daigang.audit", message: "application", metadata: fields)
        #expect(fields["phone"] == "138****5678")
        #expect(fields["lead.id"] == "L000007")
        #expect(fields["job.id"] == "job\\u{1b}[2J")
        for secret in ["13812345678", "12345678", "张三", "晚上联系", "河南"] {
            #expect(!line.contains(secret), "\(secret) reached the log line")
        }
    }
}
