import Foundation
import Synchronization

/// A TCP forwarder that holds every chunk `delay` before passing it on, in each direction:
/// a server 2 × `delay` of round trip away, on loopback (issue 14: PostgreSQL through 5 ms
/// each way). Order is kept and reading never waits for the delay, so only latency is
/// added, not a cap on throughput. It also counts the client's round trips: each time a
/// client sends after it has received something (or for the first time) is one, so a
/// request and its whole answer count once however TCP cuts them into chunks; the TCP
/// handshake, which the proxy makes take a round trip too, counts as one.
public final class DelayProxy: Sendable {
    public let port: Int
    public let delay: TimeInterval
    private let listener: Int32
    private let upstream: sockaddr_in
    private let state = Mutex(State())

    private struct State {
        var stopped = false
        /// Round trips of each connection, in the order they were accepted.
        var roundTrips: [Int] = []
        var sockets: [Int32] = []
    }

    /// What the proxy has seen so far.
    public struct Counts: Sendable, Equatable {
        /// Round trips of each connection, in the order the client opened them.
        public var roundTrips: [Int]
        public init(roundTrips: [Int]) { self.roundTrips = roundTrips }
        public var connections: Int { roundTrips.count }
        public var total: Int { roundTrips.reduce(0, +) }
    }

    /// Listens on a free loopback port and forwards each connection to `host`:`port`.
    public init(to host: String = "127.0.0.1", port upstreamPort: Int, delay: TimeInterval = 0.005) throws {
        self.delay = delay
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(upstreamPort).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw BenchError("the proxy needs an IPv4 address, not \(host)") }
        upstream = address

        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw BenchError("proxy: socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        local.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &local) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(listener, address, length) == 0 && listen(listener, 64) == 0 && getsockname(listener, address, &length) == 0
            }
        }
        guard bound else {
            close(listener)
            throw BenchError("proxy: cannot listen on loopback: \(String(cString: strerror(errno)))")
        }
        self.listener = listener
        port = Int(UInt16(bigEndian: local.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "proxy.accept"
        thread.start()
    }

    public var counts: Counts { Counts(roundTrips: state.withLock { $0.roundTrips }) }

    /// Forgets the connections counted so far (they keep being forwarded).
    public func resetCounts() {
        state.withLock { $0.roundTrips = $0.roundTrips.map { _ in 0 } }
    }

    /// Stops accepting and closes every connection.
    public func stop() {
        let sockets = state.withLock { state in
            state.stopped = true
            return state.sockets
        }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for socket in sockets { shutdown(socket, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = upstream
            let connected = server >= 0 && withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            guard connected else {
                close(client)
                if server >= 0 { close(server) }
                continue
            }
            var one: Int32 = 1
            for socket in [client, server] {
                // No Nagle: a small message goes out when the delay is over, not later.
                setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            }
            let (index, stopped) = state.withLock { state in
                state.roundTrips.append(0)
                state.sockets += [client, server]
                return (state.roundTrips.count - 1, state.stopped)
            }
            if stopped {
                close(client)
                close(server)
                return
            }
            // The client's connect returned at once (the kernel accepted it); over a real
            // network it would have taken a round trip. What it sends in the meantime
            // waits in the socket, as it would have waited for the handshake: one round
            // trip, counted as one.
            state.withLock { $0.roundTrips[index] += 1 }
            let delay = self.delay
            let turn = Turn()
            let up = Pipe(from: client, to: server, delay: delay) { [self] in
                if turn.clientSends() { state.withLock { $0.roundTrips[index] += 1 } }
            }
            let down = Pipe(from: server, to: client, delay: delay) { turn.serverSends() }
            let handshake = Thread {
                usleep(UInt32(2 * delay * 1e6))
                up.start()
                down.start()
            }
            handshake.start()
        }
    }
}

/// Who spoke last on a connection: a client that speaks after the server has is a new
/// round trip.
private final class Turn: Sendable {
    private let serverSpokeLast = Mutex(true)
    func clientSends() -> Bool {
        serverSpokeLast.withLock { last in
            let turned = last
            last = false
            return turned
        }
    }
    func serverSends() { serverSpokeLast.withLock { $0 = true } }
}

/// One direction of a connection: a reader that stamps each chunk, and a writer that
/// sends it once its delay is over. At the end of the input the other side is told so.
private final class Pipe: Sendable {
    private let source: Int32
    private let target: Int32
    private let delay: TimeInterval
    private let onChunk: @Sendable () -> Void
    private let queue = Mutex<[(due: UInt64, bytes: [UInt8])]>([])
    private let ended = Mutex(false)
    private let ready = DispatchSemaphore(value: 0)

    init(from source: Int32, to target: Int32, delay: TimeInterval, onChunk: @escaping @Sendable () -> Void) {
        self.source = source
        self.target = target
        self.delay = delay
        self.onChunk = onChunk
    }

    func start() {
        let reader = Thread { [self] in read() }
        let writer = Thread { [self] in write() }
        reader.stackSize = 1 << 18
        writer.stackSize = 1 << 18
        reader.start()
        writer.start()
    }

    private func read() {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(source, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            onChunk()
            let due = monotonicNanoseconds() + UInt64(delay * 1e9)
            queue.withLock { $0.append((due, Array(buffer[0..<count]))) }
            ready.signal()
        }
        ended.withLock { $0 = true }
        ready.signal()
    }

    private func write() {
        while true {
            ready.wait()
            guard let (due, bytes) = queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else {
                if ended.withLock({ $0 }) { break }
                continue
            }
            let now = monotonicNanoseconds()
            if due > now { usleep(UInt32((due - now) / 1_000)) }
            var sent = 0
            while sent < bytes.count {
                let written = bytes.withUnsafeBytes { raw -> Int in
                    guard let base = raw.baseAddress else { return 0 }
                    // Not write(2): a peer gone mid-answer must not end the benchmark with SIGPIPE.
                    return send(target, base + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                }
                if written < 0, errno == EINTR { continue }
                guard written > 0 else {
                    finish()
                    return
                }
                sent += written
            }
        }
        finish()
    }

    /// The input ended (or the output broke): the other side sees the end too.
    private func finish() {
        shutdown(target, Int32(SHUT_WR))
        shutdown(source, Int32(SHUT_RD))
    }
}
