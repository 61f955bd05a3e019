import Foundation
import Testing
import TeachTestSupport
@testable import TeachRender

/// The player's script and style are edited as `player.js` and `player.css` and compiled into
/// the binary as `PlayerAssets.swift` (the Gradescope bundle ships one executable, so no
/// resource bundle). This test keeps the two in step: re-generate with
/// `TEACH_RECORD_ASSETS=1 swift test --filter PlayerAssetsTests`.
@Suite struct PlayerAssetsTests {
    static let folder = repositoryRoot.appendingPathComponent("Sources/TeachRender/Documents/Player")
    static let assets = [("script", "player.js"), ("style", "player.css")]

    /// The source of `PlayerAssets.swift`: each file's text, its final newline dropped, as a raw
    /// string literal whose lines start at column 0, so no character is escaped or re-indented.
    static func generated() throws -> String {
        var out = """
        // Generated from player.js and player.css by `TEACH_RECORD_ASSETS=1 swift test --filter PlayerAssetsTests`.
        // Edit those files, not this one.

        /// The player page's script and style sheet, embedded in the binary.
        enum PlayerAssets {

        """
        for (name, file) in assets {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(text.hasSuffix("\n") && !text.contains("\"\"\"#") && !text.contains("\\#"), "\(file) cannot be embedded as it is")
            out += "    static let \(name) = #\"\"\"\n\(text.dropLast())\n\"\"\"#\n"
        }
        return out + "}\n"
    }

    @Test func embeddedAssetsMatchTheirFiles() throws {
        let path = Self.folder.appendingPathComponent("PlayerAssets.swift")
        let expected = try Self.generated()
        if ProcessInfo.processInfo.environment["TEACH_RECORD_ASSETS"] != nil {
            try expected.write(to: path, atomically: true, encoding: .utf8)
        }
        #expect(try String(contentsOf: path, encoding: .utf8) == expected, "PlayerAssets.swift is stale: run TEACH_RECORD_ASSETS=1 swift test --filter PlayerAssetsTests")
        #expect(PlayerAssets.script + "\n" == (try String(contentsOf: Self.folder.appendingPathComponent("player.js"), encoding: .utf8)))
        #expect(PlayerAssets.style + "\n" == (try String(contentsOf: Self.folder.appendingPathComponent("player.css"), encoding: .utf8)))
    }

    /// node parses the script as JavaScript.
    @Test(.enabled(if: Tool.node.isInstalled, Tool.node.missing))
    func scriptParses() throws {
        let result = try Tool.node.run(["--check", Self.folder.appendingPathComponent("player.js").path])
        #expect(result.status == 0)
    }
}
