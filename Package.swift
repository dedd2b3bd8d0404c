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
    ],
    targets: [
        // The only C: ncursesw, wide-character build.
        .systemLibrary(
            name: "CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        // The domain: pure Swift, no I/O.
        .target(name: "HandoffCore"),
        // The embedded SQLite store, interchange formats.
        .target(
            name: "HandoffStore",
            dependencies: [
                "HandoffCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // Terminal, canvas, themes, keymap, views, the app loop.
        .target(
            name: "HandoffTUI",
            dependencies: ["HandoffCore", "HandoffStore", "CNcurses"]
        ),
        .executableTarget(
            name: "handoff",
            dependencies: [
                "HandoffCore", "HandoffStore", "HandoffTUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `handoff report` over 100,000 leads and a million events (Benchmarks/report-1m.sh).
        .executableTarget(
            name: "report-bench",
            dependencies: ["HandoffCore", "HandoffStore"],
            path: "Benchmarks/ReportBench"
        ),
        // One load worker: random valid commands against a shared store (LoadAndCrashTests).
        .executableTarget(
            name: "handoff-load",
            dependencies: ["HandoffCore", "HandoffStore"],
            path: "Benchmarks/LoadDriver"
        ),
        .testTarget(name: "HandoffCoreTests", dependencies: ["HandoffCore"]),
        .testTarget(name: "HandoffStoreTests", dependencies: ["HandoffStore", "HandoffCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "HandoffTUITests", dependencies: ["HandoffTUI", "HandoffCore", "HandoffStore"]),
        // Drives the built `handoff` binary (command line, and the board in tmux).
        .testTarget(name: "EndToEndTests", dependencies: ["HandoffCore", "HandoffStore"]),
    ],
    swiftLanguageModes: [.v6]
)
