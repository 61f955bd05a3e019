// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "teach",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "teach", targets: ["teach"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // Math only: tensors, expressions, symbolic partials, the traced engine. No dependencies.
        .target(name: "TeachCore"),
        // The lesson language: YAML front end, expression parser, located diagnostics.
        .target(name: "TeachLessons", dependencies: [
            "TeachCore", .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "CSV", package: "CSV.swift"),
        ]),
        // Graphviz linked in-process (libgvc from libgraphviz-dev).
        .systemLibrary(name: "CGraphviz", pkgConfig: "libgvc", providers: [.apt(["libgraphviz-dev"])]),
        // Exercises: the key, error carried forward, replayed mistakes, report formats.
        .target(name: "TeachGrading", dependencies: ["TeachCore", "TeachLessons"]),
        // Back ends that read a trace or a grade: DOT/SVG frames, Markdown tables, JSON, grade reports.
        .target(name: "TeachRender", dependencies: ["TeachCore", "TeachLessons", "TeachGrading", "CGraphviz",
                                                    .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                                                    .product(name: "CSV", package: "CSV.swift")],
                exclude: ["Documents/Browser/player.js", "Documents/Browser/player.css", "Documents/Browser/deck.js", "Documents/Browser/deck.css"]),
        // The commands, as a library so tests can run them in-process.
        .target(name: "TeachCLI", dependencies: [
            "TeachCore", "TeachLessons", "TeachRender", "TeachGrading",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "teach", dependencies: ["TeachCLI"]),
        // Every reader of untrusted files behind one entry point, for libFuzzer and a seeded driver.
        .target(name: "TeachFuzz", dependencies: ["TeachCore", "TeachLessons", "TeachGrading", "TeachRender"]),
        .executableTarget(name: "teach-fuzz", dependencies: ["TeachFuzz"]),
        // `swift run -c release teach-bench`: engine, frame and memory figures with ratios.
        .executableTarget(name: "teach-bench", dependencies: ["TeachCore", "TeachLessons", "TeachRender", "TeachGrading", "TeachCLI"],
                          exclude: ["Peers"]),
        // What every test target shares: the repository's lessons, external tools, tolerances.
        .target(name: "TeachTestSupport", dependencies: ["TeachCore", "TeachLessons"], path: "Tests/TeachTestSupport"),
        .testTarget(name: "TeachCoreTests", dependencies: ["TeachCore", "TeachLessons", "TeachTestSupport"]),
        .testTarget(name: "TeachLessonsTests", dependencies: ["TeachLessons", "TeachTestSupport"],
                    resources: [.copy("InvalidLessons")]),
        .testTarget(name: "TeachRenderTests", dependencies: ["TeachRender", "TeachLessons", "TeachTestSupport"],
                    exclude: ["Snapshots", "SlideGlyphs"]),
        .testTarget(name: "TeachGradingTests", dependencies: ["TeachGrading", "TeachLessons", "TeachTestSupport"],
                    exclude: ["InvalidAnswers"]),
        .testTarget(name: "TeachCLITests", dependencies: ["TeachCLI", "TeachFuzz", "TeachTestSupport",
                                                    .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                    exclude: ["SchemaValidation", "MarkdownReaders"]),
    ]
)
