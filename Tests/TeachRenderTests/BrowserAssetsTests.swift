import Foundation
import Testing
import TeachTestSupport
@testable import TeachRender

/// The pages' scripts and styles (the player's and the HTML deck's) are edited as `player.js`,
/// `player.css`, `deck.js` and `deck.css` and compiled into the binary as `BrowserAssets.swift`
/// (the Gradescope bundle ships one executable, so no resource bundle). This test keeps the two
/// in step: re-generate with `TEACH_RECORD_ASSETS=1 swift test --filter BrowserAssetsTests`.
@Suite struct BrowserAssetsTests {
    static let folder = repositoryRoot.appendingPathComponent("Sources/TeachRender/Documents/Browser")
    static let assets = [("playerScript", "player.js"), ("playerStyle", "player.css"), ("deckScript", "deck.js"), ("deckStyle", "deck.css")]

    /// The source of `PlayerAssets.swift`: each file's text, its final newline dropped, as a raw
    /// string literal whose lines start at column 0, so no character is escaped or re-indented.
    static func generated() throws -> String {
        var out = """
        // Generated from player.js, player.css, deck.js and deck.css by `TEACH_RECORD_ASSETS=1 swift test --filter BrowserAssetsTests`.
        // Edit those files, not this one.

        /// The scripts and style sheets of the player (`index.html`) and the HTML deck (`deck.html`), embedded in the binary.
        enum BrowserAssets {

        """
        for (name, file) in assets {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(text.hasSuffix("\n") && !text.contains("\"\"\"#") && !text.contains("\\#"), "\(file) cannot be embedded as it is")
            out += "    static let \(name) = #\"\"\"\n\(text.dropLast())\n\"\"\"#\n"
        }
        return out + "}\n"
    }

    @Test func embeddedAssetsMatchTheirFiles() throws {
        let path = Self.folder.appendingPathComponent("BrowserAssets.swift")
        let expected = try Self.generated()
        if ProcessInfo.processInfo.environment["TEACH_RECORD_ASSETS"] != nil {
            try expected.write(to: path, atomically: true, encoding: .utf8)
        }
        #expect(try String(contentsOf: path, encoding: .utf8) == expected, "BrowserAssets.swift is stale: run TEACH_RECORD_ASSETS=1 swift test --filter BrowserAssetsTests")
        for (embedded, file) in [(BrowserAssets.playerScript, "player.js"), (BrowserAssets.playerStyle, "player.css"),
                                 (BrowserAssets.deckScript, "deck.js"), (BrowserAssets.deckStyle, "deck.css")] {
            #expect(embedded + "\n" == (try String(contentsOf: Self.folder.appendingPathComponent(file), encoding: .utf8)), "\(file)")
        }
    }

    /// node parses the scripts as JavaScript.
    @Test(.enabled(if: Tool.node.isInstalled, Tool.node.missing), arguments: ["player.js", "deck.js"])
    func scriptParses(_ file: String) throws {
        let result = try Tool.node.run(["--check", Self.folder.appendingPathComponent(file).path])
        #expect(result.status == 0)
    }
}
