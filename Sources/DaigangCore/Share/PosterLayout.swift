/// The poster's fixed geometry, in pixels: 3:4 portrait, sharp on a phone, legible on a stream
/// overlay, and small as a PNG (mostly flat colour). PROTOCOL.md "Sharing" documents the size.
public enum PosterLayout {
    public static let width = 720
    public static let height = 960
    /// Left and right margin of all text.
    public static let margin = 48
    /// The red band at the top holding the session title.
    public static let bandHeight = 150
    /// The QR code's side (quiet zone included) and its top edge; centred horizontally.
    public static let qrSide = 300
    public static let qrTop = 584
}
