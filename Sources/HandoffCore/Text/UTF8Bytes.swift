/// Scans of a string's UTF-8 bytes over its contiguous storage where it has one (a native
/// string always does): a plain loop over a buffer, where the generic `utf8` view pays for
/// index arithmetic on every byte. An import makes a few of these scans per cell, a
/// hundred thousand rows over.
package enum UTF8Bytes {
    @inlinable
    package static func contains(_ text: String, where test: (UInt8) -> Bool) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.contains(where: test) } ?? text.utf8.contains(where: test)
    }

    @inlinable
    package static func allSatisfy(_ text: String, _ test: (UInt8) -> Bool) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(test) } ?? text.utf8.allSatisfy(test)
    }
}

extension UTF8Bytes {
    /// The index of the first byte at or after `start` that a JSON string cannot hold as it
    /// is (a control character, `"`, `\\`, DEL or anything not ASCII), or the count.
    package static func jsonPlainPrefix(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        plainPrefix(buffer, from: start, word: { word in
            isASCII(word: word) && !self.word(word, hasByteBelow: 0x20) && !self.word(word, has: 0x22)
                && !self.word(word, has: 0x5C) && !self.word(word, has: 0x7F)
        }, byte: { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C })
    }

    /// The index of the first byte at or after `start` that PostgreSQL's `COPY` text format
    /// escapes (backslash, newline, return, tab), or the count.
    package static func copyPlainPrefix(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        // A word with any control character is looked at byte by byte.
        plainPrefix(buffer, from: start, word: { word in
            !self.word(word, hasByteBelow: 0x20) && !self.word(word, has: 0x5C)
        }, byte: { $0 != 0x5C && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 })
    }

    /// The index of the first byte at or after `start` that `plain` refuses, or the
    /// buffer's count. Eight bytes are read as one word and passed whole when `plainWord`
    /// accepts the word (`plainWord` must refuse any word holding a byte `plain` refuses);
    /// a word it refuses is looked at byte by byte. Most of what the store writes is plain,
    /// so the scan costs a fraction of a byte-by-byte loop.
    @inline(__always)
    static func plainPrefix(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int,
                            word plainWord: (UInt64) -> Bool, byte plain: (UInt8) -> Bool) -> Int {
        guard let base = buffer.baseAddress else { return start }
        let count = buffer.count
        var index = start
        let raw = UnsafeRawPointer(base)
        while index + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if plainWord(word) {
                index += 8
                continue
            }
            for offset in index..<(index + 8) where !plain(base[offset]) { return offset }
            index += 8
        }
        while index < count, plain(base[index]) { index += 1 }
        return index
    }

    /// Whether any byte of `word` equals `byte` (exact, in one pass over the word).
    @inline(__always)
    static func word(_ word: UInt64, has byte: UInt8) -> Bool {
        let other = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (other &- 0x0101_0101_0101_0101) & ~other & 0x8080_8080_8080_8080 != 0
    }

    /// Whether any byte of `word` is below `limit` (at most 0x80; exact).
    @inline(__always)
    static func word(_ word: UInt64, hasByteBelow limit: UInt8) -> Bool {
        (word &- 0x0101_0101_0101_0101 &* UInt64(limit)) & ~word & 0x8080_8080_8080_8080 != 0
    }

    /// Whether every byte of `word` is ASCII (below 0x80).
    @inline(__always)
    static func isASCII(word: UInt64) -> Bool {
        word & 0x8080_8080_8080_8080 == 0
    }
}
