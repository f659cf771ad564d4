internal import CLibWebSockets
import DaigangCore

/// What a trusted reverse proxy tells us about the client's own request.
extension HubServer {
    /// The scheme and host the client used: ours, or what a trusted proxy forwards
    /// (`X-Forwarded-Proto`, `X-Forwarded-Host`). The Origin check compares against this.
    func proxiedRequest(_ wsi: OpaquePointer) -> ProxiedRequest {
        let isFromTrustedProxy = !options.trustedProxies.isEmpty
            && options.trustedProxies.contains(ClientAddress.normalize(peerAddress(wsi)))
        return ProxiedRequest(
            host: header(wsi, WSI_TOKEN_HOST), isTLS: options.usesTLS,
            forwardedHost: isFromTrustedProxy ? customHeader(wsi, "X-Forwarded-Host") : nil,
            forwardedProto: isFromTrustedProxy ? customHeader(wsi, "X-Forwarded-Proto") : nil,
            isFromTrustedProxy: isFromTrustedProxy
        )
    }

    /// A header lws has no token for, or nil when absent or unreasonably long. lws matches the
    /// name byte for byte (colon included), so both the usual and the lower-case spelling are asked.
    func customHeader(_ wsi: OpaquePointer, _ name: String) -> String? {
        for spelling in [name + ":", name.lowercased() + ":"] {
            let nameLength = Int32(spelling.utf8.count)
            let length = Int(lws_hdr_custom_length(wsi, spelling, nameLength))
            guard length >= 0 else { continue }
            guard length < 1024 else { return nil }
            var buffer = [CChar](repeating: 0, count: length + 1)
            guard lws_hdr_custom_copy(wsi, &buffer, Int32(buffer.count), spelling, nameLength) >= 0 else { return nil }
            return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return nil
    }
}
