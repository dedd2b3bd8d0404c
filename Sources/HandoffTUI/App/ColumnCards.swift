import HandoffCore

/// A column's visible cards: the sorted column itself, or the positions the filter picked
/// in it. Cheap to make and to index; nothing is copied.
public struct ColumnCards: RandomAccessCollection, Sendable {
    let entries: [BoardModel.Entry]
    let picked: [Int32]?

    public var startIndex: Int { 0 }
    public var endIndex: Int { picked?.count ?? entries.count }

    public subscript(position: Int) -> Card {
        if let picked { return entries[Int(picked[position])].card }
        return entries[position].card
    }

    /// Where the card with `id` is, looking first at `hint` (where it was last time). The
    /// scan reads each card's id in place, copying no card: after a filter keystroke the
    /// selection is looked for in columns of 50,000.
    public func index(of id: LeadID, hint: Int?) -> Int? {
        if let hint, indices.contains(hint), self[hint].id == id { return hint }
        if let picked {
            for at in picked.indices where entries[Int(picked[at])].card.id == id { return at }
            return nil
        }
        for at in entries.indices where entries[at].card.id == id { return at }
        return nil
    }
}
