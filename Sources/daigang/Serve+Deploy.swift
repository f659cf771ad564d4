import DaigangServer
import Foundation
import Logging

/// What `serve` does for running as a service: the open-file limit and SIGHUP.
extension Serve {
    /// Raises the open-file limit and lowers `maxConnections` to what it leaves room for.
    static func raiseOpenFileLimit(for options: inout ServerOptions, logger: Logger) -> OpenFileLimit {
        let files = OpenFileLimit.raise()
        logger.info("open-file limit", metadata: [
            "files.previous": "\(files.previous)", "files.soft": "\(files.soft)", "files.hard": "\(files.hard)",
            "connections.ceiling": "\(files.connectionCeiling)",
        ])
        options.maxConnections = fitToOpenFiles(options.maxConnections, ceiling: files.connectionCeiling, logger: logger)
        return files
    }

    /// `maxConnections`, or the ceiling when the open-file limit is lower (with a warning naming the fix).
    static func fitToOpenFiles(_ maxConnections: Int, ceiling: Int, logger: Logger) -> Int {
        guard maxConnections > ceiling else { return maxConnections }
        logger.warning("server.maxConnections is above what the open-file limit allows; lowered (raise LimitNOFILE= or ulimit -n)", metadata: [
            "server.maxConnections": "\(maxConnections)", "connections.ceiling": "\(ceiling)",
        ])
        return ceiling
    }

    /// SIGTERM and SIGINT start a graceful shutdown; SIGHUP reloads the certificate and the config.
    static func forwardSignals(_ signals: sigset_t, to control: ServerControl, reloader: ConfigReloader) {
        let waiter = Thread {
            var set = signals
            var received: Int32 = 0
            var reloader = reloader
            while sigwait(&set, &received) == 0 {
                if received == SIGHUP {
                    control.post(.reloadRequested(reloader.reload()))
                } else {
                    control.requestShutdown()
                }
            }
        }
        waiter.name = "daigang-signals"
        waiter.start()
    }
}
