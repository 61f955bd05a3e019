import Foundation
import Testing
import TeachTestSupport
@testable import TeachCLI

/// The Gradescope bundle, run as Gradescope runs it, against a fake `/autograder` tree.
@Suite struct BundleCommandTests {
    static let teach = teachExecutable

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("teach-bundle-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The debug build links the toolchain's libraries: Gradescope could not start it, so
    /// bundling it is refused, saying how to build one that runs there, and nothing is written.
    @Test(.enabled(if: teachExecutableExists, "needs the teach executable beside the tests"))
    func aTeachThatNeedsTheToolchainIsRefused() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let secret = work.appendingPathComponent("course.secret")
        try "s3cret\n".write(to: secret, atomically: true, encoding: .utf8)
        let bundle = work.appendingPathComponent("autograder")
        let made = TeachCommand.execute(["bundle", "gradescope", shippedLessonPath("logistic"), "--secret-file", secret.path,
                                         "--out", bundle.path, "--teach", Self.teach.path])
        #expect(made.status == .usage)
        #expect(made.standardError.contains("needs the Swift toolchain's libswift") && made.standardError.contains("--static-swift-stdlib"))
        #expect(!FileManager.default.fileExists(atPath: bundle.path) && !FileManager.default.fileExists(atPath: bundle.path + ".zip"))
    }

    /// The newest glibc version an executable names, compared as versions, not as text.
    @Test func theNewestGlibcVersionIsFound() {
        let bytes = Array("xGLIBC_2.2.5\0GLIBC_2.17\0GLIBC_2.35\0GLIBC_2.4\0GLIBC_PRIVATE\0".utf8)
        #expect(PortableExecutable(path: "", bytes: bytes).newestGlibc == "2.35")
        #expect(PortableExecutable.isNewer("2.36", than: "2.35") && !PortableExecutable.isNewer("2.35", than: "2.35")
                && !PortableExecutable.isNewer("2.4", than: "2.35"))
    }
}
