@testable import DaigangCore
import Testing

/// The HR search (`q=`) and the front door's order of sessions.
struct FrontDoorTests {
    @Test(arguments: [
        ("张三", LeadSearch.name("张三")),
        ("  Li Lei ", .name("li lei")),
        ("138 1234-5678", .phoneDigits("13812345678")),
        ("+86 138", .phoneDigits("86138")),
        ("5678", .phoneDigits("5678")),
        ("张3", .name("张3")),
        ("-", .name("-")),
    ])
    func searchTextIsANameOrPhoneDigits(text: String, expected: LeadSearch) throws {
        #expect(try LeadSearch(parsing: text) == expected)
    }

    @Test func emptySearchSearchesNothing() throws {
        #expect(try LeadSearch(parsing: "   ") == nil)
    }

    @Test(arguments: [String(repeating: "张", count: 41), "张\u{1}三", "a\nb"])
    func badSearchIsRefusedNamingQ(text: String) {
        #expect { try LeadSearch(parsing: text) } throws: { error in
            (error as? ProtocolError).map { $0.code == .badRequest && $0.message.hasPrefix("q ") } ?? false
        }
    }

    @Test func searchFindsNamesAndPhoneDigitsButNeverAWithdrawnLead() throws {
        var lead = Lead(
            id: "L000001", session: "s1", jobId: "j1", jobTitle: "普工", employerId: "acme", name: "Li Lei",
            phone: "13812345678", hometown: nil, note: nil, createdAt: 0, viewerId: "v1"
        )
        #expect(try LeadSearch(parsing: "lei")!.matches(lead))
        #expect(try LeadSearch(parsing: "1234")!.matches(lead))
        #expect(try !LeadSearch(parsing: "4321")!.matches(lead))
        #expect(try !LeadSearch(parsing: "韩梅梅")!.matches(lead))
        lead.withdrawnAt = 1
        #expect(try !LeadSearch(parsing: "lei")!.matches(lead))
        #expect(try !LeadSearch(parsing: "1234")!.matches(lead))
    }

    @Test func liveSessionsComeFirstThenUpcomingByStartTime() {
        func listing(_ id: String, _ status: SessionStatus, startsAt: Int64? = nil) -> SessionListing {
            SessionListing(id: id, title: id, status: status, startsAt: startsAt, hostName: nil, employers: 0, jobs: 0, link: "/?session=\(id)")
        }
        let ordered = SessionListing.frontDoorOrder([
            listing("later", .scheduled, startsAt: 2_000), listing("undated", .scheduled), listing("live1", .live),
            listing("sooner", .scheduled, startsAt: 1_000), listing("live2", .live),
        ])
        #expect(ordered.map(\.id) == ["live1", "live2", "sooner", "later", "undated"])
    }

    @Test(arguments: [(SessionStatus.scheduled, true), (.live, true), (.ended, false), (.closed, false)])
    func onlyLiveAndUpcomingSessionsAreListed(status: SessionStatus, listed: Bool) {
        #expect(SessionListing.isListed(status) == listed)
    }
}
