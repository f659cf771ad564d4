internal import Glibc

/// RLIMIT_NOFILE: ten thousand viewers need ten thousand descriptors.
enum OpenFileLimit {
    /// Raises the soft limit to the hard one and returns the limit now in force.
    static func raiseToHardLimit() throws(BenchError) -> Int {
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &limit) == 0 else { throw .system("getrlimit", errno: errno) }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            guard setrlimit(resource, &limit) == 0 else { throw .system("setrlimit", errno: errno) }
        }
        return Int(clamping: limit.rlim_cur)
    }
}
