import ArgumentParser
import Foundation
import TeachRender

/// `teach render LESSON…`: frames, tables, index and trace of each lesson into `<out>/<id>/`.
struct RenderCommand: ParsableCommand, OutcomeCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a lesson's frames (one per step, on one layout), tables, player, handout and slides.",
        discussion: """
        Writes <out>/<lesson id>/: frames/NNN-<phase>-<node>.{svg,dot,png,pdf}, index.html (a \
        step-through player), handout.md and handout.html, deck.md (slides for pandoc or Marp), \
        tables.md, index.md and trace.json; with --slides also slides.tex (Beamer) and PDF frames. \
        The folder is replaced only when everything succeeded.

        Examples:
          teach render lessons/l2reg.yaml
          teach render lessons/*.yaml --out site --slides
          teach render lessons/softmax.yaml --format svg,dot,png,pdf
          teach render lessons/l2reg.yaml --documents frames,player

        Exit status: 0 ok, 1 gradient check failed, 64 usage, 65 invalid lesson, 70 internal error.
        """
    )

    @Argument(help: "One or more lesson files (YAML).")
    var lessons: [String]

    @Option(help: "The folder each lesson's folder is written into.")
    var out = "output"

    @Option(help: "Frame formats, comma-separated: svg, dot, png, pdf.")
    var format = "svg,dot"

    @Option(help: ArgumentHelp("Which steps get frames: all, none, auto, or steps, ranges and phases like 1-20,backward.",
                               discussion: "auto (the default) is all for lessons of at most \(FrameSelection.autoLimit) steps and none beyond."))
    var frames = "auto"

    @Option(help: ArgumentHelp("The documents to write, comma-separated.",
                               discussion: Documents.all.map { "\($0.name): \($0.summary)" }.joined(separator: "; ")
                                   + ". The default is \(Documents.defaultNames.joined(separator: ","))."))
    var documents = Documents.defaultNames.joined(separator: ",")

    @Flag(help: "Also write slides.tex, a Beamer deck for pdflatex, and the PDF frames it includes (adds 'slides' to --documents).")
    var slides = false

    @OptionGroup var display: DisplayOptions

    func validate() throws {
        _ = try formats()
        _ = try chosenDocuments()
        if case .failure(let error) = FrameSelection.parse(frames) { throw ValidationError("--frames: \(error.message)") }
    }

    func formats() throws -> [LessonRenderer.Format] {
        try format.split(separator: ",", omittingEmptySubsequences: false).map { name in
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let format = LessonRenderer.Format(rawValue: trimmed) else {
                throw ValidationError("unknown frame format '\(trimmed)' (choose from svg, dot, png, pdf)")
            }
            return format
        }
    }

    /// The documents of `--documents`, with `slides` added by `--slides`.
    func chosenDocuments() throws -> [any Document.Type] {
        let names = documents.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } + (slides ? ["slides"] : [])
        switch Documents.named(names) {
        case .success(let chosen): return chosen
        case .failure(let error): throw ValidationError("--documents: \(error)")
        }
    }

    func run() throws { outcome().finish() }

    func outcome() -> Outcome {
        var outcome = Outcome()
        let formats = (try? formats()) ?? [.svg, .dot]
        let selection = (try? FrameSelection.parse(frames).get()) ?? .auto
        let chosen = (try? chosenDocuments()) ?? Documents.all.filter { $0.isDefault }
        let folder = OutputFolder(root: URL(fileURLWithPath: out, isDirectory: true))
        var written: [(id: String, path: String)] = []
        for path in lessons {
            var lessonOutcome = Outcome()
            guard let run = LessonRun.load(path, digits: display.digits, byHand: display.byHand, into: &lessonOutcome) else {
                outcome.merge(lessonOutcome)
                continue
            }
            // Two lessons of one id would write one folder, the second silently replacing the first.
            if let earlier = written.first(where: { $0.id == run.lesson.id }) {
                lessonOutcome.warn("\(path): error: its id '\(run.lesson.id)' is also \(earlier.path)'s, and both would write "
                                   + "\(folder.folder(for: run.lesson.id).relativePath)/; rename one of the files")
                lessonOutcome.status = .invalidInput
                outcome.merge(lessonOutcome)
                continue
            }
            written.append((run.lesson.id, path))
            do {
                let renderer = LessonRenderer(lesson: run.lesson, trace: run.trace, formats: formats, frames: selection, documents: chosen)
                var written = 0
                try folder.replace(run.lesson.id) { write in
                    try renderer.render { file in
                        try write(file)
                        written += 1
                    }
                }
                let steps = run.trace.steps.count, framed = renderer.framed.count
                lessonOutcome.say("\(path): wrote \(folder.folder(for: run.lesson.id).relativePath)/ (\(framed) frames, \(written) files)")
                if framed < steps && !formats.isEmpty && renderer.writesFrames {
                    let reason = selection.isAuto ? "the lesson has more than \(FrameSelection.autoLimit) steps" : "--frames \(frames)"
                    lessonOutcome.warn("\(path): note: skipped the frames of \(steps - framed) of \(steps) steps (\(reason)); choose with --frames all or --frames 1-50")
                }
            } catch {
                lessonOutcome.warn("\(path): error: \(error)")
                lessonOutcome.status = .internalError
            }
            outcome.merge(lessonOutcome)
        }
        return outcome
    }
}
