import Foundation
import Testing
import TeachTestSupport
@testable import TeachRender

/// Every file under `folder` (hidden ones too) with its contents, by relative path.
func contents(of folder: URL) -> [String: Data] {
    var result: [String: Data] = [:]
    guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return result }
    for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
        result[String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))] = try? Data(contentsOf: url)
    }
    return result
}

@Suite struct OutputFolderTests {
    @Test func replacesTheWholeFolderAndLeavesNothingBeside() throws {
        let root = try scratchFolder("render")
        let folder = OutputFolder(root: root)
        try folder.replace("l2reg", with: [OutputFile(path: "a.md", text: "one"), OutputFile(path: "frames/1.dot", text: "two")])
        try folder.replace("l2reg", with: [OutputFile(path: "b.md", text: "three")])
        #expect(contents(of: root) == ["l2reg/b.md": Data("three".utf8), "l2reg/.teach-files": Data("b.md\n".utf8)])
    }

    /// A render never deletes a file it did not write: the PDFs a lecturer made in the folder
    /// (and a folder of notes) are carried into the next render; teach's own files that the
    /// next render does not write are gone; a file the new render writes is the new render's.
    @Test func filesTeachDidNotWriteAreKept() throws {
        let root = try scratchFolder("render")
        let folder = OutputFolder(root: root)
        try folder.replace("l2reg", with: [OutputFile(path: "slides.tex", text: "tex"), OutputFile(path: "frames/1.pdf", text: "pdf"),
                                           OutputFile(path: "deck.md", text: "old deck")])
        let mine = ["l2reg/slides.pdf": "the lecturer's slides", "l2reg/slides.log": "log", "l2reg/notes/week 3.txt": "notes",
                    "l2reg/frames/drawn by hand.svg": "svg"]
        for (path, text) in mine {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: root.appendingPathComponent(path), atomically: false, encoding: .utf8)
        }
        try folder.replace("l2reg", with: [OutputFile(path: "deck.md", text: "new deck")])
        var expected = mine.mapValues { Data($0.utf8) }
        expected["l2reg/deck.md"] = Data("new deck".utf8)
        expected["l2reg/.teach-files"] = Data("deck.md\n".utf8)
        #expect(contents(of: root) == expected)
        // A folder from before the list: what stands under a name the render writes is teach's.
        try FileManager.default.removeItem(at: root.appendingPathComponent("l2reg/.teach-files"))
        try "stale".write(to: root.appendingPathComponent("l2reg/frames/0.svg"), atomically: false, encoding: .utf8)
        try folder.replace("l2reg", with: [OutputFile(path: "deck.md", text: "newer deck"), OutputFile(path: "frames/1.svg", text: "frame")])
        let kept = contents(of: root)
        #expect(kept["l2reg/slides.pdf"] == Data("the lecturer's slides".utf8) && kept["l2reg/notes/week 3.txt"] != nil)
        #expect(kept["l2reg/frames/0.svg"] == nil && kept["l2reg/frames/drawn by hand.svg"] == nil)
        #expect(kept["l2reg/frames/1.svg"] == Data("frame".utf8) && kept["l2reg/deck.md"] == Data("newer deck".utf8))
    }

    /// A write that fails halfway leaves the previous output byte for byte, and no staging folder.
    @Test func failedWriteLeavesThePreviousOutput() throws {
        let root = try scratchFolder("render")
        let folder = OutputFolder(root: root)
        try folder.replace("l2reg", with: [OutputFile(path: "tables.md", text: "previous")])
        let before = contents(of: root)
        #expect(throws: OutputError.self) {
            try folder.replace("l2reg", with: [OutputFile(path: "tables.md", text: "new"), OutputFile(path: "../../escaped", text: "x")])
        }
        #expect(contents(of: root) == before)
        #expect(contents(of: root.deletingLastPathComponent()).keys.contains { $0.hasSuffix("escaped") } == false)
    }


    /// A render that fails after some files were streamed to disk (Graphviz failing at frame
    /// 500, say) leaves the previous output, no staging folder, and its own error.
    @Test func failedRenderAfterStreamedFilesLeavesThePreviousOutput() throws {
        struct RenderFailed: Error, Equatable {}
        let root = try scratchFolder("render")
        let folder = OutputFolder(root: root)
        try folder.replace("l2reg", with: [OutputFile(path: "tables.md", text: "previous")])
        let before = contents(of: root)
        #expect(throws: RenderFailed()) {
            try folder.replace("l2reg") { write in
                try write(OutputFile(path: "frames/001-forward-x.dot", text: "digraph {}"))
                try write(OutputFile(path: "tables.md", text: "new"))
                throw RenderFailed()
            }
        }
        #expect(contents(of: root) == before)
    }
    @Test(arguments: ["../x", "../../etc/x", "/etc/x", "", "a/b", ".", "..", "NUL\u{0}", String(repeating: "a", count: 129), "é"])
    func refusesNamesOutsideTheAllowlist(_ id: String) throws {
        let root = try scratchFolder("render")
        #expect(throws: OutputError.self) { try OutputFolder(root: root).replace(id, with: [OutputFile(path: "x", text: "x")]) }
        #expect(contents(of: root).isEmpty)
    }

    @Test(arguments: ["../x", "/x", "a/../../x", "a//b", "./x", ""])
    func refusesFilePathsThatLeaveTheFolder(_ path: String) {
        #expect(!OutputFolder.isSafeRelativePath(path))
    }

    /// `output/` in the repository holds every shipped lesson as a fresh render writes it.
    @Test(arguments: shippedLessons)
    func committedOutputMatchesAFreshRender(_ id: String) throws {
        var committed = contents(of: repositoryRoot.appendingPathComponent("output/\(id)"))
        let manifest = committed.removeValue(forKey: OutputFolder.manifest)
        let fresh = try rendered(id)
        let stale = "output/\(id) is stale: run `bash .ci/setup` (or `teach render lessons/*.yaml`) and commit it"
        #expect(committed.keys.sorted() == fresh.keys.sorted(), "\(stale)")
        #expect(manifest == Data((fresh.keys.sorted().joined(separator: "\n") + "\n").utf8), "the list of the files teach wrote: \(stale)")
        let differing = fresh.filter { path, text in !path.hasSuffix(".svg") && committed[path] != Data(text.utf8) }.keys.sorted()
        #expect(differing.isEmpty, "\(stale); differing: \(differing)")
    }
}
