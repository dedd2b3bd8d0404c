import Foundation
import Testing

/// The module split, checked from the package's own description and sources: the shared
/// store and the PostgreSQL store link no SQLite, the core depends on nothing, and the
/// board's pure layer reads the core only. The manifest is read with `swift package
/// dump-package`, the way SwiftPM itself reads it.
@Suite("module boundaries")
struct ModuleBoundaryTests {
    /// The package root: this file is Tests/ModuleBoundaryTests/ModuleBoundaryTests.swift.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func sharedAndPostgresStoresLinkNoSQLite() throws {
        let manifest = try Manifest.load(Self.root)
        for target in ["HandoffStore", "HandoffPostgres"] {
            let reached = try manifest.closure(of: target)
            let sqlite = reached.filter { $0.package == "GRDB.swift" || $0.name.hasPrefix("GRDB") || $0.name == "HandoffSQLite" }
            #expect(sqlite.isEmpty, "\(target) reaches \(sqlite.map(\.description)): it must not link SQLite")
        }
        // The check can see a database library where there is one.
        let sqlite = try manifest.closure(of: "HandoffSQLite")
        #expect(sqlite.contains(Manifest.Node(name: "GRDB", package: "GRDB.swift")))
        #expect(sqlite.contains(Manifest.Node(name: "HandoffStore", package: nil)))
        let postgres = try manifest.closure(of: "HandoffPostgres")
        #expect(postgres.contains(Manifest.Node(name: "PostgresNIO", package: "postgres-nio")))
        #expect(!(try manifest.closure(of: "HandoffStore")).contains { $0.package != nil },
                "HandoffStore depends on no package outside this one")
    }

    @Test func theCoreDependsOnNothing() throws {
        #expect(try Manifest.load(Self.root).closure(of: "HandoffCore").isEmpty)
    }

    @Test func noSharedOrPostgresOrCoreSourceImportsSQLite() throws {
        let forbidden: [String: Set<String>] = [
            "HandoffCore": ["GRDB", "GRDBSQLite", "HandoffSQLite", "PostgresNIO", "HandoffStore", "HandoffPostgres"],
            "HandoffStore": ["GRDB", "GRDBSQLite", "HandoffSQLite", "PostgresNIO", "HandoffPostgres"],
            "HandoffPostgres": ["GRDB", "GRDBSQLite", "HandoffSQLite"],
        ]
        var scanned = 0
        for (module, modules) in forbidden {
            for file in try Self.sources(in: "Sources/\(module)") {
                scanned += 1
                let bad = try Self.imports(of: file).intersection(modules)
                #expect(bad.isEmpty, "\(file.path) imports \(bad.sorted()): \(module) must not")
            }
        }
        #expect(scanned > 50)
        // The scan sees an import where there is one.
        let sqlite = try Self.sources(in: "Sources/HandoffSQLite").map(Self.imports)
        #expect(sqlite.contains { $0.contains("GRDB") })
    }

    /// Only the run loop (and its jobs, the store work it hands the worker) talks to a
    /// store; the model, update and views read the core.
    @Test func theBoardsPureLayerImportsTheCoreOnly() throws {
        let talksToTheStore: Set<String> = ["App/BoardApp.swift", "App/BoardApp+Jobs.swift"]
        var found: Set<String> = []
        for file in try Self.sources(in: "Sources/HandoffTUI") {
            let name = file.path.components(separatedBy: "/Sources/HandoffTUI/").last ?? file.path
            let stores = try Self.imports(of: file).intersection(["HandoffStore", "HandoffSQLite", "HandoffPostgres"])
            if stores.isEmpty { continue }
            found.insert(name)
            #expect(talksToTheStore.contains(name) && stores == ["HandoffStore"],
                    "HandoffTUI/\(name) imports \(stores.sorted()): the board's pure layer imports HandoffCore only")
        }
        #expect(found == talksToTheStore)
    }

    static func sources(in folder: String) throws -> [URL] {
        let base = root.appendingPathComponent(folder)
        guard let walk = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else {
            throw Failure("cannot list \(base.path)")
        }
        let files = walk.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        guard !files.isEmpty else { throw Failure("no Swift sources in \(base.path)") }
        return files.map(\.standardizedFileURL)
    }

    /// The modules a file imports: `import M`, `@testable import M`, `import struct M.T`.
    static func imports(of file: URL) throws -> Set<String> {
        var modules: Set<String> = []
        for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
            var words = line.split(separator: " ").map(String.init)
            while let first = words.first, first.hasPrefix("@") { words.removeFirst() }
            guard words.first == "import", words.count >= 2 else { continue }
            let kinds: Set<String> = ["typealias", "struct", "class", "enum", "protocol", "let", "var", "func"]
            let path = kinds.contains(words[1]) && words.count >= 3 ? words[2] : words[1]
            modules.insert(String(path.split(separator: ".").first ?? ""))
        }
        return modules
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// The targets of `swift package dump-package` and what each depends on.
struct Manifest {
    /// A dependency: a target of this package (`package` nil) or a product of another.
    struct Node: Hashable, CustomStringConvertible {
        let name: String
        let package: String?
        var description: String { package.map { "\(name) (\($0))" } ?? name }
    }

    let dependencies: [String: [Node]]

    static func load(_ root: URL) throws -> Manifest {
        // A scratch folder of its own: `swift test` may hold the package's .build lock, and
        // dump-package would wait for it.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-manifest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let swift = Process()
        swift.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        swift.arguments = ["swift", "package", "--package-path", root.path, "--scratch-path", scratch.path, "dump-package"]
        let output = Pipe()
        let errors = Pipe()
        swift.standardOutput = output
        swift.standardError = errors
        try swift.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problem = errors.fileHandleForReading.readDataToEndOfFile()
        swift.waitUntilExit()
        guard swift.terminationStatus == 0 else {
            throw ModuleBoundaryTests.Failure("swift package dump-package failed: \(String(decoding: problem, as: UTF8.self))")
        }
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let targets = json["targets"] as? [[String: Any]] else {
            throw ModuleBoundaryTests.Failure("dump-package printed no targets")
        }
        var dependencies: [String: [Node]] = [:]
        for target in targets {
            guard let name = target["name"] as? String, let list = target["dependencies"] as? [[String: Any]] else {
                throw ModuleBoundaryTests.Failure("a target without a name or dependencies")
            }
            dependencies[name] = try list.map { entry in
                // {"byName": [name, condition]}, {"target": [name, condition]},
                // {"product": [name, package, moduleAliases, condition]}
                guard let (kind, value) = entry.first, let fields = value as? [Any], let depName = fields.first as? String else {
                    throw ModuleBoundaryTests.Failure("a dependency that does not read: \(entry)")
                }
                return Node(name: depName, package: kind == "product" ? fields.dropFirst().first as? String : nil)
            }
        }
        return Manifest(dependencies: dependencies)
    }

    /// Everything `target` depends on, directly or through other targets of this package.
    /// A name that is not one of its targets is a product of another package.
    func closure(of target: String) throws -> Set<Node> {
        guard dependencies[target] != nil else { throw ModuleBoundaryTests.Failure("no target \(target)") }
        var seen: Set<Node> = []
        var queue = dependencies[target] ?? []
        while let node = queue.popLast() {
            let resolved = node.package == nil && dependencies[node.name] == nil
                ? Node(name: node.name, package: "?") : node
            guard seen.insert(resolved).inserted else { continue }
            if resolved.package == nil { queue += dependencies[resolved.name] ?? [] }
        }
        return seen
    }
}
