/// Mainland China mobile numbers: how applicants type them and how we show them.
public enum PhoneNumber {
    /// The 11 digits of a mobile number, tolerating spaces, dashes and a +86 / 86 prefix; nil if it is not one.
    public static func normalize(_ input: String) -> String? {
        var digits = ""
        var sawPlus = false
        for (index, character) in input.enumerated() {
            if character == "+" && index == 0 { sawPlus = true; continue }
            if character == " " || character == "-" || character == "\u{3000}" { continue }
            guard character.isASCII, character.isNumber else { return nil }
            digits.append(character)
        }
        if digits.count == 13 && digits.hasPrefix("86") { digits.removeFirst(2) } else if sawPlus { return nil }
        guard digits.count == 11, digits.hasPrefix("1"), let second = digits.dropFirst().first, ("3"..."9").contains(second) else {
            return nil
        }
        return digits
    }

    /// `138****5678`: enough for a person to recognise, not enough to call.
    public static func mask(_ phone: String) -> String {
        guard phone.count == 11 else { return String(repeating: "*", count: phone.count) }
        return phone.prefix(3) + "****" + phone.suffix(4)
    }
}
