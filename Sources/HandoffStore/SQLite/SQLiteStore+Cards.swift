import Foundation
import GRDB
import HandoffCore

extension SQLiteStore {
    /// The board's cards. (Read from the projection's state; see `Card`.)
    public func cards(_ query: LeadQuery) throws -> [Card] {
        try leads(query).map(\.card)
    }
}
