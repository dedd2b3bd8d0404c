import Foundation

/// The confusable skeleton of UTS #39 (Unicode Security Mechanisms, §4): two strings whose
/// skeletons are equal look alike to a reader, like `maya` and `mаya` with a Cyrillic а.
/// No Unicode library on the build machines has the data, so the table is generated from
/// Unicode's confusables.txt (see Tools/confusables/generate.py and ConfusablesTable.swift).
public enum Confusables {
    /// `skeleton(X)`: NFD, each code point replaced by its prototype, NFD again.
    public static func skeleton(_ text: String) -> String {
        let decomposed = text.decomposedStringWithCanonicalMapping
        var mapped = String.UnicodeScalarView()
        for scalar in decomposed.unicodeScalars {
            if let prototype = table[scalar.value] {
                mapped.append(contentsOf: prototype)
            } else {
                mapped.append(scalar)
            }
        }
        return String(mapped).decomposedStringWithCanonicalMapping
    }

    /// Code point → its prototype, parsed once from the generated data.
    static let table: [UInt32: [Unicode.Scalar]] = {
        var table: [UInt32: [Unicode.Scalar]] = [:]
        table.reserveCapacity(6400)
        for entry in confusablesData.split(separator: ";") {
            let sides = entry.split(separator: ">")
            guard sides.count == 2, let source = UInt32(sides[0], radix: 16) else { continue }
            let target = sides[1].split(separator: " ").compactMap { UInt32($0, radix: 16).flatMap(Unicode.Scalar.init) }
            if !target.isEmpty { table[source] = target }
        }
        return table
    }()
}
