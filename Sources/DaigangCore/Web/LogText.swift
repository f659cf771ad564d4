/// Client-supplied text made safe for a log line: control characters (a terminal escape, a line
/// break that would forge a new line) are written as `\u{…}`, and the length is capped.
public enum LogText {
    public static func clean(_ text: String, maxScalars: Int = 200) -> String {
        var out = ""
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index == maxScalars {
                out += "…"
                break
            }
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
