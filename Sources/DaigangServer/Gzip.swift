internal import CZlib

/// gzip through zlib, for answers worth compressing (pages, the job catalog); each is
/// compressed once per version and the bytes are shared by every client that accepts gzip.
enum Gzip {
    /// The gzip encoding of `bytes` at the best compression (done once per version, read many times);
    /// nil if zlib fails, in which case the caller serves the plain bytes.
    static func compress(_ bytes: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        guard CZlib_deflateInitGzip(&stream, Z_BEST_COMPRESSION) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))))
        let status = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                // zlib does not write through next_in; the cast is its API's, not a mutation.
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        return Array(output.prefix(Int(stream.total_out)))
    }
}
