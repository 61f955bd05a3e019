import Foundation
import Testing
import TeachTestSupport
@testable import TeachCLI

/// SIGINT, SIGTERM and the time limit, sent to a real `teach render` at different moments:
/// the output folder holds either the previous output or the complete new one, never a
/// half-written folder, and no hidden staging folder is left behind.
@Suite(.enabled(if: teachExecutableExists, "needs the teach executable beside the tests"))
struct InterruptionTests {
    static let teach = BundleCommandTests.teach

    /// A 253-node generated lesson (288 frames, a render of about 4 s in a debug build, long
    /// enough for every signal below to arrive mid-render) in a fresh folder, beside an `out/`
    /// holding a previous render marked by `previous.txt`.
    func setUp() throws -> (lesson: URL, out: URL) {
        let work = try scratchFolder("signal")
        let previous = work.appendingPathComponent("out/mlp", isDirectory: true)
        try FileManager.default.createDirectory(at: previous, withIntermediateDirectories: true)
        try "previous render\n".write(to: previous.appendingPathComponent("previous.txt"), atomically: true, encoding: .utf8)
        let generated = TeachCommand.execute(["generate", "mlp", "--inputs", "6", "--hidden", "10", "--layers", "2", "--outputs", "2"])
        let lesson = work.appendingPathComponent("mlp.yaml")
        try generated.standardOutput.write(to: lesson, atomically: true, encoding: .utf8)
        return (lesson, work.appendingPathComponent("out"))
    }

    func render(_ lesson: URL, into out: URL, environment: [String: String] = [:], signal: Int32? = nil, after delay: Double = 0) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = Self.teach
        process.arguments = ["render", lesson.path, "--out", out.path, "--frames", "all"]
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        if let signal {
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, signal)
        }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    /// Either exactly the previous output, or a complete render (which keeps `previous.txt`,
    /// a file teach did not write); and nothing hidden beside it.
    func checkIntact(_ out: URL) throws {
        let entries = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(entries == ["mlp"], "left behind: \(entries)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("mlp").path).sorted()
        if files == ["previous.txt"] { return }
        #expect(files == [".teach-files", "deck.html", "deck.md", "focus", "frames", "handout.html", "handout.md", "index.html", "index.md",
                          "previous.txt", "tables.md", "trace.json"])
        let frames = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("mlp/frames").path)
        let index = try String(contentsOf: out.appendingPathComponent("mlp/index.md"), encoding: .utf8)
        // index.md links every frame file: the SVG as an image, the DOT as a link.
        #expect(frames.count == index.components(separatedBy: "](frames/").count - 1)
    }

    @Test(arguments: [0.2, 0.6, 1.0, 1.6, 2.4, 3.5])
    func anInterruptedRenderLeavesNothingHalfWritten(_ delay: Double) throws {
        let (lesson, out) = try setUp()
        let (status, message) = try render(lesson, into: out, signal: SIGINT, after: delay)
        #expect(status == 130 || status == 0)
        if status == 130 { #expect(message.contains("interrupted")) }
        try checkIntact(out)
    }

    @Test func termIsHandledTheSameWay() throws {
        let (lesson, out) = try setUp()
        let (status, _) = try render(lesson, into: out, signal: SIGTERM, after: 0.8)
        #expect(status == 143 || status == 0)
        try checkIntact(out)
    }

    @Test func theTimeLimitEndsARunWithAMessage() throws {
        let (lesson, out) = try setUp()
        let (status, message) = try render(lesson, into: out, environment: ["TEACH_TIME_LIMIT": "1"])
        #expect(status == 70)
        #expect(message.contains("time limit of 1 s"))
        try checkIntact(out)
    }

    @Test func aKilledRunsStagingIsClearedByTheNextRun() throws {
        let (lesson, out) = try setUp()
        // A staging folder of a process that no longer exists (pid 2^22 + 1 is above pid_max's default).
        let stale = out.appendingPathComponent(".mlp.partial-4194305-7")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
        let (status, _) = try render(lesson, into: out)
        #expect(status == 0)
        try checkIntact(out)
    }

    /// A submission graded past the time limit (a lesson within every limit whose gradient
    /// check through products of 100×100 matrices takes seconds) still leaves Gradescope a
    /// results.json: a zero score that says why.
    @Test func theTimeLimitStillWritesResultsJSON() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("teach-limit-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let row = "[" + Array(repeating: "0.01", count: 100).joined(separator: ", ") + "]"
        let matrix = "[" + Array(repeating: row, count: 100).joined(separator: ", ") + "]"
        try "title: heavy\nparameters:\n  A: \(matrix)\nequations: [B = A @ A, C = B @ A, L = sum(C)]\nloss: L\nexercises:\n  blanks: [value L]\n"
            .write(to: work.appendingPathComponent("slow.yaml"), atomically: true, encoding: .utf8)
        try "value_L: 1\n".write(to: work.appendingPathComponent("answers.yaml"), atomically: true, encoding: .utf8)
        let results = work.appendingPathComponent("results.json")
        let process = Process()
        process.executableURL = Self.teach
        process.arguments = ["check", work.appendingPathComponent("slow.yaml").path, work.appendingPathComponent("answers.yaml").path,
                             "--format", "gradescope", "--output", results.path]
        process.environment = ["PATH": "/usr/bin:/bin", "TEACH_TIME_LIMIT": "1"]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 70)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: results)) as? [String: Any])
        #expect(json["score"] as? Double == 0 && (json["output"] as? String)?.contains("time limit of 1 s") == true)
    }

    /// A class's sheets stopped by SIGTERM half-way leave the class folder as it was, and no
    /// student's folder beside it.
    @Test(arguments: [0.5, 1.5])
    func aStoppedClassRunLeavesNothingHalfWritten(_ delay: Double) throws {
        let work = try scratchFolder("class-signal")
        let out = work.appendingPathComponent("sheets")
        let previous = out.appendingPathComponent("l2reg-class")
        try FileManager.default.createDirectory(at: previous, withIntermediateDirectories: true)
        try "previous class\n".write(to: previous.appendingPathComponent("previous.txt"), atomically: true, encoding: .utf8)
        let roster = work.appendingPathComponent("roster.csv"), secret = work.appendingPathComponent("course.secret")
        try (["Name,Email"] + (1...2_000).map { "Student \($0),s\($0)@uni.edu" }).joined(separator: "\n").write(to: roster, atomically: true, encoding: .utf8)
        try "class secret\n".write(to: secret, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = Self.teach
        process.arguments = ["sheet", shippedLessonPath("l2reg"), "--roster", roster.path, "--secret-file", secret.path, "--out", out.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 143, "the run was meant to be stopped half-way")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["l2reg-class"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: previous.path) == ["previous.txt"])
    }
}
