import HandoffCore

/// Where things go on the board for a terminal size: shared by the view (to draw) and
/// by update (to scroll and to turn a click into a card).
public struct BoardLayout: Sendable {
    public static let cardHeight = 3
    /// A card and the gap under it.
    public static let cardPitch = 4
    public static let cardsTop = 3

    public let width: Int
    public let height: Int
    public let columns: [Rect]

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        let count = Column.board.count
        let gaps = count - 1
        let base = max((width - gaps) / count, 1)
        let extra = max(width - gaps - base * count, 0)
        var x = 0
        var rects: [Rect] = []
        for index in 0..<count {
            let columnWidth = base + (index < extra ? 1 : 0)
            rects.append(Rect(x: x, y: 1, width: columnWidth, height: max(height - 3, 0)))
            x += columnWidth + 1
        }
        columns = rects
    }

    public init(_ state: AppState) {
        self.init(width: state.width, height: state.height)
    }

    /// Rows for cards: between the column headers and the hint and status lines.
    public var cardsBottom: Int { height - 2 }

    public var cardsPerColumn: Int { max((cardsBottom - Self.cardsTop + 1) / Self.cardPitch, 0) }

    public func cardRect(column: Int, slot: Int) -> Rect {
        let rect = columns[column]
        return Rect(x: rect.x, y: Self.cardsTop + slot * Self.cardPitch, width: rect.width, height: Self.cardHeight)
    }

    /// The column and card index under a click, if it lands on a card.
    public func hit(x: Int, y: Int, state: AppState) -> (column: Int, card: Int)? {
        guard let column = columns.firstIndex(where: { $0.x <= x && x < $0.maxX }) else { return nil }
        guard y >= Self.cardsTop, y < cardsBottom else { return nil }
        let offset = y - Self.cardsTop
        guard offset % Self.cardPitch < Self.cardHeight else { return nil }
        let top = state.scroll[Column.board[column]] ?? 0
        let card = top + offset / Self.cardPitch
        return card < state.board.count(in: Column.board[column]) ? (column, card) : nil
    }
}
