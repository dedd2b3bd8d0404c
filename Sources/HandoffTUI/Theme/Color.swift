import Foundation

/// A colour as a theme names it. Terminals differ in what they can show, so a colour is
/// mapped down to the terminal's palette only when it is drawn (`paletteIndex`).
public enum Color: Hashable, Sendable, CustomStringConvertible {
    /// The terminal's own foreground or background.
    case `default`
    case named(NamedColor)
    case indexed(UInt8)
    case rgb(red: UInt8, green: UInt8, blue: UInt8)

    /// `default`, a name (`red`, `bright-blue`), an xterm index (`208`) or `#rrggbb`.
    public init?(parsing text: String) {
        let folded = text.trimmingCharacters(in: .whitespaces).lowercased()
        if folded == "default" {
            self = .default
        } else if let named = NamedColor(spelling: folded) {
            self = .named(named)
        } else if let index = UInt8(folded) {
            self = .indexed(index)
        } else if folded.hasPrefix("#"), folded.count == 7, folded.dropFirst().allSatisfy(\.isHexDigit),
            let value = UInt32(folded.dropFirst(), radix: 16)
        {
            self = .rgb(
                red: UInt8((value >> 16) & 0xFF), green: UInt8((value >> 8) & 0xFF), blue: UInt8(value & 0xFF))
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .default: return "default"
        case .named(let named): return named.rawValue
        case .indexed(let index): return String(index)
        case .rgb(let red, let green, let blue):
            return "#" + [red, green, blue].map { value in
                let hex = String(value, radix: 16)
                return hex.count == 1 ? "0" + hex : hex
            }.joined()
        }
    }

    /// The colour number to use on a terminal with `colorCount` colours, or `nil` for the
    /// terminal's default (also when the terminal has no colours at all).
    public func paletteIndex(colorCount: Int) -> Int? {
        guard colorCount >= 8 else { return nil }
        if colorCount >= Palette.directColorCount { return directIndex() }
        let basics = colorCount >= 16 ? 16 : 8
        switch self {
        case .default:
            return nil
        case .named(let named):
            return named.index < colorCount ? named.index : named.index - 8
        case .indexed(let index):
            if Int(index) < colorCount { return Int(index) }
            return Palette.nearest(to: Palette.rgb(ofIndex: Int(index)), among: basics)
        case .rgb(let red, let green, let blue):
            let target = (Int(red), Int(green), Int(blue))
            return colorCount >= 256 ? Palette.nearestXterm256(to: target) : Palette.nearest(to: target, among: basics)
        }
    }
}

extension Color {
    /// Direct-colour terminals (`xterm-direct`) take 0–7 as the ANSI colours and anything
    /// higher as 0xRRGGBB.
    private func directIndex() -> Int? {
        let rgb: Palette.RGB
        switch self {
        case .default: return nil
        case .named(let named) where named.index < 8: return named.index
        case .indexed(let index) where index < 8: return Int(index)
        case .named(let named): rgb = Palette.rgb(ofIndex: named.index)
        case .indexed(let index): rgb = Palette.rgb(ofIndex: Int(index))
        case .rgb(let red, let green, let blue): rgb = (Int(red), Int(green), Int(blue))
        }
        return max(8, rgb.0 << 16 | rgb.1 << 8 | rgb.2)
    }
}

public enum NamedColor: String, CaseIterable, Sendable {
    case black, red, green, yellow, blue, magenta, cyan, white
    case brightBlack = "bright-black", brightRed = "bright-red", brightGreen = "bright-green"
    case brightYellow = "bright-yellow", brightBlue = "bright-blue", brightMagenta = "bright-magenta"
    case brightCyan = "bright-cyan", brightWhite = "bright-white"

    /// The ANSI number: 0–7, bright variants 8–15.
    public var index: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    /// `bright-red`, `bright_red`, `brightred` and `bright red` are all the same colour.
    init?(spelling: String) {
        let squeezed = spelling.filter { $0.isLetter }
        guard let match = Self.allCases.first(where: { $0.rawValue.filter(\.isLetter) == squeezed }) else {
            return nil
        }
        self = match
    }
}

/// xterm's palette, for choosing the nearest colour a terminal can show.
enum Palette {
    typealias RGB = (Int, Int, Int)

    static let basics: [RGB] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
        (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
        (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
    static let cubeLevels = [0, 95, 135, 175, 215, 255]
    static let directColorCount = 0x1000000

    static func rgb(ofIndex index: Int) -> RGB {
        switch index {
        case 0..<16:
            return basics[index]
        case 16..<232:
            let cube = index - 16
            return (cubeLevels[cube / 36], cubeLevels[(cube / 6) % 6], cubeLevels[cube % 6])
        default:
            let level = 8 + 10 * (min(index, 255) - 232)
            return (level, level, level)
        }
    }

    /// Only the cube and the grey ramp: users re-colour 0–15, so those are not trusted.
    static func nearestXterm256(to target: RGB) -> Int {
        func level(_ value: Int) -> Int {
            cubeLevels.indices.min { abs(cubeLevels[$0] - value) < abs(cubeLevels[$1] - value) } ?? 0
        }
        let cubeIndex = 16 + 36 * level(target.0) + 6 * level(target.1) + level(target.2)
        let average = (target.0 + target.1 + target.2) / 3
        let greyIndex = 232 + min(23, max(0, (average - 3) / 10))
        return distance(rgb(ofIndex: greyIndex), target) < distance(rgb(ofIndex: cubeIndex), target)
            ? greyIndex : cubeIndex
    }

    static func nearest(to target: RGB, among count: Int) -> Int {
        (0..<count).min { distance(basics[$0], target) < distance(basics[$1], target) } ?? 0
    }

    /// Weighted for the eye's sensitivity, which is good enough to pick among 8 or 240.
    static func distance(_ lhs: RGB, _ rhs: RGB) -> Int {
        let red = lhs.0 - rhs.0
        let green = lhs.1 - rhs.1
        let blue = lhs.2 - rhs.2
        return 2 * red * red + 4 * green * green + 3 * blue * blue
    }
}
