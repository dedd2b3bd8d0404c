import Foundation
import HandoffCore
import HandoffStore

extension StoreOptions {
    /// Who reads `lead`, for blind calibration: the member this process is (a read-only
    /// viewer too), asked only while the lead has an open calibration. Asking to read as
    /// someone else (`--as`) is refused then, as it is for a change: otherwise a participant
    /// could read the SDR's scorecard as anyone.
    func calibrationViewer(of store: any BoardStore, reading lead: Lead) throws -> String? {
        guard lead.calibration?.isOpen == true else { return nil }
        return try viewer(of: store).me
    }
}
