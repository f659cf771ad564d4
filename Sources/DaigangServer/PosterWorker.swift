import DaigangCore

/// Renders posters on a `BackgroundWorker` thread, so the service thread never waits for cairo.
typealias PosterWorker = BackgroundWorker<ShareCard, PosterRender>

/// One finished poster render; `png` nil when cairo failed.
struct PosterRender: Sendable {
    let fingerprint: String
    let png: [UInt8]?
}

extension BackgroundWorker where Request == ShareCard, Output == PosterRender {
    convenience init(control: ServerControl) {
        self.init(name: "daigang-posters", control: control, ready: .postersReady) { card in
            PosterRender(fingerprint: card.fingerprint, png: PosterRenderer.png(for: card))
        }
    }
}
