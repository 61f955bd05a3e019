import Foundation
import TeachCore
import TeachCLI
import TeachGrading
import TeachLessons
import TeachRender

/// The generated networks, from about 10 to about 100,000 scalar nodes.
let networks: [MLPGenerator] = [
    MLPGenerator(inputs: 1, hidden: 1, layers: 1, outputs: 1),
    MLPGenerator(inputs: 4, hidden: 5, layers: 2, outputs: 2),
    MLPGenerator(inputs: 10, hidden: 14, layers: 4, outputs: 3),
    MLPGenerator(inputs: 20, hidden: 45, layers: 5, outputs: 4),
    MLPGenerator(inputs: 50, hidden: 130, layers: 6, outputs: 5),
]

func network(_ arguments: ArraySlice<String>, form: MLPGenerator.Form = .scalar) throws -> MLPGenerator {
    let numbers = arguments.compactMap { Int($0) }
    guard numbers.count == 4 else { throw BenchError("expected INPUTS HIDDEN LAYERS OUTPUTS") }
    return MLPGenerator(inputs: numbers[0], hidden: numbers[1], layers: numbers[2], outputs: numbers[3], form: form)
}

func load(_ generator: MLPGenerator) throws -> Lesson {
    try LessonLoader(limits: .benchmark).load(bytes: Array(generator.yaml().utf8), file: generator.id + ".yaml", id: generator.id).lesson
}

/// `engine FORM I H D O`: load, one forward and one backward pass (medians), and the whole
/// trace (partials, gradient check, steps) for lessons up to 10,000 nodes. Prints
/// `nodes load forward backward trace`.
func engineWorkload(_ arguments: ArraySlice<String>) throws {
    let form = MLPGenerator.Form(rawValue: arguments.first ?? "") ?? .scalar
    let generator = try network(arguments.dropFirst(), form: form)
    var lesson: Lesson?
    let loading = try seconds { lesson = try load(generator) }
    let graph = lesson!.graph
    let tracer = Tracer(graph: graph, options: lesson!.options)
    let repeats = graph.nodes.count > 20_000 ? 3 : 7
    var pass: Tracer.ForwardPass?
    let forward = try median(repeats) { pass = try tracer.forwardPass() }
    let backward = median(repeats) { _ = tracer.backward(pass!) }
    let traced = form == .vector || generator.scalarNodeCount <= 12_000
    let trace = traced ? try seconds { _ = try lesson!.trace() } : -1
    // The peer on the same network: micrograd's forward and backward pass (scalar form), or
    // autograd's value and gradient (vector form).
    let peer = traced ? try peerSeconds(form == .scalar ? "micrograd" : "autograd", generator).last ?? -1 : -1
    print(graph.nodes.count, generator.scalarNodeCount, loading, forward, backward, trace, peer)
}

/// `commands FORM I H D O`: the commands users run, in turn for three rounds: `teach trace
/// LESSON` (load, trace, print every step) against the peer's script on the same network as a
/// new process (interpreter start, imports, reading the lesson, one forward and backward pass:
/// micrograd for the scalar form, autograd for the vector form). Prints `teachWall peerWall`
/// (medians; the peer −1 where it is not installed).
func commandsWorkload(_ arguments: ArraySlice<String>) throws {
    let form = MLPGenerator.Form(rawValue: arguments.first ?? "") ?? .scalar
    let generator = try network(arguments.dropFirst(), form: form)
    let teach = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("teach").path
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("teach-bench-command-\(getpid()).yaml")
    let scalarFile = FileManager.default.temporaryDirectory.appendingPathComponent("teach-bench-command-scalar-\(getpid()).yaml")
    defer { for f in [file, scalarFile] { try? FileManager.default.removeItem(at: f) } }
    try generator.yaml().write(to: file, atomically: true, encoding: .utf8)
    try MLPGenerator(inputs: generator.inputs, hidden: generator.hidden, layers: generator.layers, outputs: generator.outputs).yaml()
        .write(to: scalarFile, atomically: true, encoding: .utf8)
    let peer = ["python3", peersScript, form == .scalar ? "micrograd" : "autograd", scalarFile.path]
        + [generator.inputs, generator.hidden, generator.layers, generator.outputs].map(String.init)
    let installed = (try? output("/usr/bin/env", peer)).map { !$0.hasPrefix("-1") } ?? false
    var teachTimes: [Double] = [], peerTimes: [Double] = []
    for _ in 0..<3 {
        teachTimes.append(try run(teach, ["trace", file.path]).wall)
        if installed { peerTimes.append(try run("/usr/bin/env", peer).wall) }
    }
    print(teachTimes.sorted()[1], installed ? peerTimes.sorted()[1] : -1)
}

