import Foundation
import TeachCLI
import TeachGrading
import TeachLessons

/// `swift run -c release teach-bench` from the repository root: measures the engine, frame
/// rendering and memory, each workload in its own process, and prints tables with ratios
/// against the peers (micrograd, autograd, `dot`) where they are installed.
/// `teach-bench engine|frames|lectures|render …` runs one workload (what the tables are made of).

func runTables() throws {
    print("teach-bench: \(ProcessInfo.processInfo.activeProcessorCount) cores, "
          + "\(ProcessInfo.processInfo.physicalMemory >> 30) GiB; medians of repeated runs\n")

    print("1. Engine: one forward and one backward pass over generated tanh networks (scalar form, one node per number);"
          + " the whole trace; micrograd's forward and backward pass on the same network (one Value per operation)")
    var rows: [[String]] = []
    var previous: (nodes: Double, forward: Double, backward: Double)?
    for generator in networks {
        let (output, peak) = try child(["engine", "scalar", "\(generator.inputs)", "\(generator.hidden)", "\(generator.layers)", "\(generator.outputs)"])
        let f = output.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let nodes = f[0], forward = f[3], backward = f[4], trace = f[5], micrograd = f[6]
        let growth = previous.map { p in
            fixed((forward / p.forward) / (nodes / p.nodes)) + " / " + fixed((backward / p.backward) / (nodes / p.nodes))
        } ?? "–"
        rows.append([String(Int(nodes)), fixed(f[2] * 1e3, 1), fixed(forward * 1e6 / nodes, 3), fixed(backward * 1e6 / nodes, 3),
                     fixed(backward / forward), growth, trace < 0 ? "–" : fixed(trace, 3), micrograd < 0 ? "–" : fixed(micrograd, 3),
                     micrograd < 0 ? "–" : fixed((forward + backward) / micrograd) + "×", micrograd < 0 || trace < 0 ? "–" : fixed(trace / micrograd, 1) + "×",
                     String(peak / 1024)])
        previous = (nodes, forward, backward)
    }
    print(table(["nodes", "load ms", "fwd µs/node", "bwd µs/node", "bwd/fwd", "per-node growth fwd/bwd", "full trace s", "micrograd s",
                 "fwd+bwd / micrograd", "trace / micrograd", "peak MB"], rows))

    print("\n   The same networks in vector form (one node per layer); autograd's value and gradient on the same network (numpy)")
    rows = []
    for generator in networks {
        let (output, peak) = try child(["engine", "vector", "\(generator.inputs)", "\(generator.hidden)", "\(generator.layers)", "\(generator.outputs)"])
        let f = output.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let trace = f[5], autograd = f[6]
        rows.append([String(Int(f[1])), String(Int(f[0])), fixed(f[3] * 1e6, 1), fixed(f[4] * 1e6, 1), fixed(f[4] / f[3]), fixed(trace, 3),
                     autograd < 0 ? "–" : fixed(autograd * 1e3, 2), autograd < 0 ? "–" : fixed(trace / autograd, 1) + "×", String(peak / 1024)])
    }
    print(table(["scalars", "nodes", "fwd µs", "bwd µs", "bwd/fwd", "full trace s", "autograd ms", "trace / autograd", "peak MB"], rows))

    print("\n   The commands users run, in turn, 3 rounds: `teach trace LESSON` against the peer's script as a new process"
          + " (start, imports, reading the lesson, one forward and backward pass)")
    rows = []
    for (form, generator) in [(MLPGenerator.Form.scalar, networks[2]), (.scalar, networks[3]), (.vector, networks[3]), (.vector, networks[4])] {
        let (output, _) = try child(["commands", form.rawValue, "\(generator.inputs)", "\(generator.hidden)", "\(generator.layers)", "\(generator.outputs)"])
        let f = output.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        rows.append([form.rawValue, String(generator.scalarNodeCount), form == .scalar ? "micrograd" : "autograd", fixed(f[0], 3),
                     f[1] < 0 ? "–" : fixed(f[1], 3), f[1] < 0 ? "–" : fixed(f[0] / f[1], 2) + "×"])
    }
    print(table(["form", "scalars", "peer", "teach trace s", "peer s", "teach / peer"], rows))

    print("\n2. Frames: one more frame, as `teach render --frames` writes it (SVG and DOT), against `dot -Tsvg` on that frame's .dot"
          + " from a shell and micrograd's drawing of the same network (rendered by Graphviz)")
    rows = []
    for generator in networks.prefix(4) {
        let (output, peak) = try child(["frames", "\(generator.inputs)", "\(generator.hidden)", "\(generator.layers)", "\(generator.outputs)"])
        let f = output.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let teach = f[2], dot = f[3], drawn = f[4]
        rows.append([String(Int(f[0])), String(Int(f[1])), fixed(teach * 1e3, 2), dot < 0 ? "–" : fixed(dot * 1e3, 1), drawn < 0 ? "–" : fixed(drawn * 1e3, 1),
                     dot < 0 ? "–" : fixed(dot / teach, 1) + "×", drawn < 0 ? "–" : fixed(drawn / teach, 0) + "×", String(peak / 1024)])
    }
    print(table(["nodes", "steps", "teach ms", "dot -Tsvg ms", "micrograd drawing ms", "dot / teach", "micrograd / teach", "peak MB"], rows))

    print("\n3. The lecture lessons: `teach render lessons/*.yaml --out DIR` against a shell loop of `dot -Tsvg` per frame, in turn, 5 rounds")
    let (output, _) = try child(["lectures"])
    let f = output.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    print(table(["frames", "teach wall s", "teach CPU s", "dot loop wall s", "dot loop CPU s", "speed-up wall", "speed-up CPU"],
                [[String(Int(f[0])), fixed(f[1], 3), fixed(f[2], 3), fixed(f[3], 2), fixed(f[4], 2),
                  fixed(f[3] / f[1], 1) + "×", fixed(f[4] / f[2], 1) + "×"]]))

    print("\n4. `teach render` with its defaults on the generated lessons: player (index.html), every other file, frames as --frames auto chooses")
    rows = []
    for generator in [networks[2], networks[3]] {
        let (output, peak) = try child(["render", "\(generator.inputs)", "\(generator.hidden)", "\(generator.layers)", "\(generator.outputs)"])
        let f = output.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let megabytes = { (bytes: Double) in fixed(bytes / 1_048_576, 1) }
        rows.append([String(Int(f[0])), String(Int(f[1])), String(Int(f[2])), String(Int(f[3])), fixed(f[4], 2), fixed(f[5], 2), fixed(f[6], 2),
                     fixed(f[4] + f[5] + f[6], 2), fixed(f[7], 2), megabytes(f[8]), megabytes(f[9]), String(peak / 1024)])
    }
    print(table(["nodes", "steps", "frames", "files", "load s", "trace s", "render s", "total s", "player s", "player MB", "all files MB",
                 "peak MB"], rows))

    print("\n5. A class on l2reg: `teach sheet --roster` (every student's sheet and the printable class page) and `teach check --submissions`")
    rows = []
    for students in [100, 1000] {
        let (output, peak) = try child(["class", "\(students)"])
        let f = output.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        rows.append([String(Int(f[0])), fixed(f[1], 2), fixed(f[2], 2), fixed((f[1] + f[2]) * 1e3 / f[0], 1), String(peak / 1024)])
    }
    print(table(["students", "sheets s", "grading s", "ms per student", "peak MB"], rows))

    print("\n6. The player in headless Chromium at 1920×1080: time to be ready, and per step (→), as the page measures them")
    rows = []
    for generator in [networks[2], networks[3]] {
        let (output, _) = try child(["player", "\(generator.inputs)", "\(generator.hidden)", "\(generator.layers)", "\(generator.outputs)"])
        let f = output.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        rows.append([String(Int(f[0])), String(Int(f[1])), f[2] < 0 ? "–" : fixed(f[2] / 1e3, 2), f[3] < 0 ? "–" : fixed(f[3], 1)])
    }
    print(table(["nodes", "steps", "ready s", "ms per step"], rows))

    print("\n7. Legibility on a slide: each picture fit into the 16:7 figure box of a 16:9 slide, its smallest text as a share of the slide's width (the worst picture), for the whole-graph frames and for what the slides show")
    try printLegibility()
}

func printLegibility() throws {
    print(table(["lesson", "nodes", "whole frames", "slides show", "slides", "target", ""], try legibilityRows()))
}

do {
    let arguments = CommandLine.arguments.dropFirst()
    switch arguments.first {
    case "engine": try engineWorkload(arguments.dropFirst())
    case "frames": try framesWorkload(arguments.dropFirst())
    case "lectures": try lecturesWorkload()
    case "commands": try commandsWorkload(arguments.dropFirst())
    case "render": try renderWorkload(arguments.dropFirst())
    case "class": try classWorkload(arguments.dropFirst())
    case "player": try playerWorkload(arguments.dropFirst())
    case "legibility": try printLegibility()
    case nil: try runTables()
    default: throw BenchError("usage: teach-bench [engine FORM I H D O | commands FORM I H D O | frames I H D O | lectures | render I H D O | class STUDENTS | player I H D O | legibility]")
    }
} catch {
    FileHandle.standardError.write(Data("teach-bench: \(error)\n".utf8))
    exit(70)
}
