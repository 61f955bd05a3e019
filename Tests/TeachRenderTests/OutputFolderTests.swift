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
        #expect(contents(of: root) == ["l2reg/b.md": Data("three".utf8)])
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
        let committed = contents(of: repositoryRoot.appendingPathComponent("output/\(id)"))
        let fresh = try rendered(id)
        let stale = "output/\(id) is stale: run `bash .ci/setup` (or `teach render lessons/*.yaml`) and commit it"
        #expect(committed.keys.sorted() == fresh.keys.sorted(), "\(stale)")
        let differing = fresh.filter { path, text in !path.hasSuffix(".svg") && committed[path] != Data(text.utf8) }.keys.sorted()
        #expect(differing.isEmpty, "\(stale); differing: \(differing)")
    }
}
