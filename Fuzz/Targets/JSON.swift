// Fuzz target: the JSON interchange readers: a CRM's leads (`handoff import FILE.json`)
// and a Handoff export (`handoff import --events`).
// Invariants: no crash (nesting is measured before Foundation's recursive readers see the
// file, so no stack overflow); time linear in the input; an accepted event log holds no NUL
// and no text over the field limits; the leads planned hold no NUL either.
import Foundation
import HandoffCore
import HandoffStore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    linear(size, "reading \(size) bytes of JSON") {
        let settings = ImportSettings(roster: [Member(name: "sam", role: .sdr)])
        if let plan = try? LeadImport.plan(json: bytes, settings: settings) {
            require(plan.rows >= plan.leads.count, "more leads than rows")
        }
        if let events = try? Export.events(fromJSON: Data(bytes)) {
            for event in events {
                require(FieldLimits.problem(in: event) == nil, "an accepted event breaks the field limits")
            }
        }
        // The depth check itself, on a deeper limit than any file needs.
        if JSONLimits.problem(bytes, maxBytes: 1 << 20, maxDepth: 8) == nil {
            _ = try? JSONSerialization.jsonObject(with: Data(bytes))
        }
    }
    return 0
}
