internal import CGzipZlib

/// gzip through zlib, for answers worth compressing (pages, the job catalog); each is
/// compressed once per version and the bytes are shared by every client that accepts gzip.
enum Gzip {
    /// How hard to try: pages are compressed once at start; the catalog again after every job
    /// edit, on the service thread, where zlib's default level takes about 2.5× less time than
    /// its best for ~10% more bytes (3,500 jobs: ~20 ms against ~45 ms).
    enum Effort {
        case best, balanced

        var level: Int32 { self == .best ? Z_BEST_COMPRESSION : Z_DEFAULT_COMPRESSION }
    }

    /// The gzip encoding of `bytes`; nil if zlib fails, in which case the caller serves the plain bytes.
    static func compress(_ bytes: [UInt8], effort: Effort) -> [UInt8]? {
        var stream = z_stream()
        guard CZlib_deflateInitGzip(&stream, effort.level) == Z_OK else { return nil }
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
