import ArgumentParser
import Foundation
import TeachLessons
import TeachRender

/// `teach watch LESSON…`: renders each lesson, then again on every save, and serves the output
/// on `http://127.0.0.1:PORT/`, where an open player reloads itself to the step it showed. An
/// invalid save prints its located error and leaves the last good output in place. Each render
/// is a `teach render` of its own, under the time limit of one run: a save that renders too
/// long (or a layout that never returns) fails that save, and the watch goes on.
struct WatchCommand: ParsableCommand, OutcomeCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Render lessons on every save and serve a preview that reloads itself.",
        discussion: """
        Serves <out> on 127.0.0.1 only. Every save of a lesson renders it again (as teach render \
        does, all or nothing); an open index.html reloads itself to the same step. Stop with Ctrl-C.

        Examples:
          teach watch lessons/l2reg.yaml
          teach watch lessons/*.yaml --port 8001 --documents frames,player
        """
    )

    @Argument(help: "One or more lesson files (YAML).")
    var lessons: [String]

    @OptionGroup var options: RenderOptions

    @Option(help: "The preview's port on 127.0.0.1 (0 picks a free one).")
    var port: UInt16 = 8000

    @Flag(help: "Only render on every save; serve nothing.")
    var noServe = false

    /// Each lesson's id, which names its output folder.
    private var ids: [String] { lessons.map(LessonLoader.id(ofFile:)) }

    func validate() throws {
        var seen: [String: String] = [:]
        for (path, id) in zip(lessons, ids) {
            if let earlier = seen[id] { throw ValidationError("\(path) and \(earlier) would both write \(options.out)/\(id)/") }
            seen[id] = path
        }
    }

    func run() throws { outcome().finish() }

    /// Returns only when watching cannot start; otherwise runs until interrupted.
    func outcome() -> Outcome {
        var setup = Outcome()
        let watcher: FileWatcher
        do { watcher = try FileWatcher(files: lessons) } catch {
            setup.warn("teach watch: error: \(error)")
            setup.status = .internalError
            return setup
        }
        let ids = self.ids
        var server: PreviewServer?
        if !noServe {
            do {
                let preview = PreviewServer(root: URL(fileURLWithPath: options.out, isDirectory: true), lessons: ids)
                let listening = try preview.start(port: port)
                server = preview
                let first = ids.first.map { "\($0)/index.html" } ?? ""
                setup.say("teach watch: serving http://127.0.0.1:\(listening)/ (open http://127.0.0.1:\(listening)/\(first)); Ctrl-C stops")
            } catch {
                setup.warn("teach watch: error: cannot serve on 127.0.0.1:\(port): \(error); choose another --port, or --no-serve")
                setup.status = .usage
                return setup
            }
        }
        // The time limit bounds each render (in its own process), not the watch.
        Interruption.clearTimeLimit()
        setup.emit()
        for (path, id) in zip(lessons, ids) { render(path, id: id, server: server) }
        while true {
            for index in watcher.nextChanges() {
                render(lessons[index], id: ids[index], server: server)
            }
        }
    }

    /// Renders one lesson with `teach render` in a process of its own, which prints what
    /// happened; tells the open pages when new output is in place.
    private func render(_ path: String, id: String, server: PreviewServer?) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = ["render", path] + options.arguments
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            var failed = Outcome()
            failed.warn("teach watch: error: cannot run teach render: \(error)")
            return failed.emit()
        }
        if process.terminationReason == .exit && process.terminationStatus == 0 { return server?.rendered(id) ?? () }
        var kept = Outcome()
        kept.warn("\(path): kept the last good output in \(options.out)/\(id)/")
        kept.emit()
    }
}
