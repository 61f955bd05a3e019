import Foundation
import Testing
import TeachTestSupport
import ZIPFoundation
@testable import TeachCLI

/// What running a bundle as Gradescope does needs here: a self-contained teach and a way to
/// hide the toolchain.
enum GradescopePlatform {
    /// The self-contained teach `bash .ci/setup` builds.
    static let portableTeach = repositoryRoot.appendingPathComponent(".build/release/teach")

    /// The toolchain's root (`/opt/swift` for `/opt/swift/usr/bin/swift`), to hide.
    static let toolchain: String? = {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let swift = URL(fileURLWithPath: String(folder)).appendingPathComponent("swift")
            guard FileManager.default.isExecutableFile(atPath: swift.path) else { continue }
            for bin in [swift.deletingLastPathComponent().path, swift.resolvingSymlinksInPath().deletingLastPathComponent().path]
            where bin.hasSuffix("/usr/bin") && bin != "/usr/bin" {
                return String(bin.dropLast("/usr/bin".count))
            }
        }
        return nil
    }()

    /// Newer than every source file, so it grades with the code under test.
    static var portableTeachIsFresh: Bool {
        guard let built = try? portableTeach.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate else { return false }
        let sources = FileManager.default.enumerator(at: repositoryRoot.appendingPathComponent("Sources"), includingPropertiesForKeys: [.contentModificationDateKey])
        while let url = sources?.nextObject() as? URL {
            if let date = try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate, date > built { return false }
        }
        return true
    }

    /// Built with `--static-swift-stdlib`: it links none of the toolchain's libraries.
    static var portableTeachIsSelfContained: Bool {
        (try? PortableExecutable(path: portableTeach.path, bytes: []).toolchainLibrariesNeeded().isEmpty) ?? false
    }

    static var ready: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") && toolchain != nil && portableTeachIsFresh
            && portableTeachIsSelfContained
    }
    static let notReady: Comment = "needs root, unshare and a self-contained teach (--static-swift-stdlib) newer than Sources/ (run bash .ci/setup)"
}

/// The Gradescope path as a TA walks it: worksheets for three students, each student's answers
/// computed here from the numbers on their own sheet (lecture 000's closed forms), the bundle's
/// zip unpacked as Gradescope unpacks it, and its `run_autograder` run where the Swift
/// toolchain cannot be seen (a mount namespace with an empty tmpfs over it), as on Gradescope.
@Suite(.enabled(if: GradescopePlatform.ready, GradescopePlatform.notReady))
struct GradescopeEndToEndTests {
    static let secret = "course secret 2026\n"

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("teach-gradescope-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The numbers of a worksheet's Given table, by name as typeset (`x`, `w`, `λ`).
    static func given(_ worksheet: String) -> [String: Double] {
        var values: [String: Double] = [:]
        for line in worksheet.split(separator: "\n") where line.hasPrefix("| $") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 2, let value = Double(cells[1].replacingOccurrences(of: "−", with: "-")) else { continue }
            values[cells[0].trimmingCharacters(in: ["$"]).replacingOccurrences(of: "\\lambda", with: "λ")] = value
        }
        return values
    }

