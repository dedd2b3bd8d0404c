// Fuzz target: the CSV reader (handoff import FILE.csv).
// Invariants: no crash; time linear in the input; records and fields point inside the
// input, in order; a record past a limit stops the reading; every field either decodes or
// is reported invalid with a line inside the file.
import Foundation
import HandoffCore
import HandoffStore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var limits = CSVLimits()
    // Small limits, so that the fuzzer reaches them with small inputs.
    limits.maxFieldBytes = 512
    limits.maxRecordBytes = 2048
    limits.maxFields = 64
    limits.maxRecords = 200
    linear(size, "reading \(size) bytes of CSV") {
        var reader = CSVReader(bytes: bytes, limits: limits)
        var lastEnd = 0
        var lastLine = 0
        var records = 0
        let lines = 1 + bytes.count { $0 == 0x0A || $0 == 0x0D }
        while let record = reader.next() {
            records += 1
            require(records <= limits.maxRecords + 1, "more records than the limit")
            require(record.line >= lastLine && record.line <= lines, "record line \(record.line) out of order or outside the file")
            require(record.fields.count <= limits.maxFields + 1, "more fields than the limit")
            for field in record.fields {
                require(field.range.lowerBound >= lastEnd && field.range.upperBound <= bytes.count, "field outside the input or out of order")
                require(field.range.count <= limits.maxFieldBytes, "a field longer than the limit")
                lastEnd = field.range.upperBound
                if reader.string(field) == nil {
                    let line = reader.line(of: field, in: record)
                    require(line >= record.line && line <= lines, "bad byte reported on line \(line)")
                }
            }
            lastLine = record.line
            if record.exceeded != nil {
                require(reader.next() == nil, "reading went on after a limit")
                break
            }
        }
        // The planner over the same bytes: rejections or a refusal, never a crash.
        _ = try? LeadImport.plan(csv: bytes, settings: ImportSettings(roster: [Member(name: "sam", role: .sdr)]))
    }
    return 0
}
