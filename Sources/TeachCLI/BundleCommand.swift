import ArgumentParser
import Foundation
import TeachLessons
import TeachRender

/// `teach bundle gradescope LESSON`: an autograder for Gradescope; `teach bundle moodle
/// LESSON`: a Moodle question bank.
struct BundleCommand: ParsableCommand, OutcomeCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Write an autograder bundle for a grading platform.",
        discussion: """
        Writes DIR/ with setup.sh, run_autograder, the lesson as <id>.yaml, course.secret, \
        bundle.json, the teach executable and a README, and DIR.zip with the same files at its \
        root: upload DIR.zip to Gradescope. The executable must run without the Swift toolchain \
        (build it with swift build -c release --static-swift-stdlib, as bash .ci/setup does) and \
        on Gradescope's glibc (2.35). For moodle, DIR/questions.xml: a question bank with one \
        Cloze question per variant (--variants, default 20), each blank a numerical field with \
        its tolerance, the graph inline; import it in Moodle and draw a random question.

        Examples:
          teach bundle gradescope lessons/l2reg.yaml --secret-file course.secret \\
              --out l2reg-autograder
          teach bundle moodle lessons/l2reg.yaml --secret-file course.secret \\
              --out l2reg-moodle --variants 30

        Exit status: 0 ok, 64 usage (also an executable that cannot run on Gradescope), 65 \
        invalid lesson, 70 internal error.
        """
    )

    enum Platform: String, ExpressibleByArgument, CaseIterable { case gradescope, moodle }

    @Argument(help: "The platform: gradescope or moodle.")
    var platform: Platform

    @Argument(help: "The lesson file (YAML) with an exercises: section.")
    var lesson: String

    @Option(help: "The course secret that per-student variants are derived from.")
    var secretFile: String

    @Option(help: "The bundle's folder (its name: letters, digits, '-' or '_'); the zip is written beside it.")
    var out: String

    @Option(help: "The teach executable to ship, built with --static-swift-stdlib (default: this one).")
    var teach: String?

    @Option(help: "moodle: how many variants of the numbers, one question each (1–1000).")
    var variants = 20

    func validate() throws {
        guard (1...1000).contains(variants) else { throw ValidationError("--variants must be from 1 to 1000") }
        guard OutputFolder.isValidName(URL(fileURLWithPath: out).lastPathComponent) else {
            throw ValidationError("--out must end in a folder name of letters, digits, '-' or '_'")
        }
    }

    func run() throws { outcome().finish() }

    func outcome() -> Outcome {
        var outcome = Outcome()
        let secret: [UInt8]
        do { secret = try StudentOptions(secretFile: secretFile).secret() ?? [] } catch {
            outcome.warn("error: \(error.message)")
            outcome.status = .usage
            return outcome
        }
        guard let run = LessonRun.withExercises(lesson, secret: nil, student: nil, into: &outcome),
              run.rangesAreSafe(secret: secret, into: &outcome) else { return outcome }
        if platform == .moodle { return moodle(run, secret: secret, outcome) }
        // This executable's own path (ldd, a process of its own, would read its own /proc/self/exe).
        let executable = teach ?? ((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/proc/self/exe")
        guard let program = FileManager.default.contents(atPath: executable) else {
            outcome.warn("error: cannot read the teach executable at \(executable)")
            outcome.status = .internalError
            return outcome
        }
        let portable = PortableExecutable(path: executable, bytes: [UInt8](program))
        let toolchain: [String]
        do { toolchain = try portable.toolchainLibrariesNeeded() } catch {
            outcome.warn("error: cannot list the libraries \(executable) needs (ldd): \(OutputError.reason(error))")
            outcome.status = .internalError
            return outcome
        }
        guard toolchain.isEmpty else {
            outcome.warn("error: the teach executable at \(executable) needs the Swift toolchain's "
                         + toolchain.prefix(2).joined(separator: ", ") + (toolchain.count > 2 ? " and \(toolchain.count - 2) more libraries" : "") + ", "
                         + "which Gradescope does not have, so every submission would score 0; build a self-contained one with "
                         + "'swift build -c release --static-swift-stdlib --product teach' and pass --teach .build/release/teach")
            outcome.status = .usage
            return outcome
        }
        let glibc = portable.newestGlibc ?? "2.2.5"
        guard !PortableExecutable.isNewer(glibc, than: GradescopeBundle.gradescopeGlibc) else {
            outcome.warn("error: the teach executable at \(executable) needs glibc \(glibc), newer than Gradescope's "
                         + "\(GradescopeBundle.gradescopeGlibc) (Ubuntu 22.04); build it on a system no newer than that")
            outcome.status = .usage
            return outcome
        }
        // The lesson file's own bytes, so the bundle's digest is the worksheets'.
        guard let lessonBytes = FileManager.default.contents(atPath: lesson) else {
            outcome.warn("\(lesson): error: cannot read the lesson file")
            outcome.status = .invalidInput
            return outcome
        }
        let bundle = GradescopeBundle(lessonID: run.lesson.id, lessonDigest: run.lesson.digest, lesson: [UInt8](lessonBytes),
                                      secret: secret, teach: [UInt8](program), glibc: glibc)
        let destination = URL(fileURLWithPath: out)
        let zip = destination.deletingLastPathComponent().appendingPathComponent(destination.lastPathComponent + ".zip")
        outcome.writing(out, source: run.source) {
            let files = bundle.files()
            try OutputFolder(root: destination.deletingLastPathComponent()).replace(destination.lastPathComponent, with: files)
            try Data(try ZipFile.archive(files)).write(to: zip, options: .atomic)
            return "\(lesson): wrote \(out)/ and \(zip.relativePath): upload \(zip.lastPathComponent) to Gradescope"
        }
        return outcome
    }

    /// `DIR/questions.xml`: variant `k` has the numbers a student with id `variant-k` would get.
    private func moodle(_ run: LessonRun, secret: [UInt8], _ outcome: Outcome) -> Outcome {
        var outcome = outcome
        outcome.writing(out, source: run.source) {
            let variants = try (1...variants).map { number in
                let lesson = run.lesson.variant(secret: secret, student: "variant-\(number)")
                return MoodleQuestionBank.Variant(name: "variant \(number)", lesson: lesson, trace: try lesson.tracedOrDiagnosed())
            }
            let xml = try MoodleQuestionBank(lessonID: run.lesson.id, variants: variants).xml()
            let destination = URL(fileURLWithPath: out)
            try OutputFolder(root: destination.deletingLastPathComponent()).replace(destination.lastPathComponent, with: [
                OutputFile(path: "questions.xml", text: xml),
            ])
            return "\(lesson): wrote \(out)/questions.xml (\(variants.count) variants): import it into a Moodle question bank"
        }
        return outcome
    }
}
