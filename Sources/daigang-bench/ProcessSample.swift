internal import Glibc

/// CPU time and memory of a process at one moment: this benchmark (getrusage) or the server
/// (/proc/PID/stat and /proc/PID/status).
struct ProcessSample {
    /// User + system CPU time, nanoseconds.
    var cpuNanos: UInt64
    /// Resident set now (VmRSS), KiB.
    var rssKiB: Int?
    /// Peak resident set since the process started (VmHWM), KiB.
    var peakKiB: Int?

    /// This process, via getrusage(RUSAGE_SELF).
    static func current() -> ProcessSample {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let micros = (Int(usage.ru_utime.tv_sec) + Int(usage.ru_stime.tv_sec)) * 1_000_000
            + Int(usage.ru_utime.tv_usec) + Int(usage.ru_stime.tv_usec)
        return ProcessSample(cpuNanos: UInt64(micros) * 1000, rssKiB: nil, peakKiB: Int(usage.ru_maxrss))
    }

    /// Another process (the server), or nil when /proc has no such process.
    static func of(pid: Int32) -> ProcessSample? {
        guard let stat = readFile("/proc/\(pid)/stat"), let status = readFile("/proc/\(pid)/status") else { return nil }
        // The command name is in parentheses and may hold spaces: count fields after the last ')'.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let rest = stat[stat.index(after: close)...].split(separator: " ")
        // rest[0] is field 3 (state); utime and stime are fields 14 and 15.
        guard rest.count > 12, let user = UInt64(rest[11]), let system = UInt64(rest[12]) else { return nil }
        let ticksPerSecond = UInt64(max(1, sysconf(Int32(_SC_CLK_TCK))))
        return ProcessSample(
            cpuNanos: (user + system) * 1_000_000_000 / ticksPerSecond,
            rssKiB: kibibytes(in: status, field: "VmRSS:"),
            peakKiB: kibibytes(in: status, field: "VmHWM:")
        )
    }

    private static func kibibytes(in status: String, field: String) -> Int? {
        for line in status.split(separator: "\n") where line.hasPrefix(field) {
            return line.dropFirst(field.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Int($0) }
        }
        return nil
    }

    /// A small text file, read with plain system calls.
    static func readFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
