@testable import DaigangCore
@testable import DaigangServer
import Foundation
import Testing

/// The cairo poster itself: a PNG of the documented size whatever the card holds.
struct PosterRendererTests {
    func card(title: String, tags: [String], link: String) -> ShareCard {
        ShareCard(
            title: title, subtitle: "澄州星河电子有限公司", highlight: "5500–7500 元/月", tags: tags,
            sessionTitle: "澄湖区人社局 · 春风行动 直播带岗", description: "", link: link, posterURL: ""
        )
    }

    /// Width and height from the IHDR chunk, after checking the signature.
    func pngSize(_ png: [UInt8]) -> (Int, Int)? {
        guard png.count > 24, png.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[12..<16] == Array("IHDR".utf8)[...] else { return nil }
        let word = { (at: Int) in png[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (word(16), word(20))
    }

    @Test func aLongTitleManyTagsAndALongLinkStillMakeAPosterOfTheDocumentedSize() throws {
        let long = String(repeating: "电子厂普工长期招聘包吃住夫妻房", count: 6) + " <b>&\"'"
        let tags = (1...10).map { "标签\($0)很长很长很长很长很长很长很长很长很长很长很长很长很长很长" }
        let link = "https://jobs.example.gov.cn/?session=s1&job=" + String(repeating: "j", count: 64)
        let png = try #require(PosterRenderer.png(for: card(title: long, tags: tags, link: link)))
        let size = try #require(pngSize(png))
        #expect(size == (PosterLayout.width, PosterLayout.height))
        if let directory = ProcessInfo.processInfo.environment["DAIGANG_POSTER_OUT"] {
            try Data(png).write(to: URL(fileURLWithPath: directory).appendingPathComponent("poster-long.png"))
        }
    }

    @Test func anEmptyCardStillDraws() throws {
        let png = try #require(PosterRenderer.png(for: card(title: "", tags: [], link: "http://a")))
        #expect(pngSize(png) != nil)
    }

    @Test func aLinkTooLongForAQRCodeGivesNoPoster() {
        #expect(PosterRenderer.png(for: card(title: "x", tags: [], link: String(repeating: "x", count: 8000))) == nil)
    }
}
