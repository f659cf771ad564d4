/// Cuts complete HTTP/1.1 responses off the front of a byte stream (keep-alive, pipelined).
///
/// Understands `Content-Length` and `Transfer-Encoding: chunked` (nginx and lws use both);
/// a response with neither is taken to have no body.
enum HTTPResponseParser {
    enum Outcome {
        case incomplete
        case complete(HTTPResponse, consumed: Int)
        case invalid(String)
    }

    static func parse(_ buffer: UnsafeRawBufferPointer) -> Outcome {
        guard let headerEnd = WebSocketClient.headerEnd(buffer) else {
            return buffer.count > 64 * 1024 ? .invalid("response headers longer than 64 KiB") : .incomplete
        }
        let head = String(decoding: UnsafeRawBufferPointer(rebasing: buffer[0..<headerEnd]), as: UTF8.self)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: true)
        guard !lines.isEmpty else { return .invalid("empty response head") }
        let statusParts = lines.removeFirst().split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]) else {
            return .invalid("bad status line")
        }
        var contentLength: Int?
        var isChunked = false
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingPrefix(" ")
            if name == "content-length" {
                contentLength = Int(value)
            } else if name == "transfer-encoding", value.lowercased().contains("chunked") {
                isChunked = true
            }
        }
        if isChunked {
            return parseChunks(buffer, from: headerEnd, status: status)
        }
        let length = contentLength ?? 0
        guard buffer.count - headerEnd >= length else { return .incomplete }
        let body = Array(UnsafeRawBufferPointer(rebasing: buffer[headerEnd..<(headerEnd + length)]))
        return .complete(HTTPResponse(status: status, body: body), consumed: headerEnd + length)
    }

    private static func parseChunks(_ buffer: UnsafeRawBufferPointer, from start: Int, status: Int) -> Outcome {
        var body: [UInt8] = []
        var offset = start
        while true {
            guard let lineEnd = lineEnd(buffer, from: offset) else { return .incomplete }
            let sizeText = String(decoding: UnsafeRawBufferPointer(rebasing: buffer[offset..<lineEnd]), as: UTF8.self)
            let hex = sizeText.split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(hex.trimmingPrefix(" "), radix: 16) else { return .invalid("bad chunk size \(sizeText)") }
            offset = lineEnd + 2
            if size == 0 {
                // Trailers (none expected) end with an empty line.
                while true {
                    guard let end = self.lineEnd(buffer, from: offset) else { return .incomplete }
                    let isEmpty = end == offset
                    offset = end + 2
                    if isEmpty { break }
                }
                return .complete(HTTPResponse(status: status, body: body), consumed: offset)
            }
            guard buffer.count - offset >= size + 2 else { return .incomplete }
            body.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + size)]))
            offset += size + 2
        }
    }

    /// The index of the next CRLF at or after `start`.
    private static func lineEnd(_ buffer: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var index = start
        while index + 1 < buffer.count {
            if buffer[index] == 13 && buffer[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }
}
