internal import CQREncode

/// QR codes through libqrencode: the viewer link for the stream overlay (SVG) and for posters.
struct QRCode: Equatable {
    /// Modules per side, without a quiet zone.
    let width: Int
    /// Row by row, `width * width` modules; true is dark.
    let modules: [Bool]

    /// The quiet zone the standard asks for around the code, in modules.
    static let quietZone = 4

    /// The code of `text`, or nil if libqrencode cannot encode it.
    init?(_ text: String) {
        // The QRcode is owned here: created by libqrencode, copied out, freed before returning.
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        self.width = width
        modules = (0..<width * width).map { code.pointee.data[$0] & 1 == 1 }
    }

    func isDark(x: Int, y: Int) -> Bool { modules[y * width + x] }

    /// An SVG drawing of `text`, or nil if libqrencode cannot encode it.
    static func svg(for text: String) -> String? {
        guard let code = QRCode(text) else { return nil }
        let size = code.width + 2 * quietZone
        var path = ""
        for y in 0..<code.width {
            for x in 0..<code.width where code.isDark(x: x, y: y) {
                path += "M\(x + quietZone) \(y + quietZone)h1v1h-1z"
            }
        }
        return """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(size) \(size)" shape-rendering="crispEdges">\
        <rect width="\(size)" height="\(size)" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
        """
    }
}