    /// The student's answers from their sheet's numbers, by lecture 000's closed forms:
    /// ∂ℒ/∂z = (y − t) y (1 − y), through z ∂ℒ/∂z · x, through R λw, w ← w − η ∂ℒ/∂w.
    static func answers(template: String, given: [String: Double], rate: Double) -> String {
        let (x, t, lambda, w, b) = (given["x"]!, given["t"]!, given["λ"]!, given["w"]!, given["b"]!)
        let y = 1 / (1 + exp(-(w * x + b)))
        let dz = (y - t) * y * (1 - y)
        let numbers = ["dLreg_dz": dz, "dLreg_dw_via_z": dz * x, "dLreg_dw_via_R": lambda * w, "dLreg_dw": dz * x + lambda * w,
                       "w_new": w - rate * (dz * x + lambda * w)]
        return template.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard let colon = line.firstIndex(of: ":"), !line.hasPrefix("#"), let value = numbers[String(line[..<colon])] else { return String(line) }
            return String(line[...colon]) + " \(value)"
        }.joined(separator: "\n")
    }

    /// Runs the unpacked bundle's `run_autograder` for one submission with the toolchain
    /// hidden; returns results.json.
    static func grade(source: URL, root: URL) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = ["-m", "sh", "-c", "mount -t tmpfs tmpfs \"$0\" && exec \"$1/run_autograder\"", GradescopePlatform.toolchain!, source.path]
        process.environment = ["AUTOGRADER_ROOT": root.path, "AUTOGRADER_SOURCE": source.path, "PATH": "/usr/bin:/bin"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let data = try Data(contentsOf: root.appendingPathComponent("results/results.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func points(_ results: [String: Any]) -> (score: Double, maximum: Double) {
        let tests = results["tests"] as? [[String: Any]] ?? []
        return (tests.compactMap { $0["score"] as? Double }.reduce(0, +), tests.compactMap { $0["max_score"] as? Double }.reduce(0, +))
    }

    /// A fresh `/autograder` tree for one student's submission (`files` by name).
    static func submission(in work: URL, _ name: String, email: String, files: [String: String]) throws -> URL {
        let root = work.appendingPathComponent("autograder-\(name)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("submission"), withIntermediateDirectories: true)
        try #"{"users": [{"email": "\#(email)", "id": 7, "name": "Student"}]}"#
            .write(to: root.appendingPathComponent("submission_metadata.json"), atomically: true, encoding: .utf8)
        for (file, text) in files { try text.write(to: root.appendingPathComponent("submission/\(file)"), atomically: true, encoding: .utf8) }
        return root
    }

    @Test func everyStudentsCorrectSheetGetsFullMarksAndBadSubmissionsStillGetResults() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let secret = work.appendingPathComponent("course.secret")
        try Self.secret.write(to: secret, atomically: true, encoding: .utf8)
        let lesson = shippedLessonPath("l2reg")

        let made = TeachCommand.execute(["bundle", "gradescope", lesson, "--secret-file", secret.path,
                                         "--out", work.appendingPathComponent("l2reg-autograder").path, "--teach", GradescopePlatform.portableTeach.path])
        #expect(made.status == .ok, "\(made.standardError)")
        // Unpacked from the zip, as Gradescope does: the files must be at its root.
        let source = work.appendingPathComponent("source")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        try FileManager.default.unzipItem(at: work.appendingPathComponent("l2reg-autograder.zip"), to: source)
        for script in ["setup.sh", "run_autograder", "teach"] {
            #expect(FileManager.default.isExecutableFile(atPath: source.appendingPathComponent(script).path), "\(script) at the zip's root")
        }

        var seen: Set<String> = []
        for student in ["ada@uni.edu", "grace.hopper@navy.mil", "alan.turing@kings.cam.ac.uk"] {
            let sheets = work.appendingPathComponent("sheets")
            let sheet = TeachCommand.execute(["sheet", lesson, "--student", student, "--secret-file", secret.path, "--out", sheets.path])
            #expect(sheet.status == .ok, "\(sheet.standardError)")
            let folder = "l2reg-" + SheetCommand.folderName(student)
            let worksheet = try String(contentsOf: sheets.appendingPathComponent("\(folder)/worksheet.md"), encoding: .utf8)
            let template = try String(contentsOf: sheets.appendingPathComponent("\(folder)/answers.yaml"), encoding: .utf8)
            let given = Self.given(worksheet)
            seen.insert("\(given["x"]!) \(given["w"]!)")
            #expect(worksheet.contains("learning rate η = 0.5"), "the sheet gives the learning rate")
            let filled = Self.answers(template: template, given: given, rate: 0.5)
            let graded = try Self.grade(source: source, root: try Self.submission(in: work, String(student.prefix(3)), email: student,
                                                                                  files: ["answers.yaml": filled]))
            let (score, maximum) = Self.points(graded)
            #expect(maximum == 7 && score == maximum, "\(student): \(score)/\(maximum): \(graded["tests"] ?? "")")
            #expect(graded["output_format"] as? String == "md")
        }
        #expect(seen.count == 3, "each student has numbers of their own")

        // Wrong, empty, garbage, misnamed, missing and another lesson's sheet: always a results.json.
        func results(_ files: [String: String]) throws -> [String: Any] {
            try Self.grade(source: source, root: try Self.submission(in: work, "x\(UUID().uuidString.prefix(6))", email: "ada@uni.edu", files: files))
        }
        let wrong = try results(["answers.yaml": "dLreg_dz: 1\ndLreg_dw: 2\n"])
        #expect(Self.points(wrong).score == 0 && Self.points(wrong).maximum == 7)
        let empty = try results(["answers.yaml": ""])
        #expect(Self.points(empty).score == 0 && (empty["tests"] as? [Any])?.count == 5)
        let garbage = try results(["answers.yaml": "{{{ \u{7} not yaml"])
        #expect(Self.points(garbage).score == 0 && (garbage["tests"] as? [Any])?.count == 5)
        let yml = try results(["answers.yml": "dLreg_dw_via_R: 0\n"])
        #expect((yml["tests"] as? [Any])?.count == 5, "answers.yml is read")
        let missing = try results(["answer.txt": "dLreg_dz: 1\n"])
        #expect((missing["score"] as? Double) == 0 && (missing["output"] as? String)?.contains("no answers.yaml in the submission (it holds 'answer.txt')") == true)
        let otherLesson = try results(["answers.yaml": "# teach-sheet: lesson=logistic digest=0011223344556677 student=ada@uni.edu\ny: 0.7\n"])
        #expect((otherLesson["score"] as? Double) == 0
                && (otherLesson["output"] as? String)?.contains("worksheet of lesson 'logistic', but this grades lesson 'l2reg'") == true)

        // Without its executable the bundle still writes a zero score that says so.
        try FileManager.default.removeItem(at: source.appendingPathComponent("teach"))
        let broken = try results(["answers.yaml": "dLreg_dz: 1\n"])
        #expect((broken["score"] as? Double) == 0 && (broken["output"] as? String)?.contains("could not run") == true)
    }
}
