import Foundation
import HandoffCore

/// Store JSON appended to a byte buffer the caller keeps (a `COPY` stream's rows), with
/// one encoder's state reused across documents: what `StreamingJSONEncoder.string` writes,
/// without a string made of it and copied again.
package struct JSONAppender {
    private let sink = JSONSink(reserving: 0)

    package init() {}

    /// `reusingFields`: lead fields equal to the last ones written are copied from their
    /// JSON, not written again (a new lead's event, then its state).
    package init(reusingFields: Bool) {
        sink.reusesFields = reusingFields
    }

    /// `value`'s JSON at the end of `buffer`; on a throw, `buffer` is as it was.
    package func append<T: Encodable>(_ value: T, to buffer: inout [UInt8]) throws {
        let mark = buffer.count
        swap(&sink.bytes, &buffer)
        defer { swap(&sink.bytes, &buffer) }
        sink.frames.removeAll(keepingCapacity: true)
        sink.unsupported = false
        do {
            try sink.value(value)
            sink.close(downTo: 0)
            guard sink.unsupported else { return }
            sink.bytes.removeSubrange(mark...)
            sink.bytes.append(contentsOf: try Codec.string(value).utf8)
        } catch {
            sink.bytes.removeSubrange(mark...)
            throw error
        }
    }
}
