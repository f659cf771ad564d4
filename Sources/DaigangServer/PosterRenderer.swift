internal import CCairo
import DaigangCore

/// Draws a `ShareCard` as a PNG poster with cairo: the session title on a red band, the job
/// title, employer, pay and tags, and the QR code of the card's link (PosterLayout's geometry).
///
/// The one file that talks to cairo. Every cairo object is created and destroyed inside `png(for:)`
/// (`defer` right after each create), nothing escapes it, and the PNG bytes are copied into a
/// Swift array while cairo writes them. Runs on the poster thread (`PosterWorker`), never on the
/// service thread; cairo contexts are not shared between threads.
enum PosterRenderer {
    /// The CJK font (Debian `fonts-wqy-microhei`); fontconfig substitutes the nearest font if absent.
    static let fontFamily = "WenQuanYi Micro Hei"

    /// The poster, or nil if cairo failed (out of memory, no QR code for the link).
    static func png(for card: ShareCard) -> [UInt8]? {
        guard let code = QRCode(card.link) else { return nil }
        // Owned here: destroyed when this function returns.
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(PosterLayout.width), Int32(PosterLayout.height))
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { return nil }
        // Owned here too, and destroyed before the surface (defers run in reverse).
        let cr = cairo_create(surface)
        defer { cairo_destroy(cr) }
        guard let cr, cairo_status(cr) == CAIRO_STATUS_SUCCESS else { return nil }
        Canvas(cr: cr).draw(card, code: code)
        cairo_surface_flush(surface)
        return encodePNG(surface)
    }

    /// Receives the PNG as cairo writes it, through the stream callback's closure pointer.
    private final class PNGSink {
        var bytes: [UInt8] = []
    }

    private static func encodePNG(_ surface: OpaquePointer?) -> [UInt8]? {
        let sink = PNGSink()
        let status = withExtendedLifetime(sink) {
            // Unretained: `sink` outlives the call (withExtendedLifetime), and cairo keeps no pointer after it returns.
            cairo_surface_write_to_png_stream(surface, { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                let sink = Unmanaged<PNGSink>.fromOpaque(closure).takeUnretainedValue()
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())
        }
        return status == CAIRO_STATUS_SUCCESS ? sink.bytes : nil
    }

    /// Drawing helpers over one cairo context, valid only inside `png(for:)`.
    private struct Canvas {
        let cr: OpaquePointer

        private static let red = (0.776, 0.157, 0.157)
        private static let ink = (0.11, 0.11, 0.11)
        private static let grey = (0.38, 0.38, 0.38)
        private static let white = (1.0, 1.0, 1.0)
        private static let chip = (0.99, 0.91, 0.91)

        func draw(_ card: ShareCard, code: QRCode) {
            let margin = Double(PosterLayout.margin)
            let width = Double(PosterLayout.width)
            let textWidth = width - 2 * margin
            fill(Self.white, x: 0, y: 0, width: width, height: Double(PosterLayout.height))
            fill(Self.red, x: 0, y: 0, width: width, height: Double(PosterLayout.bandHeight))

            var y = 46.0
            y = paragraph("直播带岗 · 扫码看岗位", size: 24, bold: false, colour: (1.0, 0.85, 0.85), at: y, width: textWidth, lines: 1, leading: 46)
            // A session's poster has its title below; the band then invites instead of repeating it.
            let band = card.title == card.sessionTitle ? "在线招聘会 · 进直播间看岗位、一键报名" : card.sessionTitle
            _ = paragraph(band, size: 34, bold: true, colour: Self.white, at: y, width: textWidth, lines: 2, leading: 40)

            y = Double(PosterLayout.bandHeight) + 80
            y = paragraph(card.title, size: 50, bold: true, colour: Self.ink, at: y, width: textWidth, lines: 2, leading: 62)
            if let subtitle = card.subtitle {
                y = paragraph(subtitle, size: 30, bold: false, colour: Self.grey, at: y - 8, width: textWidth, lines: 1, leading: 58)
            }
            y = paragraph(card.highlight, size: 44, bold: true, colour: Self.red, at: y + 6, width: textWidth, lines: 1, leading: 40)
            chips(card.tags, top: y, limit: Double(PosterLayout.qrTop) - 24)

            drawQR(code)
            setFont(size: 26, bold: false)
            let caption = "长按识别二维码 · 查看岗位 · 一键报名"
            let captionX = (width - advance(caption)) / 2
            show(caption, x: captionX, y: Double(PosterLayout.qrTop + PosterLayout.qrSide) + 44, colour: Self.grey)
        }

        /// Wraps `text` into at most `lines` lines (the last one ellipsized), draws them from
        /// baseline `y`, and returns the baseline after the last line plus `leading`.
        private func paragraph(_ text: String, size: Double, bold: Bool, colour: (Double, Double, Double), at y: Double, width: Double, lines: Int, leading: Double) -> Double {
            setFont(size: size, bold: bold)
            var baseline = y
            for line in wrapped(text, width: width, lines: lines) {
                show(line, x: Double(PosterLayout.margin), y: baseline, colour: colour)
                baseline += leading
            }
            return baseline
        }

        /// Greedy wrapping by character (Chinese has no spaces to break at).
        private func wrapped(_ text: String, width: Double, lines maxLines: Int) -> [String] {
            var lines: [String] = []
            var current = ""
            var isCut = false
            for character in text.map({ $0.isNewline ? " " : $0 }) {
                if !current.isEmpty, advance(current + String(character)) > width {
                    if lines.count == maxLines - 1 {
                        isCut = true
                        break
                    }
                    lines.append(current)
                    current = ""
                }
                current.append(character)
            }
            if isCut {
                while !current.isEmpty, advance(current + "…") > width { current.removeLast() }
                current += "…"
            }
            if !current.isEmpty { lines.append(current) }
            return lines
        }

        /// Tags as rounded chips, wrapping to a new row; rows that would pass `limit` are dropped.
        private func chips(_ tags: [String], top: Double, limit: Double) {
            setFont(size: 26, bold: false)
            let height = 44.0, padding = 16.0, gap = 12.0
            let right = Double(PosterLayout.width - PosterLayout.margin)
            var x = Double(PosterLayout.margin), y = top
            for tag in tags {
                let label = wrapped(tag, width: right - Double(PosterLayout.margin) - 2 * padding, lines: 1).first ?? ""
                let width = advance(label) + 2 * padding
                if x + width > right, x > Double(PosterLayout.margin) {
                    x = Double(PosterLayout.margin)
                    y += height + gap
                }
                guard y + height <= limit else { return }
                roundedRectangle(x: x, y: y, width: width, height: height, radius: 10)
                setColour(Self.chip)
                cairo_fill(cr)
                show(label, x: x + padding, y: y + 31, colour: Self.red)
                x += width + gap
            }
        }

        /// The QR code on white, centred, each module a whole number of pixels (sharp when scanned).
        private func drawQR(_ code: QRCode) {
            let side = PosterLayout.qrSide
            let left = (PosterLayout.width - side) / 2
            fill(Self.white, x: Double(left), y: Double(PosterLayout.qrTop), width: Double(side), height: Double(side))
            let modules = code.width + 2 * QRCode.quietZone
            let scale = max(1, side / modules)
            let offset = (side - scale * modules) / 2 + scale * QRCode.quietZone
            setColour((0, 0, 0))
            for y in 0..<code.width {
                for x in 0..<code.width where code.isDark(x: x, y: y) {
                    cairo_rectangle(cr, Double(left + offset + x * scale), Double(PosterLayout.qrTop + offset + y * scale), Double(scale), Double(scale))
                }
            }
            cairo_fill(cr)
        }

        private func roundedRectangle(x: Double, y: Double, width: Double, height: Double, radius: Double) {
            cairo_new_sub_path(cr)
            cairo_arc(cr, x + width - radius, y + radius, radius, -Double.pi / 2, 0)
            cairo_arc(cr, x + width - radius, y + height - radius, radius, 0, Double.pi / 2)
            cairo_arc(cr, x + radius, y + height - radius, radius, Double.pi / 2, Double.pi)
            cairo_arc(cr, x + radius, y + radius, radius, Double.pi, 3 * Double.pi / 2)
            cairo_close_path(cr)
        }

        private func fill(_ colour: (Double, Double, Double), x: Double, y: Double, width: Double, height: Double) {
            setColour(colour)
            cairo_rectangle(cr, x, y, width, height)
            cairo_fill(cr)
        }

        private func setColour(_ colour: (Double, Double, Double)) {
            cairo_set_source_rgb(cr, colour.0, colour.1, colour.2)
        }

        private func setFont(size: Double, bold: Bool) {
            cairo_select_font_face(cr, PosterRenderer.fontFamily, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
            cairo_set_font_size(cr, size)
        }

        /// How far `text` moves the pen in the current font.
        private func advance(_ text: String) -> Double {
            var extents = cairo_text_extents_t()
            cairo_text_extents(cr, text, &extents)
            return extents.x_advance
        }

        private func show(_ text: String, x: Double, y: Double, colour: (Double, Double, Double)) {
            setColour(colour)
            cairo_move_to(cr, x, y)
            cairo_show_text(cr, text)
        }
    }
}
