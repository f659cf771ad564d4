import DaigangBuildInfo
import DaigangCore
import DaigangStore
import Foundation

extension HubServer {
    /// `/readyz` and `/version` (`/healthz`, "the process answers", stays in `answer`); nil for other paths.
    ///
    /// Ready means this listener answers (it does, or nobody would read this), the server is not
    /// shutting down, and the store takes writes: a store whose last batch failed (disk full, I/O
    /// error, read-only) makes it 503 until a write or the store's own probe succeeds again.
    func healthAnswer(path: String) -> APIResponse? {
        switch path {
        case "/readyz":
            guard let reason = notReadyReason else { return APIResponse(status: 200, body: Array(#"{"ready":true}"#.utf8)) }
            let body = (try? JSONSerialization.data(withJSONObject: ["ready": false, "reason": reason], options: [.sortedKeys])) ?? Data()
            return APIResponse(status: 503, body: Array(body), headers: [("retry-after", "1")])
        case "/version":
            return APIResponse(status: 200, body: Array(BuildInfo.json.utf8))
        default:
            return nil
        }
    }

    /// Why the server should get no traffic now, in a few words (no paths, nothing personal).
    private var notReadyReason: String? {
        if isDraining { return "shutting down" }
        guard let store else { return "running without a store: applications are refused" }
        guard let refusal = store.writeRefusal else { return nil }
        let cause = refusal.errno.map { String(cString: strerror($0)) } ?? "I/O error"
        return "the store refuses writes (\(cause))"
    }
}
