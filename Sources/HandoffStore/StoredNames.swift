import HandoffCore

/// An event's type and column read straight from the bytes a store hands back, without a
/// Swift string per row: what the SQLite report reads beside each event's report columns.
package enum StoredNames {
    private static let typeNames: [(bytes: [UInt8], type: EventType)] = EventType.allCases.map { (Array($0.rawValue.utf8), $0) }
    private static let columnNames: [(bytes: [UInt8], column: Column)] = Column.allCases.map { (Array($0.rawValue.utf8), $0) }

    package static func eventType(_ text: UnsafeRawBufferPointer) -> EventType? {
        // Most names differ in length or first letter; the full compare settles the rest.
        guard text.count >= 3 else { return nil }
        let guess: EventType? = switch (text.count, text[0]) {
        case (7, UInt8(ascii: "c")): .created
        case (6, UInt8(ascii: "e")): .edited
        case (6, UInt8(ascii: "s")): .scored
        case (6, UInt8(ascii: "b")): .booked
        case (7, UInt8(ascii: "o")): .outcome
        case (8, UInt8(ascii: "a")): text[1] == UInt8(ascii: "c") ? .accepted : .archived
        case (8, UInt8(ascii: "n")): .nurtured
        case (8, UInt8(ascii: "r")): text[2] == UInt8(ascii: "t") ? .returned : text[2] == UInt8(ascii: "w") ? .reworked : .resolved
        case (11, UInt8(ascii: "r")): .reactivated
        case (8, UInt8(ascii: "d")): .disputed
        case (6, UInt8(ascii: "u")): .undone
        case (6, UInt8(ascii: "m")): .member
        case (10, UInt8(ascii: "d")): .definition
        case (10, UInt8(ascii: "r")): .reassigned
        case (11, UInt8(ascii: "c")): .calibrating
        case (10, UInt8(ascii: "c")): .calibrated
        case (4, UInt8(ascii: "a")): .away
        default: nil
        }
        if let guess, let entry = typeNames.first(where: { $0.type == guess }), matches(text, at: 0, entry.bytes) {
            return guess
        }
        return typeNames.first { $0.bytes.count == text.count && matches(text, at: 0, $0.bytes) }?.type
    }

    package static func column(_ text: UnsafeRawBufferPointer) -> Column? {
        columnNames.first { $0.bytes.count == text.count && matches(text, at: 0, $0.bytes) }?.column
    }

    private static func matches(_ text: UnsafeRawBufferPointer, at index: Int, _ bytes: [UInt8]) -> Bool {
        guard index + bytes.count <= text.count else { return false }
        for offset in 0..<bytes.count where text[index + offset] != bytes[offset] { return false }
        return true
    }
}
