// Fuzz target: the text sanitiser, display width, truncation and the field limits.
// Invariants: no crash; time linear in the input; sanitised text holds no control, escape
// or bidi character and sanitising it again changes nothing; width is the sum of the
// characters' widths; truncate and pad give exactly the width asked; the board's Wrap
// (Sources/HandoffTUI/Views/Wrap.swift, compiled into this target) measures each character
// once, gives lines no wider than asked and loses no visible character; JSON escaping
// leaves no control or format character.
import Foundation
import HandoffCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 1 else { return 0 }
    let width = Int(data[0] % 64) + 1
    let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    linear(size, "sanitising and wrapping \(size) bytes") {
        let clean = SafeText.sanitize(text)
        for scalar in clean.unicodeScalars {
            let value = scalar.value
            require(!(value < 0x20 || (0x7F...0x9F).contains(value)), "control U+\(String(value, radix: 16)) survived sanitising")
            require(!((0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0x200E || value == 0x200F || value == 0x061C),
                    "bidi control U+\(String(value, radix: 16)) survived sanitising")
        }
        require(SafeText.sanitize(clean) == clean, "sanitising is not idempotent")
        let lines = SafeText.sanitizeLines(text)
        require(!lines.unicodeScalars.contains { $0.value < 0x20 && $0.value != 0x0A || (0x7F...0x9F).contains($0.value) },
                "a control survived sanitizeLines")
        let total = SafeText.width(of: clean)
        require(total == clean.reduce(0) { $0 + SafeText.width(of: $1) }, "width is not the sum of the characters' widths")
        let cut = SafeText.truncate(clean, toWidth: width)
        require(SafeText.width(of: cut) <= width, "truncate gave \(SafeText.width(of: cut)) cells for \(width)")
        require(total <= width ? cut == clean : SafeText.width(of: cut) == width, "truncate changed text that fits, or cut short")
        require(SafeText.width(of: SafeText.pad(clean, toWidth: width)) == width, "pad is not exactly the width")
        var work = 0
        let wrapped = Wrap.lines(text, width: width, work: &work)
        require(work <= clean.count, "wrapping measured \(work) characters of \(clean.count)")
        for line in wrapped {
            require(SafeText.width(of: line) <= width, "a wrapped line of \(SafeText.width(of: line)) cells for \(width)")
        }
        if width >= 2 {
            let visible = { (line: String) in line.unicodeScalars.filter { $0 != " " } }
            require(Array(visible(wrapped.joined())) == Array(visible(clean)), "wrapping lost or changed text")
        }
        let json = SafeText.escapingForJSON("\"" + clean + "\"")
        require(!json.unicodeScalars.contains { $0.value >= 0x7F && SafeText.needsJSONEscape($0) }, "JSON kept a control or format character")
        _ = FieldLimits.problem(with: text, field: "note", cap: FieldLimits.text)
    }
    return 0
}