/// The script of the peers (micrograd, autograd), run from the repository root.
let peersScript = "Sources/teach-bench/Peers/peers.py"

/// Runs `peers.py COMMAND LESSON I H D O EXTRA…` on the generated lesson (as the scalar form's
/// file, whose numbers both forms share) and returns the numbers it prints; `[-1]` where
/// python3 or the peer's package is missing.
func peerSeconds(_ command: String, _ generator: MLPGenerator, _ extra: [String] = []) throws -> [Double] {
    let scalar = MLPGenerator(inputs: generator.inputs, hidden: generator.hidden, layers: generator.layers, outputs: generator.outputs)
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("teach-bench-peer-\(getpid()).yaml")
    defer { try? FileManager.default.removeItem(at: file) }
    try scalar.yaml().write(to: file, atomically: true, encoding: .utf8)
    let shape = [generator.inputs, generator.hidden, generator.layers, generator.outputs].map(String.init)
    // The python3 on the PATH, where `python3 -m pip install` put the packages.
    guard let printed = try? output("/usr/bin/env", ["python3", peersScript, command, file.path] + shape + extra) else { return [-1] }
    return printed.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
}

/// `frames I H D O`: what one more frame costs, three ways, on the generated network: teach's
/// (its own SVG and the standalone DOT, as `--frames` writes them: twenty frames' time less
/// ten's, over ten, so the one layout drops out); `dot -Tsvg` on a frame's `.dot` from a shell
/// (median of five frames); and micrograd's lecture drawing of the same network, rendered by
/// Graphviz (median of three). The peers run up to 1,000 nodes (beyond, one `dot` layout takes
/// minutes). Prints `nodes steps teachSeconds dotSeconds microgradSeconds` (−1: not run).
func framesWorkload(_ arguments: ArraySlice<String>) throws {
    let generator = try network(arguments)
    let lesson = try load(generator)
    let trace = try lesson.trace()
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("teach-bench-frames-\(getpid())", isDirectory: true)
    defer { try? FileManager.default.removeItem(at: root) }
    func framing(_ selection: String, formats: [LessonRenderer.Format] = [.svg, .dot]) throws -> Double {
        let framer = LessonRenderer(lesson: lesson, trace: trace, formats: formats, frames: try StepSelection.parse(selection).get(),
                                    documents: [FramesDocument.self])
        return try seconds { try OutputFolder(root: root).replace(selection, writing: { write in try framer.render(into: write) }) }
    }
    let teach = (try framing("1-20") - framing("1-10")) / 10
    var dot = -1.0, drawn = -1.0
    if lesson.graph.nodes.count <= 1_000 {
        _ = try framing("1-5", formats: [.dot])
        let folder = root.appendingPathComponent("1-5/frames")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".dot") }.sorted()
        let times = try files.map { file in
            try run("/bin/sh", ["-c", "dot -Tsvg \"$1\" -o \"$1.svg\"", "sh", folder.appendingPathComponent(file).path]).wall
        }
        dot = times.sorted()[times.count / 2]
        drawn = try peerSeconds("draw", generator, ["3"]).first ?? -1
    }
    print(lesson.graph.nodes.count, trace.steps.count, teach, dot, drawn)
}

