/// The top of every column, and how many cards each holds.
public struct BoardPage: Sendable {
    public var counts: [Column: Int]
    public var cards: [Card]
    /// Every card on the board is in `cards`.
    public var isComplete: Bool

    public init(counts: [Column: Int], cards: [Card], isComplete: Bool) {
        self.counts = counts
        self.cards = cards
        self.isComplete = isComplete
    }
}
