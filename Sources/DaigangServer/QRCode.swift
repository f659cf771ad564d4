internal import CQREncode

/// QR codes as SVG, through libqrencode; the host console shows the viewer link for the stream overlay.
enum QRCode {
    /// An SVG drawing of `text`, or nil if libqrencode cannot encode it.
    static func svg(for text: String) -> String? {
        // The QRcode is owned here: created by libqrencode, freed before returning.
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let margin = 4
        let size = width + 2 * margin
        var path = ""
        for y in 0..<width {
            for x in 0..<width where code.pointee.data[y * width + x] & 1 == 1 {
                path += "M\(x + margin) \(y + margin)h1v1h-1z"
            }
        }
        return """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(size) \(size)" shape-rendering="crispEdges">\
        <rect width="\(size)" height="\(size)" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
        """
    }
}
