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

    /// Runs the bundle's `run_autograder` with the tree moved to `root`; returns results.json.
    func runAutograder(_ bundle: URL, root: URL) throws -> [String: Any] {
        let process = Process()
        process.executableURL = bundle.appendingPathComponent("run_autograder")
        process.environment = ["AUTOGRADER_ROOT": root.path, "AUTOGRADER_SOURCE": bundle.path, "PATH": "/usr/bin:/bin"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let data = try Data(contentsOf: root.appendingPathComponent("results/results.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test(.enabled(if: teachExecutableExists, "needs the teach executable beside the tests"))
    func theBundleGradesASubmissionAndSurvivesGarbage() throws {
        let work = try folder()
        let secret = work.appendingPathComponent("course.secret")
        try "s3cret\n".write(to: secret, atomically: true, encoding: .utf8)
        let bundle = work.appendingPathComponent("autograder")
        let lesson = repositoryRoot.appendingPathComponent("lessons/logistic.yaml").path
        let made = TeachCommand.execute(["bundle", "gradescope", lesson, "--secret-file", secret.path, "--out", bundle.path, "--teach", Self.teach.path])
        #expect(made.status == .ok, "\(made.standardError)")
        for script in ["setup.sh", "run_autograder", "teach"] {
            #expect(FileManager.default.isExecutableFile(atPath: bundle.appendingPathComponent(script).path), "\(script)")
        }

        // Ada's answers, from her variant: the sheet's numbers through teach check's own key.
        let root = work.appendingPathComponent("autograder-root")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("submission"), withIntermediateDirectories: true)
        try #"{"users": [{"email": "ada@uni.edu", "id": 1}]}"#.write(to: root.appendingPathComponent("submission_metadata.json"), atomically: true, encoding: .utf8)
        let answers = root.appendingPathComponent("submission/answers.yaml")
        try "y: 0.5\n".write(to: answers, atomically: true, encoding: .utf8)
        let graded = try runAutograder(bundle, root: root)
        let tests = try #require(graded["tests"] as? [[String: Any]])
        #expect(tests.count == 7)
        #expect(tests.allSatisfy { ($0["name"] as? String) != nil && $0["max_score"] as? Double != nil })

        try Data([0xFF, 0xFE, 0x00, 0x01]).write(to: answers)
        let garbage = try runAutograder(bundle, root: root)
        #expect(garbage["score"] as? Double == 0)
        #expect((garbage["tests"] as? [Any])?.count == 7)

        try FileManager.default.removeItem(at: bundle.appendingPathComponent("teach"))
        let broken = try runAutograder(bundle, root: root)
        #expect(broken["score"] as? Double == 0)
        #expect((broken["output"] as? String)?.contains("could not run") == true)
    }
}
