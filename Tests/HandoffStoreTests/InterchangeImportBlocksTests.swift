import Foundation
import HandoffCore
import Testing
@testable import HandoffStore

/// A file large enough that its rows are read and cleaned on every core, in blocks: the
/// plan must be what reading it row by row gives, in file order, with each line's number.
@Suite("Interchange: a large file's plan, block by block")
struct InterchangeImportBlocksTests {
    @Test func everyRowKeepsItsLineAndItsFateAcrossBlocks() throws {
        var text = "Lead ID,First Name,Last Name,Company,Email,Lead Status,Lead Owner\n"
        var rejected: [Int] = [], duplicates: [Int] = [], skipped: [Int] = [], imported: [Int] = []
        for n in 0..<20_000 {
            let line = n + 2
            // A quoted line break in every 1,000th row: later rows' lines move on by one.
            let extraLine = n > 0 && n % 1_000 == 0
            let company = extraLine ? "\"Co \(n)\nLtd\"" : "Co \(n)"
            switch n % 7 {
            case 1:
                text += "id\(n),Pat,Doe,\(company),p\(n)@x.test,Recycled,sam\n"
                rejected.append(line)
            case 3 where n > 7:
                text += "id\(n)b,Pat,Doe,\(company),p0@x.test,Working - Contacted,sam\n"
                duplicates.append(line)
            case 5:
                text += "id\(n),Pat,Doe,\(company),p\(n)@x.test,Closed - Converted,sam\n"
                skipped.append(line)
            default:
                if n % 11 == 4 {
                    text += "id\(n),Pat,Doe,\(company),p\(n)@x.test\n"
                    rejected.append(line)
                } else {
                    text += "id\(n),Pat,Doe,\(company),p\(n)@x.test,Working - Contacted,sam\n"
                    imported.append(line)
                }
            }
        }
        // Lines as the reader counts them: each quoted break adds one to the rows after it
        // (row n, on line n + 2, has (n - 1) / 1,000 such rows before it).
        func shifted(_ lines: [Int]) -> [Int] { lines.map { $0 + ($0 - 3) / 1_000 } }
        let plan = try LeadImport.plan(csv: Array(text.utf8), settings: ImportSettings(roster: importRoster))
        #expect(plan.rows == 20_000)
        #expect(plan.rejections.map(\.place) == shifted(rejected).map(RowPlace.line))
        #expect(plan.duplicates.map(\.place) == shifted(duplicates).map(RowPlace.line))
        #expect(plan.skipped.map(\.place) == shifted(skipped).map(RowPlace.line))
        #expect(plan.leads.map(\.place) == shifted(imported).map(RowPlace.line))
        #expect(plan.duplicates.first?.reason == "same email as line 2")
        #expect(plan.leads.last?.fields?.company == "Co 19999")
    }
}
