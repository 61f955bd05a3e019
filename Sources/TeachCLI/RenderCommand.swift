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

    @OptionGroup var options: RenderOptions

    func run() throws { outcome().finish() }

    func outcome() -> Outcome {
        var outcome = Outcome()
        var written: [(id: String, path: String)] = []
        for path in lessons {
            var lessonOutcome = Outcome()
            guard let run = LessonRun.load(path, digits: options.display.digits, byHand: options.display.byHand, into: &lessonOutcome) else {
                outcome.merge(lessonOutcome)
                continue
            }
            // Two lessons of one id would write one folder, the second silently replacing the first.
            if let earlier = written.first(where: { $0.id == run.lesson.id }) {
                lessonOutcome.warn("\(path): error: its id '\(run.lesson.id)' is also \(earlier.path)'s, and both would write "
                                   + "\(options.folder.folder(for: run.lesson.id).relativePath)/; rename one of the files")
                lessonOutcome.status = .invalidInput
                outcome.merge(lessonOutcome)
                continue
            }
            written.append((run.lesson.id, path))
            lessonOutcome.merge(options.render(run, path: path))
            outcome.merge(lessonOutcome)
        }
        return outcome
    }
}