/// `lectures`: the command users run, `teach render lessons/*.yaml --out DIR` (the release
/// `teach` beside this program, every file written), against its peer, a shell loop of
/// `dot -Tsvg frame.dot -o frame.svg` over the same frames, in turn for five rounds. Prints
/// `frames teachWall teachCPU dotWall dotCPU`: medians, CPU from the children's rusage.
func lecturesWorkload() throws {
    let teach = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("teach").path
    let lessons = try FileManager.default.contentsOfDirectory(atPath: "lessons").filter { $0.hasSuffix(".yaml") }.sorted().map { "lessons/" + $0 }
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("teach-bench-lectures-\(getpid())")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let frames = scratch.appendingPathComponent("frames").path
    _ = try run(teach, ["render"] + lessons + ["--out", frames])
    let dots = try FileManager.default.subpathsOfDirectory(atPath: frames).filter { $0.hasSuffix(".dot") }.sorted().map { frames + "/" + $0 }
    let loop = "for f in \"$@\"; do dot -Tsvg \"$f\" -o \"${f%.dot}.peer.svg\"; done"
    var teachTimes: [(Double, Double)] = [], dotTimes: [(Double, Double)] = []
    for round in 0..<5 {
        teachTimes.append(try run(teach, ["render"] + lessons + ["--out", scratch.appendingPathComponent("round\(round)").path]))
        dotTimes.append(try run("/bin/sh", ["-c", loop, "sh"] + dots))
    }
    func mid(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
    print(dots.count, mid(teachTimes.map(\.0)), mid(teachTimes.map(\.1)), mid(dotTimes.map(\.0)), mid(dotTimes.map(\.1)))
}

/// `render I H D O`: what `teach render` does with the generated lesson, defaults and all
/// (frames chosen by `--frames auto`), streamed into a scratch folder. Each file's cost is the
/// time since the previous file was handed over. Prints `nodes steps frames files load trace
/// render playerSeconds playerBytes totalBytes`.
func renderWorkload(_ arguments: ArraySlice<String>) throws {
    let generator = try network(arguments)
    var lesson: Lesson?
    let loading = try seconds { lesson = try load(generator) }
    var trace: Trace?
    let tracing = try seconds { trace = try lesson!.trace() }
    let renderer = LessonRenderer(lesson: lesson!, trace: trace!)
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("teach-bench-\(getpid())", isDirectory: true)
    defer { try? FileManager.default.removeItem(at: root) }
    var files = 0, bytes = 0, playerBytes = 0
    var player = 0.0
    var last = DispatchTime.now().uptimeNanoseconds
    let rendering = try seconds {
        try OutputFolder(root: root).replace(generator.id) { write in
            try renderer.render { file in
                let now = DispatchTime.now().uptimeNanoseconds
                if file.path == "index.html" { player = Double(now - last) / 1e9; playerBytes = file.bytes.count }
                try write(file)
                files += 1
                bytes += file.bytes.count
                last = DispatchTime.now().uptimeNanoseconds
            }
        }
    }
    print(lesson!.graph.nodes.count, trace!.steps.count, renderer.framed.count, files, loading, tracing, rendering, player, playerBytes, bytes)
}

/// A class of `count` students on l2reg, through the commands a TA runs (in this process, as
/// `teach` runs them): `sheet --roster` for everyone, then `check --submissions` over answers
/// filled in from each student's key, every fifth with a missed path at the fan-out.
/// Prints: students, sheet seconds, check seconds.
func classWorkload(_ arguments: ArraySlice<String>) throws {
    guard let count = arguments.first.flatMap(Int.init) else { throw BenchError("usage: teach-bench class STUDENTS") }
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("teach-bench-class-\(getpid())")
    defer { try? FileManager.default.removeItem(at: work) }
    try FileManager.default.createDirectory(at: work.appendingPathComponent("submissions"), withIntermediateDirectories: true)
    let secret = work.appendingPathComponent("secret").path, roster = work.appendingPathComponent("roster.csv").path
    try "bench secret\n".write(toFile: secret, atomically: true, encoding: .utf8)
    let students = (1...count).map { "student\($0)@uni.edu" }
    try (["Name,Email"] + students.map { "Student,\($0)" }).joined(separator: "\n").write(toFile: roster, atomically: true, encoding: .utf8)
    let lesson = "lessons/l2reg.yaml"
    let sheets = try seconds {
        let outcome = TeachCommand.execute(["sheet", lesson, "--roster", roster, "--secret-file", secret, "--out", work.appendingPathComponent("sheets").path])
        guard outcome.status == .ok else { throw BenchError("sheet --roster failed: \(outcome.standardError)") }
    }
    let base = try LessonLoader().load(path: lesson).lesson
    for (number, student) in students.enumerated() {
        let variant = base.variant(secret: Array("bench secret".utf8), student: student)
        let grader = try Grader(lesson: variant, trace: variant.trace())
        let lines = grader.exercises.blanks.map { blank -> String in
            var key = grader.key(blank).scalar
            if number % 5 == 0, blank.name == "dLreg_dw" { key = grader.key(grader.exercises.blanks[1]).scalar }
            return "\(blank.name): \(key)"
        }
        try lines.joined(separator: "\n").write(to: work.appendingPathComponent("submissions/\(student).yaml"), atomically: false, encoding: .utf8)
    }
    let check = try seconds {
        let outcome = TeachCommand.execute(["check", lesson, "--submissions", work.appendingPathComponent("submissions").path,
                                            "--secret-file", secret, "--output", work.appendingPathComponent("gradebook.csv").path])
        guard outcome.status == .ok else { throw BenchError("check --submissions failed: \(outcome.standardError)") }
    }
    print(count, sheets, check)
}

/// `player I H D O`: the generated lesson's player (`index.html`) opened in headless Chromium,
/// once as it opens and once pressing → ten times. The page itself records how long it took to
/// be ready from the start of navigation and how long the key presses took (`data-ready-ms`,
/// `data-keys-ms` on its body). Prints `nodes steps readyMs msPerStep` (medians of 3), or
/// `nodes steps -1 -1` where Chromium is not installed.
func playerWorkload(_ arguments: ArraySlice<String>) throws {
    let generator = try network(arguments)
    let lesson = try load(generator)
    let trace = try lesson.trace()
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("teach-bench-player-\(getpid())", isDirectory: true)
    defer { try? FileManager.default.removeItem(at: root) }
    try OutputFolder(root: root).replace(lesson.id, with: try LessonRenderer(lesson: lesson, trace: trace, documents: [PlayerDocument.self]).render())
    let page = root.appendingPathComponent(lesson.id).appendingPathComponent("index.html").absoluteString
    guard let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: FileManager.default.isExecutableFile) else {
        print(lesson.graph.nodes.count, trace.steps.count, -1, -1)
        return
    }
    func attribute(_ name: String, _ keys: String) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1920,1080", "--virtual-time-budget=60000",
                             "--dump-dom", page + keys]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let dom = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard let start = dom.range(of: "\(name)=\"") else { throw BenchError("the player did not record \(name)") }
        return Double(dom[start.upperBound...].prefix { $0 != "\"" }) ?? -1
    }
    let presses = "?keys=" + Array(repeating: "ArrowRight", count: 10).joined(separator: ",")
    let ready = try (0..<3).map { _ in try attribute("data-ready-ms", "") }.sorted()[1]
    let keys = try (0..<3).map { _ in try attribute("data-keys-ms", presses) }.sorted()[1]
    print(lesson.graph.nodes.count, trace.steps.count, ready, keys / 10)
}

