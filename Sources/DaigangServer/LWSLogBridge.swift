internal import CLibWebSockets
import Logging

/// Where libwebsockets' own log lines go; lws takes a plain C function, so the logger is a constant.
private let lwsLogger = Logger(label: "daigang.lws")

/// Routes lws logging into swift-log; call once, after LoggingSystem.bootstrap.
public enum LWSLogBridge {
    public static func install(verbose: Bool) {
        let levels = verbose ? CLibWebSockets_logLevelsDefault() : CLibWebSockets_logLevelsQuiet()
        lws_set_log_level(levels) { level, line in
            guard let line else { return }
            var text = String(cString: line)
            while text.last == "\n" { text.removeLast() }
            let severity: Logger.Level =
                CLibWebSockets_isErrorLevel(level) != 0 ? .error : CLibWebSockets_isWarningLevel(level) != 0 ? .warning : .info
            lwsLogger.log(level: severity, "lws", metadata: ["lws.line": .string(text)])
        }
    }
}
