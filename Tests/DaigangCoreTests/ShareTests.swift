import DaigangCore
import Foundation
import Testing

/// Share links, cards, Open Graph tags and the poster cache: what a shared job says and where it points.
struct ShareTests {
    let links = ShareLinks(base: "https://jobs.example.gov.cn")

    @Test(arguments: [
        ("https://jobs.example.gov.cn", "evil.example", "https://jobs.example.gov.cn"),
        (nil, "127.0.0.1:8080", "http://127.0.0.1:8080"),
        (nil, "[::1]:8080", "http://[::1]:8080"),
        (nil, #"x"><script>"#, "http://10.0.0.1:80"),
        (nil, "a/b", "http://10.0.0.1:80"),
        (nil, nil, "http://10.0.0.1:80"),
    ] as [(String?, String?, String)])
    func linksUseThePublicURLElseAPlainHostHeaderElseTheListener(publicURL: String?, host: String?, base: String) {
        #expect(ShareLinks(publicURL: publicURL, host: host, isTLS: false, fallbackHost: "10.0.0.1:80").base == base)
    }

    @Test func linksNameTheViewerPageTheJobAndThePosters() {
        #expect(links.session("s1") == "https://jobs.example.gov.cn/?session=s1")
        #expect(links.job("j-1", inSession: "s1") == "https://jobs.example.gov.cn/?session=s1&job=j-1")
        #expect(links.poster(session: "s1") == "https://jobs.example.gov.cn/api/sessions/s1/poster.png")
        #expect(links.poster(session: "s1", job: "j_1") == "https://jobs.example.gov.cn/api/sessions/s1/jobs/j_1/poster.png")
        #expect(ShareLinks(base: "https://a.example/").session("s 1&x") == "https://a.example/?session=s%201%26x")
    }

    @Test(arguments: [
        ("https://jobs.example.gov.cn", "https://jobs.example.gov.cn"),
        ("https://jobs.example.gov.cn/", "https://jobs.example.gov.cn"),
        ("http://10.1.2.3:8080", "http://10.1.2.3:8080"),
        ("jobs.example.gov.cn", nil),
        ("https://jobs.example.gov.cn/daigang", nil),
        ("https://jobs.example.gov.cn?x=1", nil),
        ("https://", nil),
        ("ftp://jobs.example.gov.cn", nil),
    ] as [(String, String?)])
    func thePublicURLMustBeASchemeAndAHost(url: String, base: String?) {
        #expect(ShareLinks.publicBase(url) == base)
    }

    @Test func aJobCardShowsTitleEmployerPayAFewTagsAndTheDeepLink() {
        var job = Fixtures.job("j1")
        job.employerName = "Acme 电子"
        job.tags = ["包吃住", "长期工", "夫妻房", "五险", "加班费"]
        let card = ShareCard.job(job, session: Fixtures.session, links: links)
        #expect(card.title == "普工 j1")
        #expect(card.subtitle == "Acme 电子")
        #expect(card.highlight == "5000–7000 元/月")
        #expect(card.tags == ["包吃住", "长期工", "夫妻房", "五险"])
        #expect(card.sessionTitle == "春风行动直播")
        #expect(card.link == "https://jobs.example.gov.cn/?session=s1&job=j1")
        #expect(card.posterURL == "https://jobs.example.gov.cn/api/sessions/s1/jobs/j1/poster.png")
        #expect(card.description.hasPrefix("Acme 电子 · 5000–7000 元/月 · 苏州 · 包吃住"))
    }

    @Test(arguments: [
        (Pay(min: 5000, max: 7000, unit: .month), "5000–7000 元/月"),
        (Pay(min: 300, max: 300, unit: .day), "300 元/天"),
        (Pay(min: 22, max: 26, unit: .hour), "22–26 元/小时"),
        (Pay(min: 1, max: 2, unit: .piece), "1–2 元/件"),
    ])
    func payReadsAsOnTheViewerPage(pay: Pay, text: String) {
        #expect(ShareCard.payText(pay) == text)
    }

    @Test func aSessionCardCountsJobsAndEmployers() {
        let card = ShareCard.session(Fixtures.session, links: links)
        #expect(card.title == "春风行动直播" && card.title == card.sessionTitle)
        #expect(card.highlight == "共 3 个岗位")
        #expect(card.tags == ["苏州", "2 家企业在招"])
        #expect(card.link == "https://jobs.example.gov.cn/?session=s1")
    }

    @Test func theFingerprintChangesWithAnythingShownOrLinked() {
        let job = Fixtures.job("j1")
        let card = ShareCard.job(job, session: Fixtures.session, links: links)
        #expect(card.fingerprint.count == 16)
        #expect(card.fingerprint == ShareCard.job(job, session: Fixtures.session, links: links).fingerprint)
        var edited = job
        edited.pay.max = 7500
        #expect(ShareCard.job(edited, session: Fixtures.session, links: links).fingerprint != card.fingerprint)
        #expect(ShareCard.job(job, session: Fixtures.session, links: ShareLinks(base: "http://other")).fingerprint != card.fingerprint)
        var renamed = Fixtures.session
        renamed.title = "另一场"
        #expect(ShareCard.job(job, session: renamed, links: links).fingerprint != card.fingerprint)
    }

    @Test func metaTagsReplaceTheTitleAndEscapeEverything() throws {
        var job = Fixtures.job("j1")
        job.title = #"<script>alert("x")</script> 'q' & co"#
        let card = ShareCard.job(job, session: Fixtures.session, links: links)
        let template = Array("<html><head>\n  <title data-i18n=\"viewer.title\">直播带岗</title>\n</head><body><title>x</title></body></html>".utf8)
        let page = String(decoding: try #require(ShareMeta.page(template: template, card: card)), as: UTF8.self)
        #expect(!page.contains("<script>"))
        #expect(page.contains("<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#39;q&#39; &amp; co · 春风行动直播</title>"))
        #expect(page.contains(#"<meta property="og:image" content="https://jobs.example.gov.cn/api/sessions/s1/jobs/j1/poster.png">"#))
        #expect(page.contains(#"<meta property="og:url" content="https://jobs.example.gov.cn/?session=s1&amp;job=j1">"#))
        #expect(page.contains("<body><title>x</title>"))  // only the first title is replaced
        #expect(!page.contains("直播带岗</title>"))
        #expect(ShareMeta.page(template: Array("<html></html>".utf8), card: card) == nil)
    }

    @Test func aPosterIsRenderedOnceForEveryoneAskingMeanwhile() {
        var cache = PosterCache<Int>(maxBytes: 100, maxRendering: 2)
        #expect(cache.lookup("a", for: 1, from: "10.0.0.1") == .render)
        #expect(cache.lookup("a", for: 2, from: "10.0.0.2") == .waiting)
        #expect(cache.finish("a", png: [1, 2, 3]) == [1, 2])
        #expect(cache.lookup("a", for: 3, from: "10.0.0.3") == .ready([1, 2, 3]))
        #expect(cache.renderingCount == 0)
    }

    @Test func tooManyDifferentRendersAtOnceAreRefused() {
        var cache = PosterCache<Int>(maxBytes: 100, maxRendering: 2)
        #expect(cache.lookup("a", for: 1, from: "10.0.0.1") == .render)
        #expect(cache.lookup("b", for: 2, from: "10.0.0.2") == .render)
        #expect(cache.lookup("c", for: 3, from: "10.0.0.3") == .busy)
        #expect(cache.lookup("a", for: 4, from: "10.0.0.4") == .waiting)  // joining a render in progress is fine
        #expect(cache.finish("b", png: nil) == [2])  // a failed render is not kept
        #expect(cache.lookup("b", for: 5, from: "10.0.0.5") == .render)
    }

    @Test func oneAddressCannotHoldTheWholeRenderQueueButMayJoinRendersInProgress() {
        var cache = PosterCache<Int>(maxBytes: 100, maxRendering: 8, maxRenderingPerAddress: 2)
        #expect(cache.lookup("a", for: 1, from: "nat") == .render)
        #expect(cache.lookup("b", for: 2, from: "nat") == .render)
        #expect(cache.lookup("c", for: 3, from: "nat") == .busy)
        #expect(cache.lookup("c", for: 4, from: "other") == .render)
        #expect(cache.lookup("a", for: 5, from: "nat") == .waiting)
        _ = cache.finish("a", png: [1])
        #expect(cache.lookup("c", for: 6, from: "nat") == .waiting)
        #expect(cache.lookup("d", for: 7, from: "nat") == .render)
    }

    @Test func theCacheKeepsTheMostRecentlyUsedPostersWithinItsBudget() {
        var cache = PosterCache<Int>(maxBytes: 10, maxRendering: 8)
        for key in ["a", "b", "c"] {
            _ = cache.lookup(key, for: 0, from: "a")
            _ = cache.finish(key, png: [UInt8](repeating: 0, count: 4))
        }
        // 12 bytes > 10: the least recently used ("a") went.
        #expect(cache.count == 2 && cache.bytes == 8)
        #expect(cache.lookup("a", for: 1, from: "10.0.0.1") == .render)
        #expect(cache.lookup("b", for: 1, from: "10.0.0.1") == .ready([0, 0, 0, 0]))
        _ = cache.finish("a", png: [0, 0, 0, 0])
        // "c" was used least recently now.
        #expect(cache.lookup("c", for: 2, from: "10.0.0.2") == .render)
        #expect(cache.lookup("b", for: 2, from: "10.0.0.2") == .ready([0, 0, 0, 0]))
    }

    @Test(arguments: [
        (nil, 200), (#""p-1""#, 304), (#"W/"p-1""#, 304), (#""x", "p-1""#, 304), ("*", 304), (#""p-2""#, 200),
    ] as [(String?, Int)])
    func validatedAnswersAreNotModifiedWhenTheClientHasThem(ifNoneMatch: String?, status: Int) {
        let response = APIResponse.validated(contentType: "image/png", body: [1], etag: #""p-1""#, cacheControl: "public, max-age=300", ifNoneMatch: ifNoneMatch)
        #expect(response.status == status)
        #expect(response.body == (status == 200 ? [1] : []))
        #expect(response.headers.contains { $0.name == "etag" && $0.value == #""p-1""# })
    }

    @Test func theHubKnowsTheCardsOfItsSessionsAndJobsOnly() throws {
        let hub = Fixtures.hub()
        #expect(hub.shareCard(session: "s1", job: nil, links: links)?.highlight == "共 3 个岗位")
        let card = try #require(hub.shareCard(session: "s1", job: "j3", links: links))
        #expect(card.subtitle == "迅达物流")  // the employer's name from the config
        #expect(hub.shareCard(session: "s1", job: "nope", links: links) == nil)
        #expect(hub.shareCard(session: "nope", job: nil, links: links) == nil)
    }
}
