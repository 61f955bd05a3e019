import Foundation
import Testing
import TeachTestSupport

/// Output is byte-identical across separate processes, each with its own random hash seed,
/// so no Set or Dictionary order can reach a file: every shipped lesson rendered (with the
/// Beamer deck and PDF frames) and a student's worksheet, twice.
@Suite(.enabled(if: teachExecutableExists, "needs the teach executable beside the tests"))
struct DeterminismTests {
    /// Runs teach in a new process without deterministic hashing; its exit status.
    static func teach(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = teachExecutable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "SWIFT_DETERMINISTIC_HASHING" }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Every file below `folder`, by relative path.
    static func contents(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            files[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
        }
        return files
    }

    @Test func twoProcessesWriteTheSameBytes() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("teach-determinism-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let secret = work.appendingPathComponent("course.secret")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try "determinism\n".write(to: secret, atomically: true, encoding: .utf8)
        var runs: [[String: Data]] = []
        for run in ["a", "b"] {
            let out = work.appendingPathComponent(run)
            #expect(try Self.teach(["render"] + shippedLessonIDs.map(shippedLessonPath) + ["--out", out.appendingPathComponent("render").path, "--slides"]) == 0)
            #expect(try Self.teach(["sheet", shippedLessonPath("l2reg"), "--student", "ada@uni.edu", "--secret-file", secret.path,
                                    "--out", out.appendingPathComponent("sheets").path]) == 0)
            runs.append(try Self.contents(out))
        }
        #expect(runs[0].count > 300, "\(runs[0].count) files")
        #expect(runs[0].keys.sorted() == runs[1].keys.sorted())
        let differing = runs[0].keys.filter { runs[0][$0] != runs[1][$0] }.sorted()
        #expect(differing.isEmpty, "differ between processes: \(differing.prefix(5))")
    }
}
