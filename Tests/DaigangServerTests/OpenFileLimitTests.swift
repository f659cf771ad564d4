import DaigangServer
import Testing

/// How many WebSocket connections an open-file limit leaves room for.
struct OpenFileLimitTests {
    @Test(arguments: [1024, 4096, 20_000, 65_536])
    func theCeilingWithItsHTTPHeadroomFitsTheLimit(files: Int) {
        let ceiling = OpenFileLimit.connectionCeiling(openFiles: files)
        #expect(ceiling + ServerOptions.httpHeadroom(forConnections: ceiling) + OpenFileLimit.reserved <= files)
        // ...and it is the largest that does.
        let next = ceiling + 1
        #expect(next + ServerOptions.httpHeadroom(forConnections: next) + OpenFileLimit.reserved > files)
    }

    @Test func aDefaultSoftLimitLeavesRoomForUnderAThousand() {
        #expect(OpenFileLimit.connectionCeiling(openFiles: 1024) == 915)
        #expect(OpenFileLimit.connectionCeiling(openFiles: 65_536) >= 19_000, "the config's maximum fits LimitNOFILE=65536")
    }

    @Test func aTinyLimitStillAllowsOne() {
        #expect(OpenFileLimit.connectionCeiling(openFiles: 10) == 1)
    }
}
