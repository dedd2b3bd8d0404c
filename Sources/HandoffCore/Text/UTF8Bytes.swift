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
