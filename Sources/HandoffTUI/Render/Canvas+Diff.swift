/// A horizontal stretch of cells to redraw, starting at (x, y). Runs never begin on the
/// second half of a wide character nor end after its first half.
public struct Run: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var cells: [Cell]

    public init(x: Int, y: Int, cells: [Cell]) {
        self.x = x
        self.y = y
        self.cells = cells
    }

    /// The run's text, continuation cells skipped.
    public var text: String {
        cells.filter { !$0.isContinuation }.map(\.text).joined()
    }
}

extension Canvas {
    /// What must be redrawn to turn `old` into this canvas: the changed stretches of each
    /// row. Every row in full when the sizes differ, since the terminal was resized.
    public func diff(from old: Canvas) -> [Run] {
        guard old.width == width, old.height == height else {
            return (0..<height).map { y in Run(x: 0, y: y, cells: Array(cells[(y * width)..<((y + 1) * width)])) }
        }
        var runs: [Run] = []
        for y in 0..<height {
            let rowStart = y * width
            var x = 0
            while x < width {
                guard cells[rowStart + x] != old.cells[rowStart + x] else {
                    x += 1
                    continue
                }
                var start = x
                while x < width, cells[rowStart + x] != old.cells[rowStart + x] { x += 1 }
                if cells[rowStart + start].isContinuation, start > 0 { start -= 1 }
                if cells[rowStart + x - 1].width == 2, x < width { x += 1 }
                runs.append(Run(x: start, y: y, cells: Array(cells[(rowStart + start)..<(rowStart + x)])))
            }
        }
        return runs
    }
}
