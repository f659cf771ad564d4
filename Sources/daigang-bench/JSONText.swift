/// JSON string literals for the few messages and reports built by hand here.
///
/// The benchmark sends the same handful of tiny messages thousands of times; building them as
/// strings keeps Foundation's encoder out of the measured client CPU.
enum JSONText {
    /// `value` as a quoted, escaped JSON string.
    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
