import ArgumentParser
import Foundation
import TeachCore
import TeachLessons
import TeachRender

/// What `teach render` and `teach watch` write, and how one lesson is rendered.
struct RenderOptions: ParsableArguments {
    @Option(help: "The folder each lesson's folder is written into.")
    var out = "output"

    @Option(help: "Frame formats, comma-separated: svg, dot, png, pdf.")
    var format = "svg,dot"

    @Option(help: ArgumentHelp("Which steps get frames: all, none, auto, or steps, ranges and phases like 1-20,backward.",
                               discussion: "auto (the default) is all for lessons of at most \(StepSelection.autoLimit) steps and none beyond."))
    var frames = "auto"

    @Option(help: ArgumentHelp("The documents to write, comma-separated.",
                               discussion: Documents.all.map { "\($0.name): \($0.summary)" }.joined(separator: "; ")
                                   + ". The default is \(Documents.defaultNames.joined(separator: ","))."))
    var documents = Documents.defaultNames.joined(separator: ",")

    @Flag(help: "Also write slides.tex, a Beamer deck for pdflatex, and the PDF frames it includes (adds 'slides' to --documents).")
    var slides = false

    @Option(help: ArgumentHelp("The slides' shape: \(SlideAspect.allCases.map(\.rawValue).joined(separator: " or ")).",
                               discussion: "For slides.tex (Beamer's aspectratio) and deck.md (pandoc's Beamer and reveal.js)."))
    var aspect = SlideAspect.wide.rawValue

    @Option(help: ArgumentHelp("The steps that get a slide, over the lesson's slides.steps: all, or step numbers, ranges and phases like forward,backward,33."))
    var slideSteps: String?

    @Option(help: ArgumentHelp("Gradient descent on slides, over the lesson's slides.descent: first (the later iterations in one table slide) or each."))
    var descentSlides: String?

    @OptionGroup var display: DisplayOptions

    /// These options as command-line arguments that parse back to them (`teach watch` hands
    /// them to the `teach render` it runs for each save).
    var arguments: [String] {
        ["--out", out, "--format", format, "--frames", frames, "--documents", documents, "--aspect", aspect]
            + (slides ? ["--slides"] : []) + (slideSteps.map { ["--slide-steps", $0] } ?? []) + (descentSlides.map { ["--descent-slides", $0] } ?? [])
            + display.arguments
    }

    func validate() throws {
        _ = try formats()
        _ = try chosenDocuments()
        if case .failure(let error) = StepSelection.parse(frames) { throw ValidationError("--frames: \(error.message)") }
        if let slideSteps, case .failure(let error) = StepSelection.parse(slideSteps) { throw ValidationError("--slide-steps: \(error.message)") }
        if let descentSlides, SlidePlan.Descent(rawValue: descentSlides) == nil {
            throw ValidationError("--descent-slides is \(SlidePlan.Descent.allCases.map(\.rawValue).joined(separator: " or ")), not '\(descentSlides)'")
        }
        guard SlideAspect(rawValue: aspect) != nil else {
            throw ValidationError("--aspect is \(SlideAspect.allCases.map(\.rawValue).joined(separator: " or ")), not '\(aspect)'")
        }
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

    var folder: OutputFolder { OutputFolder(root: URL(fileURLWithPath: out, isDirectory: true)) }

    /// Renders a loaded lesson into `<out>/<id>/`, all or nothing, showing progress on a
    /// terminal; says what was written.
    func render(_ run: LessonRun, path: String) -> Outcome {
        var outcome = Outcome()
        let formats = (try? formats()) ?? [.svg, .dot]
        let selection = (try? StepSelection.parse(frames).get()) ?? .auto
        let chosen = (try? chosenDocuments()) ?? Documents.all.filter { $0.isDefault }
        var plan = run.lesson.slides
        if let steps = slideSteps.flatMap({ try? StepSelection.parse($0).get() }) { plan.steps = steps }
        if let descent = descentSlides.flatMap(SlidePlan.Descent.init(rawValue:)) { plan.descent = descent }
        let renderer = LessonRenderer(lesson: run.lesson.withSlides(plan), trace: run.trace, formats: formats, frames: selection, documents: chosen,
                                      aspect: SlideAspect(rawValue: aspect) ?? .wide)
        var progress = ProgressLine(label: run.lesson.id, total: renderer.framed.count)
        defer { progress.finish() }
        do {
            var written = 0, framesWritten = 0
            try folder.replace(run.lesson.id) { write in
                try renderer.render { file in
                    try write(file)
                    written += 1
                    if file.path.hasPrefix("frames/") {
                        framesWritten += 1
                        progress.update(framesWritten / max(1, renderer.formats.count))
                    }
                }
            }
            let steps = run.trace.steps.count, framed = renderer.framed.count
            outcome.say("\(path): wrote \(folder.folder(for: run.lesson.id).relativePath)/ (\(framed) frames, \(written) files)")
            if framed < steps && !formats.isEmpty && renderer.writesFrames {
                let reason = selection.isAuto ? "the lesson has more than \(StepSelection.autoLimit) steps" : "--frames \(frames)"
                outcome.warn("\(path): note: skipped the frames of \(steps - framed) of \(steps) steps (\(reason)); choose with --frames all or --frames 1-50")
            }
        } catch {
            outcome.warn("\(path): error: \(error)")
            outcome.status = .internalError
        }
        return outcome
    }
}
