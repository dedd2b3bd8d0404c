import Foundation
import Testing
@testable import HandoffStore

/// Reads all records of `text` (or raw bytes) as (line, fields) pairs.
private func records(_ bytes: [UInt8]) -> [(line: Int, fields: [String?])] {
    let reader = CSVReader(bytes: bytes)
    return reader.map { record in (record.line, record.fields.map(reader.string)) }
}

private func records(_ text: String) -> [(line: Int, fields: [String?])] { records(Array(text.utf8)) }

@Suite("Interchange: CSV reader")
struct InterchangeCSVReaderTests {
    @Test func plainRecordsWithLFAndCRLF() {
        for ending in ["\n", "\r\n", "\r"] {
            let read = records(["a,b,c", "1,2,3", "x,,z"].joined(separator: ending) + ending)
            #expect(read.map(\.fields) == [["a", "b", "c"], ["1", "2", "3"], ["x", "", "z"]], "ending \(ending.debugDescription)")
            #expect(read.map(\.line) == [1, 2, 3])
        }
    }

    @Test func quotedFieldsHoldDelimitersQuotesAndLineBreaks() {
        let read = records("name,note\n\"Acme, Inc.\",\"said \"\"hi\"\"\"\n\"two\r\nlines\",\"\"\nlast,row")
        #expect(read.map(\.fields) == [["name", "note"], ["Acme, Inc.", "said \"hi\""], ["two\r\nlines", ""], ["last", "row"]])
        // The record after a two-line field starts on line 5.
        #expect(read.map(\.line) == [1, 2, 3, 5])
    }

    @Test func lastRecordWithoutLineEnd() {
        #expect(records("a,b\n1,2").map(\.fields) == [["a", "b"], ["1", "2"]])
    }

    @Test func byteOrderMarkIsSkipped() {
        let read = records([0xEF, 0xBB, 0xBF] + Array("Email,Company\nx@y.test,Acme\n".utf8))
        #expect(read.first?.fields == ["Email", "Company"])
    }

    @Test func delimiterIsDetected() {
        #expect(CSVReader(bytes: Array("a;b;c\n1;2;3\n".utf8)).delimiter == UInt8(ascii: ";"))
        #expect(CSVReader(bytes: Array("a\tb\tc\n".utf8)).delimiter == UInt8(ascii: "\t"))
        #expect(CSVReader(bytes: Array("a,b;c,d\n".utf8)).delimiter == UInt8(ascii: ","))
        // A comma inside quotes does not count.
        #expect(CSVReader(bytes: Array("\"Company, Inc\";Email\n".utf8)).delimiter == UInt8(ascii: ";"))
        #expect(records("a;b\n\"1;1\";2\n").map(\.fields) == [["a", "b"], ["1;1", "2"]])
    }

    @Test func excelSeparatorHint() {
        let read = records("sep=;\r\nName;Company\r\nAna;Acme, Inc\r\n")
        #expect(read.map(\.fields) == [["Name", "Company"], ["Ana", "Acme, Inc"]])
        #expect(read.map(\.line) == [2, 3])
    }

    @Test func blankLinesAreSkippedAndCounted() {
        let read = records("a,b\n\n\r\n1,2\n,\n3,4\n\n")
        #expect(read.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(read.map(\.line) == [1, 4, 6])
    }

    @Test func invalidUTF8IsNilAndPointsAtItsLine() throws {
        let bytes = Array("a,b\n1,\"ok\nJ".utf8) + [0xFF] + Array("rg\"\n".utf8)
        let reader = CSVReader(bytes: bytes)
        let all = Array(reader)
        #expect(all.count == 2)
        let record = try #require(all.last)
        #expect(reader.string(record.fields[0]) == "1")
        #expect(reader.string(record.fields[1]) == nil)
        #expect(reader.line(of: record.fields[1], in: record) == 3)
        // Overlong encodings and lone continuation bytes are invalid too.
        #expect(CSVReader.utf8([0xC0, 0xAF][...]) == nil)
        #expect(CSVReader.utf8([0x80][...]) == nil)
        #expect(CSVReader.utf8(Array("Zoë 李".utf8)[...]) == "Zoë 李")
        // ASCII takes the one-pass path: controls and DEL are kept for the sanitiser, a
        // slice keeps to its own bytes, and the first byte past ASCII sends the whole
        // cell through validation.
        let ascii = Array("x,\u{1B}[31m\u{7F}\u{0}y,z".utf8)
        #expect(CSVReader.utf8(ascii[2..<(ascii.count - 2)]) == "\u{1B}[31m\u{7F}\u{0}y")
        #expect(CSVReader.utf8([][...]) == "")
        #expect(CSVReader.utf8((Array("plain".utf8) + [0xE2, 0x82])[...]) == nil)
    }

    @Test func unterminatedQuoteIsFlagged() throws {
        let reader = CSVReader(bytes: Array("a,b\n1,\"never closed\n2,3\n".utf8))
        let last = try #require(Array(reader).last)
        #expect(last.unterminatedQuote)
        #expect(last.line == 2)
    }

    @Test func quoteInsideAnUnquotedFieldIsText() {
        #expect(records("a,b\n5\" disk,\"x\"y\n").map(\.fields).last == ["5\" disk", "xy"])
    }

    @Test func utf16IsRecognised() {
        #expect(CSVReader.isUTF16([0xFF, 0xFE, 0x41, 0x00]))
        #expect(!CSVReader.isUTF16(Array("a,b".utf8)))
    }
}
