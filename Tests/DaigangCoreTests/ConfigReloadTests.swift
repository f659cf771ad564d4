import DaigangCore
import Foundation
import Testing

/// SIGHUP's judgement of a re-read config: live keys taken, the rest named and kept.
struct ConfigReloadTests {
    func config(_ change: (inout DaigangConfig) -> Void = { _ in }) throws -> DaigangConfig {
        var config = try DaigangConfig.parse(Data(ConfigTests.valid.utf8))
        change(&config)
        return config
    }

    @Test func anUnchangedFileChangesNothing() throws {
        let running = try config()
        let reload = ConfigReload(running: running, file: try config())
        #expect(reload.config == running)
        #expect(reload.changed.isEmpty)
        #expect(reload.needsRestart.isEmpty)
    }

    @Test func liveKeysAreTaken() throws {
        let file = try config {
            $0.server.unwelcomedPerAddress = 3
            $0.server.trustedProxies = ["127.0.0.1"]
            $0.limits.appliesPerMinutePerAddress = 99
            $0.hostToken = "a-new-host-token"
            $0.employers[0].hrToken = "a-new-hr-token"
        }
        let reload = ConfigReload(running: try config(), file: file)
        #expect(reload.config == file)
        #expect(reload.changed == [
            "server.unwelcomedPerAddress", "server.trustedProxies", "limits.appliesPerMinutePerAddress", "hostToken", "employers[].hrToken",
        ])
        #expect(reload.needsRestart.isEmpty)
    }

    @Test func restartKeysAreNamedAndKeepTheirRunningValue() throws {
        let running = try config()
        let file = try config {
            $0.server.port = 9999
            $0.server.webRoot = "/elsewhere/web"
            $0.server.requestTimeoutSeconds = 30
            $0.queue.maxLength = 50
            $0.dataDir = "/elsewhere"
            $0.server.bodiesPerAddress = 7
        }
        let reload = ConfigReload(running: running, file: file)
        #expect(reload.needsRestart == ["server.port", "server.webRoot", "server.requestTimeoutSeconds", "queue.maxLength", "dataDir"])
        #expect(reload.changed == ["server.bodiesPerAddress"])
        #expect(reload.config.server.port == running.server.port)
        #expect(reload.config.server.webRoot == running.server.webRoot)
        #expect(reload.config.queue.maxLength == running.queue.maxLength)
        #expect(reload.config.server.bodiesPerAddress == 7)
    }

    @Test func aChangedEmployerListWaitsForARestartTokensIncluded() throws {
        let running = try config()
        let file = try config {
            $0.employers[0].name = "Acme Renamed"
            $0.employers[0].hrToken = "a-new-hr-token"
        }
        let reload = ConfigReload(running: running, file: file)
        #expect(reload.needsRestart == ["employers"])
        #expect(reload.config.employers == running.employers)
    }

    @Test func aSecondReloadComparesAgainstTheFirst() throws {
        let first = ConfigReload(running: try config(), file: try config { $0.server.maxConnections = 100 })
        let second = ConfigReload(running: first.config, file: try config { $0.server.maxConnections = 100 })
        #expect(first.changed == ["server.maxConnections"])
        #expect(second.changed.isEmpty)
    }

    @Test func theHubSignsInWithTheNewTokenAfterAnUpdate() throws {
        let running = try config()
        let hub = Hub(settings: running.hubSettings)
        hub.connect(ConnectionID(1), address: "10.0.0.1", now: 0)
        hub.updateSettings(try config { $0.hostToken = "a-new-host-token" }.hubSettings)
        let hello = #"{"type":"hello","session":"s1","role":"host","token":"a-new-host-token"}"#
        let effects = hub.receive(text: Array(hello.utf8), from: ConnectionID(1), now: 0)
        #expect(hub.isWelcomed(ConnectionID(1)), "\(effects)")
    }
}