/// Per shipped lesson: its name, node count, and the smallest text of any of its whole-graph
/// frames and of any picture its slides show (focus frames where the lesson's layout chose
/// them) as a share of a 16:9 slide's width, each fit into the slide's 16:7 figure box
/// (`Legibility`), against the target for the slides. Not timed: it reads the SVGs
/// `teach render` writes.
func legibilityRows() throws -> [[String]] {
    let lessons = try FileManager.default.contentsOfDirectory(atPath: "lessons").filter { $0.hasSuffix(".yaml") }.sorted()
    return try lessons.map { file in
        let lesson = try LessonLoader().load(path: "lessons/" + file).lesson
        let trace = try lesson.trace()
        let files = try LessonRenderer(lesson: lesson, trace: trace, formats: [.svg], documents: [FramesDocument.self, DeckDocument.self]).render()
        let text = Dictionary(uniqueKeysWithValues: files.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
        func worst(_ paths: [String]) -> Double { paths.compactMap { text[$0].flatMap(Legibility.smallestTextShare) }.min() ?? 0 }
        let whole = worst(files.map(\.path).filter { $0.hasPrefix("frames/") && $0.hasSuffix(".svg") })
        // The pictures deck.md links, `](frames/….svg)` or `](focus/….svg)`.
        let deck = text["deck.md"] ?? ""
        let linked = deck.components(separatedBy: "](").dropFirst().compactMap { link -> String? in
            let path = link.prefix { $0 != ")" }
            return path.hasSuffix(".svg") ? String(path) : nil
        }
        let slides = worst(linked)
        let target = Legibility.target(nodes: trace.graph.nodes.count)
        return [lesson.id, String(trace.graph.nodes.count), String(format: "%.2f%%", whole * 100),
                linked.first.map { String($0.prefix { $0 != "/" }) } ?? "none", String(format: "%.2f%%", slides * 100),
                String(format: "%.1f%%", target * 100), slides >= target ? "met" : "not met"]
    }
}
