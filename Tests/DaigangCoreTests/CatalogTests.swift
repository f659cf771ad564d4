@testable import DaigangCore
import Foundation
import Testing

/// The compact welcome, the job catalog and its validators (PROTOCOL.md: A fair-sized session).
struct CatalogTests {
    let viewer = ConnectionID(1)
    let host = ConnectionID(2)

    private func compactWelcome(_ hub: Hub, _ connection: ConnectionID) -> Sent? {
        hub.connect(connection, address: "", now: 1_000)
        return hub.send(#"{"type": "hello", "session": "s1", "role": "viewer", "catalog": "http"}"#, from: connection).first
    }

    @Test func aCompactWelcomeNamesTheCatalogInsteadOfCarryingIt() throws {
        let hub = Fixtures.hub()
        let welcome = try #require(compactWelcome(hub, viewer))
        let snapshot = try #require(welcome["snapshot"] as? [String: Any])
        #expect(snapshot["jobs"] == nil)
        #expect(snapshot["policies"] == nil)
        #expect(snapshot["jobCount"] as? Int == 3)
        #expect(snapshot["catalogURL"] as? String == "/api/sessions/s1/jobs")
        let catalog = try #require(hub.catalog(of: "s1"))
        #expect(snapshot["catalogETag"] as? String == catalog.etag)
        #expect(snapshot.keys.contains("pinnedJob"))
        #expect(snapshot["counters"] is [String: Any])
    }

    @Test func anUnknownCatalogModeIsABadRequest() {
        let hub = Fixtures.hub()
        hub.connect(viewer, address: "", now: 1_000)
        let reply = hub.send(#"{"type": "hello", "session": "s1", "role": "viewer", "catalog": "all"}"#, from: viewer).first
        #expect(reply?["code"] as? String == "bad_request")
        #expect((reply?["message"] as? String)?.contains("catalog") == true)
        #expect(hub.members(of: "s1").isEmpty)
    }

    @Test func theCatalogIsEncodedOnceAndItsETagFollowsJobEvents() throws {
        let hub = Fixtures.hub()
        let first = try #require(hub.catalog(of: "s1"))
        #expect(hub.catalog(of: "s1") == first)
        hub.join(host, role: "host", token: Fixtures.settings().hostToken)
        _ = hub.sendDurably(#"{"type": "announce", "text": "hi", "ref": 1}"#, from: host)
        #expect(hub.catalog(of: "s1")?.etag == first.etag)
        _ = hub.sendDurably(#"{"type": "upsert_job", "ref": 2, "job": {"id": "j9", "title": "焊工", "employerId": "acme", "pay": {"min": 1, "max": 2, "unit": "day"}, "location": {"city": "c"}}}"#, from: host)
        let second = try #require(hub.catalog(of: "s1"))
        #expect(second.etag != first.etag)
        #expect(second.jobCount == 4)
        let body = try #require(JSONSerialization.jsonObject(with: Data(second.body)) as? [String: Any])
        #expect(body["etag"] as? String == second.etag)
        #expect((body["jobs"] as? [Any])?.count == 4)
        #expect(hub.jobJSON("j9", in: "s1") != nil)
        #expect(hub.jobJSON("nope", in: "s1") == nil)
        #expect(hub.catalog(of: "nope") == nil)
    }

    @Test(arguments: [
        (#"W/"a""#, #"W/"a""#, true),
        (#""a""#, #"W/"a""#, true),
        (#""b", W/"a""#, #"W/"a""#, true),
        ("*", #"W/"a""#, true),
        (#""b""#, #"W/"a""#, false),
    ])
    func ifNoneMatchComparesWeakly(header: String, etag: String, matches: Bool) {
        #expect(ConditionalRequest(ifNoneMatch: header).isNotModified(etag: etag, lastModified: nil) == matches)
    }

    @Test(arguments: [
        ("gzip", true), ("gzip, deflate, br", true), ("br;q=1.0, gzip;q=0.5", true), ("*", true),
        ("gzip;q=0", false), ("identity", false), ("", false), ("GZIP", true),
    ])
    func acceptEncodingIsRead(header: String, gzip: Bool) {
        #expect(ConditionalRequest(acceptEncoding: header).acceptsGzip == gzip)
    }

    @Test func aRepresentationAnswers304GzipOrPlain() {
        let page = CachedRepresentation(body: Array("hello hello hello".utf8), gzipped: [1, 2, 3], etag: #"W/"s-1""#,
                                        lastModified: "Wed, 02 Dec 2026 06:00:00 GMT", contentType: "text/html", cacheControl: "no-cache")
        #expect(page.response(to: ConditionalRequest(acceptEncoding: "gzip")).body == [1, 2, 3])
        #expect(page.response(to: ConditionalRequest()).body.count == 17)
        let notModified = page.response(to: ConditionalRequest(ifNoneMatch: #"W/"s-1""#, acceptEncoding: "gzip"))
        #expect(notModified.status == 304 && notModified.body.isEmpty)
        #expect(notModified.headers.contains { $0.name == "etag" && $0.value == #"W/"s-1""# })
        #expect(page.response(to: ConditionalRequest(ifModifiedSince: "Wed, 02 Dec 2026 06:00:00 GMT")).status == 304)
        // If-None-Match decides when sent, even if the date matches.
        #expect(page.response(to: ConditionalRequest(ifNoneMatch: #""x""#, ifModifiedSince: "Wed, 02 Dec 2026 06:00:00 GMT")).status == 200)
        // A gzip'd copy no smaller than the original is not kept.
        let tiny = CachedRepresentation(body: [1], gzipped: [1, 2], etag: "e", lastModified: nil, contentType: "x", cacheControl: "no-cache")
        #expect(tiny.gzipped == nil)
    }
}
