import Foundation
import Testing
@testable import TeachCLI
import TeachLessons
import TeachTestSupport

/// `--version`, the progress line and `generate`'s limits.
@Suite struct AuthoringTests {
    /// `teach --version` names teach's version and the Graphviz it links, as libgvc reports it
    /// and as `dot -V` (the same library, another door) does.
    @Test func versionNamesTeachAndGraphviz() throws {
        let outcome = TeachCommand.execute(["--version"])
        #expect(outcome.status == .ok)
        #expect(outcome.standardOutput.hasPrefix("teach \(TeachVersion.current) (Graphviz "))
        let dot = Process()
        dot.executableURL = URL(fileURLWithPath: "/usr/bin/dot")
        dot.arguments = ["-V"]
        let pipe = Pipe()
        dot.standardError = pipe
        try dot.run()
        dot.waitUntilExit()
        let said = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let version = try #require(said.components(separatedBy: "version ").dropFirst().first?.split(separator: " ").first)
        #expect(outcome.standardOutput.contains("(Graphviz \(version))"), "\(outcome.standardOutput) vs \(said)")
    }

    /// Quiet for the first second and when stderr is not a terminal; after that a line with the
    /// count and an estimate t·(total − done)/done, redrawn at most ten times a second and
    /// cleared at the end.
    @Test func progressAppearsAfterASecondWithAnEstimate() {
        final class Clock: @unchecked Sendable { var now = 0.0; var drawn: [String] = [] }
        let clock = Clock()
        var progress = ProgressLine(label: "mlp", total: 100, delay: 1, clock: { clock.now }, sink: { clock.drawn.append($0) })
        clock.now = 0.5
        progress.update(10)
        #expect(clock.drawn.isEmpty)
        clock.now = 2
        progress.update(40)
        // 2 s for 40 frames: 60 more take 3 s.
        #expect(clock.drawn == ["\r\u{1B}[Kmlp: frame 40 of 100, about 3 s left"])
        clock.now = 2.05
        progress.update(41)
        #expect(clock.drawn.count == 1)
        clock.now = 3
        progress.update(100)
        progress.finish()
        #expect(clock.drawn.suffix(2) == ["\r\u{1B}[Kmlp: frame 100 of 100", "\r\u{1B}[K"])
        #expect(ProgressLine.text(label: "x", done: 1, total: 121, elapsed: 1) == "x: frame 1 of 121, about 2 min left")

        var silent = ProgressLine(label: "mlp", total: 100, delay: 0, clock: { clock.now }, sink: nil)
        silent.update(50)
        silent.finish()
        #expect(clock.drawn.count == 3)
    }

    /// A render whose stderr is a pipe (CI, `2> log`) prints no progress.
    @Test(.enabled(if: teachExecutableExists, "needs the teach executable beside the tests"))
    func aPipedRenderIsQuiet() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("teach-quiet-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = teachExecutable
        process.arguments = ["render", shippedLessonPath("l2reg"), "--out", folder.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(errors.fileHandleForReading.readDataToEndOfFile().isEmpty)
    }

    /// `generate` refuses what teach would refuse, names the options that fit, and what it
    /// names does fit: the widest accepted layer loads, one unit more does not.
    @Test func generateOffersOnlyWhatTeachAccepts() throws {
        let outcome = TeachCommand.execute(["generate", "mlp", "--outputs", "300"])
        #expect(outcome.status == .usage)
        #expect(outcome.standardError.contains("teach would refuse this lesson: expression is longer than 4096 characters"))
        #expect(outcome.standardError.contains("What fits: --form vector with these sizes."))
        #expect(TeachCommand.execute(["generate", "mlp", "--outputs", "300", "--form", "vector"]).status == .ok)

        // Under a 20,000-byte file limit, as the standard 1 MiB limit bounds --hidden 97 at --layers 2.
        let limits = LessonLimits(bytes: 20_000, depth: 64, yamlNodes: 200_000, keysPerMapping: 10_000)
        let wide = MLPGenerator(inputs: 2, hidden: 40, layers: 2, outputs: 1)
        #expect(wide.refusal(under: limits)?.contains("over the limit of 20000 bytes") == true)
        let widest = try #require(wide.widestAcceptedHidden(under: limits))
        let fits = MLPGenerator(inputs: 2, hidden: widest, layers: 2, outputs: 1), tooWide = MLPGenerator(inputs: 2, hidden: widest + 1, layers: 2, outputs: 1)
        #expect(fits.yaml().utf8.count <= 20_000 && tooWide.yaml().utf8.count > 20_000)
        #expect(fits.refusal(under: limits) == nil && tooWide.refusal(under: limits) != nil)
    }
}
