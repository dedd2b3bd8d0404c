// Fuzz target: the TOML reader (themes, the SQL definition file, config.toml).
// Invariants: no crash (nesting is limited, so no stack overflow); time linear in the
// input; an error names a line inside the document; a document read back from what the
// writer makes of it is the same.
import Foundation
import HandoffConfig

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let lines = 1 + bytes.count { $0 == 0x0A }
    linear(size, "reading \(size) bytes of TOML") {
        do throws(TOMLError) {
            _ = try TOML.parse(utf8: bytes)
        } catch {
            require(error.line >= 1 && error.line <= lines + 1, "error on line \(error.line) of a \(lines)-line document")
        }
    }
    return 0
}
