/// Splices already-encoded JSON into an encoded object, so a large part is encoded once and reused.
enum RawJSON {
    /// `object` with `"name": value` added as its last field; both must be valid JSON, `object` an object.
    static func adding(_ name: String, _ value: [UInt8], to object: [UInt8]) -> [UInt8] {
        precondition(object.last == UInt8(ascii: "}"), "not a JSON object")
        var result = object
        result.removeLast()
        if result.last != UInt8(ascii: "{") { result.append(UInt8(ascii: ",")) }
        result.append(UInt8(ascii: "\""))
        result += Array(name.utf8)
        result += Array("\":".utf8)
        result += value
        result.append(UInt8(ascii: "}"))
        return result
    }

    /// `{"online":1,"applications":2,"queue":3}` without an encoder: it is spliced into every welcome.
    static func counters(_ counters: Counters) -> [UInt8] {
        Array("{\"applications\":\(counters.applications),\"online\":\(counters.online),\"queue\":\(counters.queue)}".utf8)
    }
}
