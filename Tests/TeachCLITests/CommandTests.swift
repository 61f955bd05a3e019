import Foundation
import TeachTestSupport
import Testing
import ArgumentParser
@testable import TeachCLI


/// The commands, run in-process: output and exit status.
@Suite struct CommandTests {
    func lesson(_ id: String) -> String { repositoryRoot.appendingPathComponent("lessons/\(id).yaml").path }

    /// `teach watch` renders each save with `teach render` and the watch's render options,
    /// as arguments: every option, set away from its default, parses back to itself.
    @Test func renderOptionsParseBackFromTheirArguments() throws {
        let given = ["--out", "o u t", "--format", "svg,pdf", "--frames", "1-3,backward", "--documents", "trace,player",
                     "--slides", "--aspect", "4:3", "--slide-steps", "forward,7", "--descent-slides", "each", "--digits", "6", "--by-hand"]
        let options = try RenderOptions.parse(given)
        let again = try RenderOptions.parse(options.arguments)
        #expect(again.arguments == options.arguments)
        #expect(again.out == "o u t" && again.format == "svg,pdf" && again.frames == "1-3,backward" && again.documents == "trace,player"
                && again.slides && again.aspect == "4:3" && again.slideSteps == "forward,7" && again.descentSlides == "each"
                && again.display.digits == 6 && again.display.byHand)
        #expect(TeachCommand.execute(["render", lesson("l2reg"), "--slide-steps", "sideways"]).status == .usage)
        #expect(TeachCommand.execute(["render", lesson("l2reg"), "--descent-slides", "some"]).status == .usage)
        let defaults = try RenderOptions.parse([])
        #expect(try RenderOptions.parse(defaults.arguments).arguments == defaults.arguments)
    }

    @Test func traceSucceeds() {
        let outcome = TeachCommand.execute(["trace", lesson("l2reg")])
        #expect(outcome.status == .ok)
        #expect(outcome.standardOutput.contains("∂ℒ_reg/∂w"))
        #expect(outcome.standardError.isEmpty)
    }

    @Test func traceJSON() {
        let outcome = TeachCommand.execute(["trace", lesson("logistic"), "--format", "json"])
        #expect(outcome.status == .ok)
        #expect(outcome.standardOutput.hasPrefix("{\n  \"version\": 2,\n  \"lesson\": \"logistic\""))
    }

    @Test func invalidLessonExits65WithCaret() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("teach-typo-\(getpid()).yaml")
        try "title: t\nparameters: {w: 1}\nequations:\n  - y = sigmod(w)\nloss: y\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = TeachCommand.execute(["trace", file.path])
        #expect(outcome.status == .invalidInput)
        #expect(outcome.standardError == "\(file.path):4:9: error: unknown function 'sigmod' (did you mean 'sigmoid'?)\n  - y = sigmod(w)\n        ^\n")
    }

    /// ESC and BEL in a title, a notation, a YAML key or a file name reach no terminal raw.
    @Test func controlCharactersReachNoTerminal() throws {
        let folder = try scratchFolder("cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lesson = folder.appendingPathComponent("esc.yaml")
        try "title: \"\\e[31mred\\a\"\nparameters: {w: 1}\nequations: [L = w]\nloss: L\nnotation: {w: {text: \"\\e]0;x\\a\"}}\n"
            .write(to: lesson, atomically: true, encoding: .utf8)
        let trace = TeachCommand.execute(["trace", lesson.path])
        #expect(trace.status == .ok && !trace.standardOutput.isEmpty)
        let bad = folder.appendingPathComponent("bad.yaml")
        try "title: t\nparameters: {w: 1}\nequations: [L = w]\nloss: L\n\"\\e[2J\\a\": 1\n".write(to: bad, atomically: true, encoding: .utf8)
        let error = TeachCommand.execute(["trace", bad.path])
        #expect(error.status == .invalidInput && error.standardError.contains("unknown key"))
        let named = folder.appendingPathComponent("esc\u{1B}[2J.yaml")
        try FileManager.default.copyItem(at: lesson, to: named)
        let nameError = TeachCommand.execute(["trace", named.path])
        #expect(nameError.status == .invalidInput)
        for text in [trace.standardOutput, trace.standardError, error.standardError, nameError.standardError] {
            #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(text.debugDescription)")
        }
    }

    /// A vary: range that gives some students numbers the lesson cannot be evaluated at is
    /// refused when sheets or a bundle are made, naming the numbers, not when answers come in.
    @Test func unsafeVaryRangesAreRefusedBeforeSheetsAndBundles() throws {
        let folder = try scratchFolder("cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lesson = folder.appendingPathComponent("range.yaml"), secret = folder.appendingPathComponent("secret")
        try "title: t\ninputs: {x: 0.5}\nparameters: {w: 1}\nequations: [z = w*x, y = log(z)]\nloss: y\nexercises:\n  vary:\n    x: {from: -1, to: 1, decimals: 1}\n  blanks: [adjoint w]\n"
            .write(to: lesson, atomically: true, encoding: .utf8)
        try "s\n".write(to: secret, atomically: true, encoding: .utf8)
        for arguments in [["sheet", lesson.path, "--student", "ada@uni.edu", "--secret-file", secret.path, "--out", folder.appendingPathComponent("s").path],
                          ["bundle", "moodle", lesson.path, "--secret-file", secret.path, "--out", folder.appendingPathComponent("m").path]] {
            let outcome = TeachCommand.execute(arguments)
            #expect(outcome.status == .invalidInput)
            #expect(outcome.standardError.contains("with x = −1 (the low end of its range), within the vary: ranges, the lesson cannot be evaluated"))
        }
    }

    /// Where central differences cannot be taken (a step h leaves a function's domain) or
    /// reverse mode is not finite, the gradient check fails (exit 1) saying so, instead of
    /// reporting the probe's own numbers as the lesson's error.
    @Test func gradientChecksAtTheEdgeOfADomainSayWhy() throws {
        let folder = try scratchFolder("cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (equation, value, expected) in [("sqrt(w)", "0", "reverse mode is not a finite number"),
                                            ("log(w)", "1e-7", "the loss cannot be evaluated a step h = 1e−6 away (log of a negative number")] {
            let lesson = folder.appendingPathComponent("edge.yaml")
            try "title: t\nparameters: {w: \(value)}\nequations: [y = \(equation)]\nloss: y\n".write(to: lesson, atomically: true, encoding: .utf8)
            let outcome = TeachCommand.execute(["trace", lesson.path])
            #expect(outcome.status == .checkFailed && outcome.standardError.contains("gradient check failed for 'w': " + expected), "\(outcome.standardError)")
        }
    }

    /// Two lessons of one id in one render are an error, not one silently replacing the other;
    /// a long lesson id with a long email still gets its sheet; generate refuses a network it
    /// could not hold before generating it.
    @Test func smallerHostileInputsGetClearAnswers() throws {
        let folder = try scratchFolder("cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let twin = folder.appendingPathComponent("twin")
        try FileManager.default.createDirectory(at: twin, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: lesson("l2reg"), toPath: twin.appendingPathComponent("l2reg.yaml").path)
        let render = TeachCommand.execute(["render", lesson("l2reg"), twin.appendingPathComponent("l2reg.yaml").path, "--out",
                                           folder.appendingPathComponent("out").path, "--documents", "tables"])
        #expect(render.status == .invalidInput && render.standardError.contains("its id 'l2reg' is also"))

        let long = folder.appendingPathComponent(String(repeating: "l", count: 64) + ".yaml")
        try FileManager.default.copyItem(atPath: lesson("l2reg"), toPath: long.path)
        let secret = folder.appendingPathComponent("secret")
        try "s\n".write(to: secret, atomically: true, encoding: .utf8)
        let sheet = TeachCommand.execute(["sheet", long.path, "--student", "firstname.lastname@university.edu", "--secret-file", secret.path,
                                          "--out", folder.appendingPathComponent("sheets").path])
        #expect(sheet.status == .ok, "\(sheet.standardError)")

        let generated = TeachCommand.execute(["generate", "mlp", "--hidden", "10000", "--layers", "100"])
        #expect(generated.status == .usage && generated.standardError.contains("over the 1000000 teach generates"))
    }

    @Test func missingFileExits65() {
        let outcome = TeachCommand.execute(["trace", "/nonexistent/lesson.yaml"])
        #expect(outcome.status == .invalidInput)
        #expect(outcome.standardError.contains("cannot open the lesson file"))
    }

    /// `--documents` writes exactly the files of the documents named; `--slides` adds the
    /// Beamer deck and the PDF frames it includes; an unknown name is a usage error with a hint.
    @Test func documentsChooseTheFiles() throws {
        let out = try scratchFolder("cli")
        defer { try? FileManager.default.removeItem(at: out) }
        func files(_ arguments: [String]) throws -> [String] {
            let outcome = TeachCommand.execute(["render", lesson("l2reg"), "--out", out.path] + arguments)
            #expect(outcome.status == .ok, "\(outcome.standardError)")
            #expect(!outcome.standardError.contains("skipped the frames"))
            let folder = out.appendingPathComponent("l2reg")
            let top = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != ".teach-files" }.sorted()
            let frames = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("frames").path)) ?? []
            return top + Set(frames.map { ($0 as NSString).pathExtension }).sorted().map { "frames/*." + $0 }
        }
        #expect(try files(["--documents", "player,tables"]) == ["index.html", "tables.md"])
        // l2reg's slides show focus frames (its whole frames read at 0.68% of a slide's width).
        #expect(try files(["--documents", "frames,index"]) == ["focus", "frames", "index.md", "frames/*.dot", "frames/*.svg"])
        #expect(try files(["--documents", "deck", "--slides", "--format", "svg"])
                == ["deck.html", "deck.md", "focus", "frames", "slides.tex", "frames/*.pdf", "frames/*.svg"])
        #expect(try files([]) == ["deck.html", "deck.md", "focus", "frames", "handout.html", "handout.md", "index.html", "index.md", "tables.md", "trace.json",
                                  "frames/*.dot", "frames/*.svg"])
        let unknown = TeachCommand.execute(["render", lesson("l2reg"), "--out", out.path, "--documents", "playr"])
        #expect(unknown.status == .usage)
        #expect(unknown.standardError.contains("unknown document 'playr' (did you mean 'player'?)"))
    }

    @Test func renderWritesEveryFrameAndTheTables() throws {
        let out = try scratchFolder("cli")
        let outcome = TeachCommand.execute(["render", lesson("l2reg"), lesson("softmax"), "--out", out.path, "--format", "svg,dot,png"])
        #expect(outcome.status == .ok, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("l2reg.yaml: wrote \(out.path)/l2reg/ (14 frames, 92 files)"))
        for file in ["l2reg/tables.md", "l2reg/index.md", "l2reg/trace.json", "l2reg/frames/011-backward-w.svg",
                     "l2reg/frames/011-backward-w.dot", "l2reg/frames/011-backward-w.png", "softmax/frames/001-forward-z.svg"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "\(file) missing")
        }
        let png = try Data(contentsOf: out.appendingPathComponent("l2reg/frames/001-forward-z.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    /// An invalid lesson exits 65 and leaves the previous output exactly as it was.
    @Test func invalidLessonLeavesThePreviousOutput() throws {
        let out = try scratchFolder("cli")
        #expect(TeachCommand.execute(["render", lesson("l2reg"), "--out", out.path, "--format", "dot"]).status == .ok)
        let before = try FileManager.default.subpathsOfDirectory(atPath: out.path).sorted()
        let tables = try Data(contentsOf: out.appendingPathComponent("l2reg/tables.md"))
        let broken = try scratchFolder("cli").appendingPathComponent("l2reg.yaml")
        try "title: t\nparameters: {w: 1}\nequations:\n  - y = w +\nloss: y\n".write(to: broken, atomically: true, encoding: .utf8)
        let outcome = TeachCommand.execute(["render", broken.path, "--out", out.path])
        #expect(outcome.status == .invalidInput)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: out.path).sorted() == before)
        #expect(try Data(contentsOf: out.appendingPathComponent("l2reg/tables.md")) == tables)
    }

    @Test func unknownFrameFormatIsAUsageError() {
        let outcome = TeachCommand.execute(["render", lesson("l2reg"), "--format", "svg,gif"])
        #expect(outcome.status == .usage)
        #expect(outcome.standardError.contains("unknown frame format 'gif'"))
    }

    @Test func usageErrorsExit64() {
        #expect(TeachCommand.execute(["trace"]).status == .usage)
        #expect(TeachCommand.execute(["frobnicate"]).status == .usage)
        #expect(TeachCommand.execute(["trace", lesson("l2reg"), "--digits", "0"]).status == .usage)
    }

    @Test func helpExitsZero() {
        let outcome = TeachCommand.execute(["--help"])
        #expect(outcome.status == .ok)
        #expect(outcome.standardOutput.contains("trace"))
    }

    /// At 80 columns every example in every command's help stays whole: each line starts a
    /// command or continues the one above after its `\`; none is broken by wrapping.
    @Test(arguments: [RenderCommand.self, TraceCommand.self, SheetCommand.self, CheckCommand.self, BundleCommand.self,
                      GenerateCommand.MLPCommand.self, SchemaCommand.self, WatchCommand.self] as [ParsableCommand.Type])
    func helpExamplesFitEightyColumns(_ command: ParsableCommand.Type) {
        let help = TeachCommand.helpMessage(for: command, columns: 80)
        let examples = help.components(separatedBy: "Examples:\n").dropFirst().first?.components(separatedBy: "\n\n").first ?? ""
        #expect(!examples.isEmpty)
        var continues = false
        for line in examples.split(separator: "\n") {
            #expect(line.count <= 80 && line.hasPrefix(continues ? "      " : "  teach "), "\(line)")
            continues = line.hasSuffix("\\")
        }
    }

    @Test func byHandIsLabelled() {
        let outcome = TeachCommand.execute(["trace", lesson("l2reg"), "--by-hand", "--digits", "3"])
        #expect(outcome.standardOutput.contains("By hand: every number shown is rounded to 3 significant digits before it is used"))
        #expect(outcome.standardOutput.contains("Gradient check (central differences, h = 1e−6·max(1, |θ|), in full precision)"))
    }
}
