import Foundation
import Testing
@testable import HandoffConfig

/// No document can crash the reader or stall it: nesting and size are bounded, and time is
/// linear in the text. The time bounds are generous regression guards, not benchmarks:
/// the quadratic paths they guard took tens of seconds.
@Suite("TOML: limits")
struct TOMLLimitsTests {
    private func refusal(_ text: String) -> TOMLError? {
        do {
            _ = try TOML.parse(text)
            return nil
        } catch {
            return error
        }
    }

    private func seconds(_ body: () -> Void) -> Double {
        let start = ContinuousClock.now
        body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    @Test("a 6 KB file of nested arrays or inline tables is refused, not a stack overflow", arguments: [
        "a = " + String(repeating: "[", count: 3000) + String(repeating: "]", count: 3000) + "\n",
        "a = " + String(repeating: "{b=", count: 2000) + "1" + String(repeating: "}", count: 2000) + "\n",
        "a = " + String(repeating: "[{b=", count: 1000) + "1" + String(repeating: "}]", count: 1000) + "\n",
    ])
    func deepNestingIsRefused(text: String) throws {
        let failure = try #require(refusal(text))
        #expect(failure.line == 1)
        #expect(failure.message.contains("nested more than 64 levels"))
    }

    @Test func nestingUpToTheLimitIsRead() throws {
        // `a` is level 1; 63 arrays take the innermost value to level 64.
        let deepest = "a = " + String(repeating: "[", count: 63) + "1" + String(repeating: "]", count: 63) + "\n"
        var value = try #require(try TOML.parse(deepest)["a"])
        for _ in 0..<63 { value = try #require(value.arrayValue?.first) }
        #expect(value == 1)
        let tooDeep = "a = " + String(repeating: "[", count: 64) + "1" + String(repeating: "]", count: 64) + "\n"
        #expect(refusal(tooDeep) != nil)
        // Keys count too: a header's keys, then the dotted key, then the value.
        let keys = (1...60).map { "k\($0)" }
        #expect(throws: Never.self) { try TOML.parse("[\(keys.joined(separator: "."))]\na.b.c = [1]\n") }
        #expect(refusal("[\(keys.joined(separator: "."))]\na.b.c = [[1]]\n") != nil)
    }

    @Test func aHundredThousandSegmentDottedKeyIsRefusedQuickly() throws {
        let key = (0..<100_000).map { "k\($0)" }.joined(separator: ".")
        var failure: TOMLError?
        let elapsed = seconds { failure = refusal(key + " = 1\n") }
        #expect(failure?.message.contains("nested more than 64 levels") == true)
        #expect(elapsed < 2, "took \(elapsed) s")
        let header = seconds { failure = refusal("[" + key + "]\n") }
        #expect(failure != nil)
        #expect(header < 2, "took \(header) s")
    }

    @Test func manyKeysTablesAndArraysOfTablesReadInLinearTime() throws {
        // Each of these was quadratic: dotted keys walked from the root per segment, and
        // every [[element]] copied the whole array to append one table.
        let deepKey = (1...60).map { "s\($0)" }.joined(separator: ".")
        let dotted = (0..<4_000).map { "\(deepKey).k\($0) = \($0)" }.joined(separator: "\n")
        let elements = String(repeating: "[[t]]\nx = 1\n", count: 80_000)
        let headers = (0..<20_000).map { "[s1.s2.s3.s4.s5.s6.s7.s8.s9.s10.h\($0)]\nv = \($0)" }.joined(separator: "\n")
        for text in [dotted, elements, headers] {
            #expect(text.utf8.count <= TOML.maxBytes)
            var table: TOMLTable?
            let elapsed = seconds { table = try? TOML.parse(text) }
            #expect(table != nil)
            #expect(elapsed < 10, "took \(elapsed) s for \(text.prefix(30))…")
        }
        let parsed = try TOML.parse(elements)
        #expect(parsed["t"]?.arrayValue?.count == 80_000)
    }

    @Test func longStringsNumbersAndCommentsReadInLinearTime() throws {
        let size = 1_000_000
        let documents = [
            "a = \"" + String(repeating: "x", count: size) + "\"\n",
            "a = '''" + String(repeating: "y\n", count: size / 2) + "'''\n",
            "a = 1" + String(repeating: "0", count: size) + "\n",
            "a = 1." + String(repeating: "5", count: size) + "\n",
            "# " + String(repeating: "c", count: size) + "\n",
            "a = [" + String(repeating: "1,", count: size / 2 - 4) + "]\n",
        ]
        for text in documents {
            let elapsed = seconds { _ = try? TOML.parse(text) }
            #expect(elapsed < 10, "took \(elapsed) s for \(text.prefix(12))…")
        }
        // A 1 MB number is refused with a short message, not quoted whole.
        let failure = try #require(refusal(documents[2]))
        #expect(failure.message.count < 120)
    }

    @Test func documentsOverOneMebibyteAreRefusedBeforeReading() throws {
        let big = "# " + String(repeating: "x", count: TOML.maxBytes) + "\n"
        let failure = try #require(refusal(big))
        #expect(failure.message.contains("at most 1048576 bytes"))
        #expect(throws: TOMLError.self) { try TOML.parse(utf8: Array(big.utf8)) }
        let justFits = "# " + String(repeating: "x", count: TOML.maxBytes - 3) + "\n"
        #expect(throws: Never.self) { try TOML.parse(justFits) }
    }

    @Test func bytesThatAreNotUTF8AreRefusedWithTheirLine() throws {
        let bytes: [UInt8] = Array("a = 1\nb = \"".utf8) + [0xFF, 0xFE] + Array("\"\n".utf8)
        do {
            _ = try TOML.parse(utf8: bytes)
            Issue.record("invalid UTF-8 was read")
        } catch {
            #expect(error.line == 2)
            #expect(error.message.contains("UTF-8"))
        }
        #expect(try TOML.parse(utf8: Array("a = 1\n".utf8))["a"] == 1)
    }
}
