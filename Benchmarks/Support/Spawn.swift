import Foundation

/// A child process started with posix_spawn, with an empty signal mask (a benchmark's
/// threads may block signals, and a child must not inherit that).
public struct Child: Sendable {
    public let pid: pid_t
    public let startedAt: UInt64

    /// What `wait` learned: exit status, peak memory and CPU.
    public struct Ending: Sendable {
        public var status: Int32
        public var peakMegabytes: Double
        public var cpuSeconds: Double
        public var endedAt: UInt64
    }

    /// Starts `arguments[0]` with `environment`. With `terminal`, the child runs in its own
    /// session with that path as its controlling terminal on 0, 1 and 2; otherwise its
    /// output goes to `output` (a path; /dev/null by default) and input is /dev/null.
    public static func start(_ arguments: [String], environment: [String: String], terminal: String? = nil,
                             output: String = "/dev/null", keepErrors: Bool = false) throws -> Child {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var flags = Int32(POSIX_SPAWN_SETSIGMASK)
        if let terminal {
            flags |= 0x80 // POSIX_SPAWN_SETSID (glibc), not exported to Swift
            posix_spawn_file_actions_addopen(&actions, 0, terminal, O_RDWR, 0)
            posix_spawn_file_actions_adddup2(&actions, 0, 1)
            posix_spawn_file_actions_adddup2(&actions, 0, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            if !keepErrors { posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) }
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let started = monotonicNanoseconds()
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw BenchError("cannot start \(arguments[0]): \(String(cString: strerror(result)))")
        }
        return Child(pid: pid, startedAt: started)
    }

    /// Waits for the child to end.
    public func wait() -> Ending {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
        let ended = monotonicNanoseconds()
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return Ending(status: status, peakMegabytes: Double(usage.ru_maxrss) / 1024, cpuSeconds: cpu, endedAt: ended)
    }

    /// Runs a command to its end: milliseconds from start to exit, and what `wait` learned.
    public static func run(_ arguments: [String], environment: [String: String], output: String = "/dev/null") throws -> (ms: Double, ending: Ending) {
        let child = try start(arguments, environment: environment, output: output)
        let ending = child.wait()
        guard ending.status == 0 else {
            throw BenchError("\(arguments.joined(separator: " ")) exited with status \(ending.status)")
        }
        return (Double(ending.endedAt - child.startedAt) / 1e6, ending)
    }
}

/// Drops the file's pages from the operating system's cache, so the next open reads the
/// disk (a cold start, without needing root for /proc/sys/vm/drop_caches).
public func evictFromPageCache(_ path: String) {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return }
    fdatasync(descriptor)
    posix_fadvise(descriptor, 0, 0, Int32(POSIX_FADV_DONTNEED))
    close(descriptor)
}
