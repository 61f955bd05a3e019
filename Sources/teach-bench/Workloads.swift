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
    let trace = generator.scalarNodeCount <= 12_000 ? try seconds { _ = try lesson!.trace() } : -1
    print(graph.nodes.count, generator.scalarNodeCount, loading, forward, backward, trace)
}

/// `frames I H D O`: one layout and every frame's DOT (kept only for the sample), then per
/// sampled frame (evenly spaced, at most 12) the pinned in-process render, a fresh in-process
/// `dot` layout, and a spawned `dot -Tsvg`. Prints `nodes steps layout pinned relayout spawned
/// svgBytes`.
func framesWorkload(_ arguments: ArraySlice<String>) throws {
    let lesson = try load(try network(arguments))
    let trace = try lesson.trace()
    let frames = trace.steps.count, sampled = Set((0..<min(12, frames)).map { $0 * frames / min(12, frames) })
    var sample: [String] = [], frame = 0
    let layout = try seconds {
        try LessonRenderer(lesson: lesson, trace: trace, formats: [.dot], frames: .all).render { file in
            guard file.path.hasSuffix(".dot") else { return }
            if sampled.contains(frame) { sample.append(String(decoding: file.bytes, as: UTF8.self)) }
            frame += 1
        }
    }
    var bytes = 0
    let pinned = try sample.map { dot in try seconds { bytes += try Graphviz.shared.render(dot, format: "svg").count } }
    let relayout = try sample.map { dot in try seconds { _ = try Graphviz.shared.render(dot, engine: "dot", format: "svg") } }
    let spawned = try sample.map { dot in try seconds { try spawnDot(dot) } }
    func mid(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
    print(lesson.graph.nodes.count, trace.steps.count, layout, mid(pinned), mid(relayout), mid(spawned), bytes / sample.count)
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
/// render playerSeconds playerBytes totalBytes frameSeconds`, the last the time of one frame
/// (SVG and DOT) as `--frames` writes them: twenty frames' time less ten's, over ten.
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
    // The frames alone, 10 and then 20 of them: the difference is ten frames' cost without the layout's.
    func framing(_ selection: String) throws -> Double {
        let framer = LessonRenderer(lesson: lesson!, trace: trace!, frames: try FrameSelection.parse(selection).get(), documents: [FramesDocument.self])
        return try seconds { try OutputFolder(root: root).replace(generator.id + "-frames", writing: { write in try framer.render(into: write) }) }
    }
    let perFrame = (try framing("1-20") - framing("1-10")) / 10
    print(lesson!.graph.nodes.count, trace!.steps.count, renderer.framed.count, files, loading, tracing, rendering, player, playerBytes, bytes, perFrame)
}

/// `dot -Tsvg` in a new process, fed `dot` on standard input.
func spawnDot(_ dot: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/dot")
    process.arguments = ["-Tsvg"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(Data(dot.utf8))
    try input.fileHandleForWriting.close()
    _ = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw BenchError("dot -Tsvg failed") }
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
