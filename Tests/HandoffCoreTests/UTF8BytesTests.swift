import Testing
@testable import HandoffCore

/// The word-at-a-time scans agree with a byte-by-byte loop for every byte value at every
/// place in two words and a tail, and from any starting point.
@Suite("Text: the plain-prefix scans")
struct UTF8BytesTests {
    static func naive(_ bytes: [UInt8], from start: Int, _ plain: (UInt8) -> Bool) -> Int {
        var index = start
        while index < bytes.count, plain(bytes[index]) { index += 1 }
        return index
    }

    static func json(_ byte: UInt8) -> Bool { byte >= 0x20 && byte < 0x7F && byte != 0x22 && byte != 0x5C }
    static func copy(_ byte: UInt8) -> Bool { byte != 0x5C && byte != 0x0A && byte != 0x0D && byte != 0x09 }

    @Test func everyByteAtEveryPlaceStopsTheScanWhereALoopWould() {
        for byte in UInt8.min...UInt8.max {
            for position in 0..<21 {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 21)
                bytes[position] = byte
                // A second stop later on: the scan must find the first.
                bytes[20] = 0x5C
                for start in [0, 3, position] {
                    bytes.withUnsafeBufferPointer { buffer in
                        #expect(UTF8Bytes.jsonPlainPrefix(buffer, from: start) == Self.naive(bytes, from: start, Self.json),
                                "json \(byte) at \(position) from \(start)")
                        #expect(UTF8Bytes.copyPlainPrefix(buffer, from: start) == Self.naive(bytes, from: start, Self.copy),
                                "copy \(byte) at \(position) from \(start)")
                    }
                }
            }
        }
    }

    @Test func emptyAndShortBuffersAndTheEnd() {
        for text in ["", "a", "abcdefg", "abcdefgh", "abcdefghi", "Zoë"] {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                #expect(UTF8Bytes.copyPlainPrefix(buffer, from: 0) == bytes.count)
                #expect(UTF8Bytes.copyPlainPrefix(buffer, from: bytes.count) == bytes.count)
                #expect(UTF8Bytes.jsonPlainPrefix(buffer, from: 0) == Self.naive(bytes, from: 0, Self.json))
            }
        }
    }
}
