import Testing
@testable import HandoffConfig

@Suite("TOML: reading")
struct TOMLParseTests {
    @Test func keysStringsNumbersAndBooleans() throws {
        let table = try TOML.parse(
            #"""
            # a comment
            name = "Ada \"the\" Lovelace" # trailing comment
            path = 'C:\Users\ada'
            "quoted key" = 1
            site."example.com".port = 8080
            count = 1_000
            negative = -17
            hex = 0xff
            ratio = 0.25
            big = 6.02e23
            yes = true
            no = false
            escapes = "tab\tnew\nline \u00e9 \U0001F600"
            """#)
        #expect(table["name"] == "Ada \"the\" Lovelace")
        #expect(table["path"] == .string(#"C:\Users\ada"#))
        #expect(table["quoted key"] == 1)
        #expect(table["site"]?.tableValue?["example.com"]?.tableValue?["port"] == 8080)
        #expect(table["count"] == 1000)
        #expect(table["negative"] == -17)
        #expect(table["hex"] == 255)
        #expect(table["ratio"] == 0.25)
        #expect(table["big"]?.doubleValue == 6.02e23)
        #expect(table["yes"] == true)
        #expect(table["no"] == false)
        #expect(table["escapes"] == "tab\tnew\nline é 😀")
        #expect(table.keys.first == "name")
    }

    @Test func multilineStrings() throws {
        let table = try TOML.parse(
            "guidance = \"\"\"\nThe lowest threshold,\n  not C-level.\"\"\"\n"
                + "joined = \"\"\"\\\n    one \\\n    two\"\"\"\n"
                + "raw = '''\nno \\escapes\n'''\n"
                + "quotes = \"\"\"a \"\"quoted\"\" b\"\"\"\"\n")
        #expect(table["guidance"] == "The lowest threshold,\n  not C-level.")
        #expect(table["joined"] == "one two")
        #expect(table["raw"] == "no \\escapes\n")
        #expect(table["quotes"] == "a \"\"quoted\"\" b\"")
    }

    @Test func arraysSpanLinesWithCommentsAndTrailingComma() throws {
        let table = try TOML.parse(
            """
            codes = [
              "no_need",   # the usual one
              "not_icp",
            ]
            nested = [[1, 2], ["a"]]
            empty = []
            """)
        #expect(table["codes"] == ["no_need", "not_icp"])
        #expect(table["nested"] == [[1, 2], ["a"]])
        #expect(table["empty"] == [])
    }

    @Test func tablesInlineTablesAndArraysOfTables() throws {
        let table = try TOML.parse(
            """
            version = 3

            [roles.card-selected]
            fg = "#ffffff"

            [roles]
            card = { fg = "white", bold = true }

            [[criteria]]
            key = "need"
            required = true

            [[criteria]]
            key = "budget"
            required = false
            [criteria.extra]
            note = "optional"
            """)
        let roles = try #require(table["roles"]?.tableValue)
        #expect(roles["card-selected"]?.tableValue?["fg"] == "#ffffff")
        #expect(roles["card"] == .table(["fg": "white", "bold": true]))
        let criteria = try #require(table["criteria"]?.arrayValue)
        #expect(criteria.count == 2)
        #expect(criteria[0].tableValue?["key"] == "need")
        #expect(criteria[1].tableValue?["extra"]?.tableValue?["note"] == "optional")
    }

    @Test func everyKeyRemembersItsLine() throws {
        let table = try TOML.parse("a = 1\n\n# note\nb = 2\n[t]\nc = 3\n[[list]]\nd = 4\n")
        #expect(table.line(of: "a") == 1)
        #expect(table.line(of: "b") == 4)
        #expect(table.line(of: "t") == 5)
        #expect(table["t"]?.tableValue?.line(of: "c") == 6)
        #expect(table["list"]?.arrayValue?.first?.tableValue?.line(of: "d") == 8)
        #expect(table.line(of: "missing") == nil)
    }

    @Test func crlfAndByteOrderMark() throws {
        let table = try TOML.parse("\u{FEFF}a = 1\r\nb = \"x\"\r\n")
        #expect(table["a"] == 1)
        #expect(table["b"] == "x")
        #expect(table.line(of: "b") == 2)
    }
}

@Suite("TOML: errors")
struct TOMLErrorTests {
    private func error(_ text: String) -> TOMLError? {
        do {
            _ = try TOML.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func missingEqualsNamesTheLine() throws {
        let failure = try #require(error("a = 1\n\n\n\n\n\nname \"x\"\n"))
        #expect(failure.line == 7)
        #expect(failure.column == 6)
        #expect(failure.description == "line 7: expected '=' after key")
    }

    @Test func duplicateKeysAreErrors() throws {
        let failure = try #require(error("name = 1\nother = 2\nname = 3\n"))
        #expect(failure.line == 3)
        #expect(failure.message.contains("duplicate key 'name'"))
        #expect(failure.message.contains("line 1"))
    }

    @Test func tablesCannotBeDefinedTwice() throws {
        let failure = try #require(error("[roles]\na = 1\n[roles]\nb = 2\n"))
        #expect(failure.line == 3)
        #expect(failure.message.contains("defined twice"))
    }

    @Test func inlineTablesAndStaticArraysAreClosed() {
        #expect(error("a = { b = 1 }\na.c = 2\n")?.line == 2)
        #expect(error("a = { b = 1 }\n[a.c]\n")?.line == 2)
        #expect(error("a = [1]\n[[a]]\n")?.line == 2)
        #expect(error("a = { b = 1, b = 2 }\n")?.message.contains("duplicate") == true)
    }

    @Test func malformedValuesAreReported() {
        #expect(error("a = \"unterminated\n")?.line == 1)
        #expect(error("a = hello\n")?.message.contains("quotes") == true)
        #expect(error("a = 1979-05-27\n")?.message.contains("dates") == true)
        #expect(error("a = 012\n")?.message.contains("leading zeros") == true)
        #expect(error("a = 1__0\n") != nil)
        #expect(error("a = 99999999999999999999\n")?.message.contains("range") == true)
        #expect(error("a = \"bad \\q escape\"\n")?.message.contains("invalid escape") == true)
        #expect(error("a = [1, 2\n")?.message.contains("']'") == true)
        #expect(error("a = { b = 1,\n}")?.line == 1)
        #expect(error("a = 1 b = 2\n")?.message.contains("newline") == true)
        #expect(error("a =\n") != nil)
        #expect(error("= 1\n")?.message == "expected a key before '='")
        #expect(error("[table\n")?.line == 1)
        #expect(error("x = 1\n\"\"\"\n") != nil)
        // Signs and underscores where TOML has none (these used to read as numbers).
        #expect(error("a = 0x+5\n")?.message.contains("invalid number") == true)
        #expect(error("a = 0x-5\n")?.message.contains("invalid number") == true)
        #expect(error("a = 0b12\n")?.message.contains("invalid number") == true)
        #expect(error("a = 1_e5\n") != nil)
        #expect(error("a = 0b" + String(repeating: "1", count: 64) + "\n")?.message.contains("out of range") == true)
    }

    @Test func errorsInMultilineValuesPointAtTheirLine() throws {
        let failure = try #require(error("codes = [\n  \"a\",\n  bad,\n]\n"))
        #expect(failure.line == 3)
    }
}

@Suite("TOML: writing")
struct TOMLWriterTests {
    @Test func builderWritesFieldsAndArraysOfTables() throws {
        var writer = TOMLWriter()
        writer.comment("SQL definition")
        writer.field("version", 3)
        writer.field("codes", ["no_need", "not \"icp\""])
        writer.arrayTable("criteria")
        writer.field("key", "need")
        writer.field("required", true)
        writer.arrayTable("criteria")
        writer.field("key", "budget")
        writer.field("guidance", "line one\nline two")
        #expect(
            writer.output == """
                # SQL definition
                version = 3
                codes = ["no_need", "not \\"icp\\""]

                [[criteria]]
                key = "need"
                required = true

                [[criteria]]
                key = "budget"
                guidance = "line one\\nline two"

                """)
        let read = try TOML.parse(writer.output)
        #expect(read["criteria"]?.arrayValue?[1].tableValue?["guidance"] == "line one\nline two")
    }

    @Test func documentsRoundTrip() throws {
        let source = """
            name = "x"
            weird = "tab\\t\\u0001"
            "odd key" = 1.5
            list = [1, 2]
            [roles.card]
            fg = "red"
            [[items]]
            a = 1
            [items.sub]
            b = true
            [[items]]
            a = 2
            """
        let table = try TOML.parse(source)
        let written = TOMLWriter.document(table)
        #expect(try TOML.parse(written) == table)
    }

    @Test func keysAreQuotedOnlyWhenNeeded() {
        #expect(TOMLWriter.key("card-selected") == "card-selected")
        #expect(TOMLWriter.key("odd key") == "\"odd key\"")
        #expect(TOMLWriter.key("") == "\"\"")
    }
}
