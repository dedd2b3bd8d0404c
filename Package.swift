// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Handoff",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "handoff", targets: ["handoff"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    ],
    targets: [
        // The only C: ncursesw, wide-character build.
        .systemLibrary(
            name: "CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        // The domain: pure Swift, no I/O.
        .target(name: "HandoffCore"),
        // Settings: the TOML reader and one Config (config.toml, the environment's numbers).
        .target(name: "HandoffConfig", dependencies: ["HandoffCore"]),
        // What every store shares, and no database library: the BoardStore protocol, the one
        // write path (LogWriter over a store's LogSession), batches, doctor's log check, the
        // interchange formats (CSV/JSON import and export), the demo's story.
        .target(name: "HandoffStore", dependencies: ["HandoffCore"]),
        // The embedded SQLite store (GRDB): schema and migrations, WAL, the change counter.
        .target(
            name: "HandoffSQLite",
            dependencies: [
                "HandoffCore", "HandoffStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The raw statement API, for the one read that must be as fast as SQLite: cards.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // The PostgreSQL store (teams on several machines): the same BoardStore over postgres-nio.
        // It does not link SQLite (ModuleBoundaryTests checks).
        .target(
            name: "HandoffPostgres",
            dependencies: [
                "HandoffCore", "HandoffStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // Terminal, canvas, themes, keymap, views, the app loop. Only the app loop (BoardApp)
        // talks to a store, through the BoardStore protocol: the rest reads HandoffCore alone.
        .target(
            name: "HandoffTUI",
            dependencies: ["HandoffCore", "HandoffConfig", "HandoffStore", "CNcurses"]
        ),
        // The executable: opens a SQLite file or a PostgreSQL database by --db, so it links both.
        .executableTarget(
            name: "handoff",
            dependencies: [
                "HandoffCore", "HandoffConfig", "HandoffStore", "HandoffSQLite", "HandoffPostgres", "HandoffTUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What the benchmarks share: a team's log generated through the real rules, timing,
        // a pseudo-terminal.
        .target(
            name: "BenchSupport",
            dependencies: ["HandoffCore", "HandoffStore"],
            path: "Benchmarks/Support"
        ),
        // `handoff report` over 100,000 leads and a million events (Benchmarks/report-1m.sh).
        .executableTarget(
            name: "report-bench",
            dependencies: ["HandoffCore", "HandoffStore", "HandoffSQLite", "HandoffPostgres", "BenchSupport"],
            path: "Benchmarks/ReportBench"
        ),
        // The benchmark suite: the board at 1,000, 10,000 and 100,000 leads (Benchmarks/run).
        .executableTarget(
            name: "handoff-bench",
            dependencies: ["HandoffCore", "HandoffStore", "HandoffSQLite", "HandoffPostgres", "HandoffTUI", "BenchSupport"],
            path: "Benchmarks/Board"
        ),
        // One load worker: random valid commands against a shared store (LoadAndCrashTests).
        .executableTarget(
            name: "handoff-load",
            dependencies: ["HandoffCore", "HandoffConfig", "HandoffStore", "HandoffSQLite", "HandoffPostgres"],
            path: "Benchmarks/LoadDriver"
        ),
        // The PostgreSQL write path: one command's cost, p50/p95 (BENCHMARKS.md).
        .executableTarget(
            name: "pg-write-bench",
            dependencies: ["HandoffCore", "HandoffStore", "HandoffPostgres", "BenchSupport", "PostgresTestSupport"],
            path: "Benchmarks/PostgresWrite"
        ),
        .testTarget(name: "HandoffCoreTests", dependencies: ["HandoffCore"]),
        .testTarget(name: "HandoffConfigTests", dependencies: ["HandoffConfig", "HandoffCore"]),
        // Starts (or finds) the PostgreSQL server the store and end-to-end tests run against.
        .target(name: "PostgresTestSupport", path: "Tests/PostgresSupport"),
        .testTarget(name: "HandoffStoreTests", dependencies: ["HandoffStore", "HandoffCore", "HandoffSQLite", "HandoffPostgres",
                                                     "PostgresTestSupport", "BenchSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "HandoffTUITests", dependencies: ["HandoffTUI", "HandoffConfig", "HandoffCore", "HandoffStore", "HandoffSQLite"]),
        // The module split, read from the manifest and the sources: no SQLite below the SQLite
        // store, a core that depends on nothing, a board whose pure layer reads the core only.
        .testTarget(name: "ModuleBoundaryTests"),
        // Drives the built `handoff` binary (command line, and the board in tmux).
        .testTarget(name: "EndToEndTests", dependencies: ["HandoffCore", "HandoffStore", "HandoffSQLite", "HandoffPostgres",
                                                 "PostgresTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
