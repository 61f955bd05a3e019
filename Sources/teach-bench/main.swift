import Foundation
import TeachCLI
import TeachGrading
import TeachLessons

/// `swift run -c release teach-bench` from the repository root: measures the engine, frame
/// rendering and memory, each workload in its own process, and prints tables with ratios.
/// `teach-bench engine|frames|lectures|render …` runs one workload (what the tables are made of).

func runTables() throws {
    print("teach-bench: \(ProcessInfo.processInfo.activeProcessorCount) cores, "
          + "\(ProcessInfo.processInfo.physicalMemory >> 30) GiB; medians of repeated runs\n")

    print("1. Engine: one forward and one backward pass over generated tanh networks (scalar form, one node per number)")
    var rows: [[String]] = []
    var previous: (nodes: Double, forward: Double, backward: Double)?
    for generator in networks {
        let (output, peak) = try child(["engine", "scalar", "\(generator.inputs)", "\(generator.hidden)", "\(generator.layers)", "\(generator.outputs)"])
        let f = output.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let nodes = f[0], forward = f[3], backward = f[4], trace = f[5]
        let growth = previous.map { p in
            fixed((forward / p.forward) / (nodes / p.nodes)) + " / " + fixed((backward / p.backward) / (nodes / p.nodes))
        } ?? "–"
        rows.append([String(Int(nodes)), fixed(f[2] * 1e3, 1), fixed(forward * 1e6 / nodes, 3), fixed(backward * 1e6 / nodes, 3),
                     fixed(backward / forward), growth, trace < 0 ? "–" : fixed(trace, 2), String(peak / 1024)])
        previous = (nodes, forward, backward)
    }
    print(table(["nodes", "load ms", "fwd µs/node", "bwd µs/node", "bwd/fwd", "per-node growth fwd/bwd", "full trace s", "peak MB"], rows))

    print("\n   The same networks in vector form (one node per layer)")
    rows = []
    for generator in networks {
        let (output, peak) = try child(["engine", "vector", "\(generator.inputs)", "\(generator.hidden)", "\(generator.layers)", "\(generator.outputs)"])
        let f = output.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        rows.append([String(Int(f[1])), String(Int(f[0])), fixed(f[3] * 1e6, 1), fixed(f[4] * 1e6, 1), fixed(f[4] / f[3]), String(peak / 1024)])
    }
    print(table(["scalars", "nodes", "fwd µs", "bwd µs", "bwd/fwd", "peak MB"], rows))

    print("\n2. Frames: per frame, pinned in-process (libgvc, nop2) against a fresh in-process dot layout and a spawned `dot -Tsvg`")
    rows = []
    for generator in networks.prefix(3) {
        let (output, peak) = try child(["frames", "\(generator.inputs)", "\(generator.hidden)", "\(generator.layers)", "\(generator.outputs)"])
        let f = output.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let pinned = f[3], relayout = f[4], spawned = f[5]
        rows.append([String(Int(f[0])), String(Int(f[1])), fixed(f[2], 2), fixed(pinned * 1e3, 1), fixed(relayout * 1e3, 1), fixed(spawned * 1e3, 1),
                     fixed(relayout / pinned, 1) + "×", fixed(spawned / pinned, 1) + "×", String(Int(f[6]) / 1024), String(peak / 1024)])
    }
    print(table(["nodes", "frames", "layout+DOT s", "pinned ms", "relayout ms", "spawn ms", "relayout/pinned", "spawn/pinned", "kB/frame", "peak MB"], rows))

    print("\n3. The lecture lessons: `teach render lessons/*.yaml --out DIR` against a shell loop of `dot -Tsvg` per frame, in turn, 5 rounds")
    let (output, _) = try child(["lectures"])
    let f = output.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    print(table(["frames", "teach wall s", "teach CPU s", "dot loop wall s", "dot loop CPU s", "speed-up wall", "speed-up CPU"],
                [[String(Int(f[0])), fixed(f[1], 3), fixed(f[2], 3), fixed(f[3], 2), fixed(f[4], 2),
                  fixed(f[3] / f[1], 1) + "×", fixed(f[4] / f[2], 1) + "×"]]))

    print("\n4. `teach render` with its defaults on the generated lessons: player (index.html), every other file, frames as --frames auto chooses;"
          + " and one frame (SVG and DOT) as --frames writes it")
    rows = []
    for generator in [networks[2], networks[3]] {
        let (output, peak) = try child(["render", "\(generator.inputs)", "\(generator.hidden)", "\(generator.layers)", "\(generator.outputs)"])
        let f = output.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let megabytes = { (bytes: Double) in fixed(bytes / 1_048_576, 1) }
        rows.append([String(Int(f[0])), String(Int(f[1])), String(Int(f[2])), String(Int(f[3])), fixed(f[4], 2), fixed(f[5], 2), fixed(f[6], 2),
                     fixed(f[4] + f[5] + f[6], 2), fixed(f[7], 2), megabytes(f[8]), megabytes(f[9]), fixed(f[10] * 1e3, 1), String(peak / 1024)])
    }
    print(table(["nodes", "steps", "frames", "files", "load s", "trace s", "render s", "total s", "player s", "player MB", "all files MB",
                 "ms per frame", "peak MB"], rows))

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
}

do {
    let arguments = CommandLine.arguments.dropFirst()
    switch arguments.first {
    case "engine": try engineWorkload(arguments.dropFirst())
    case "frames": try framesWorkload(arguments.dropFirst())
    case "lectures": try lecturesWorkload()
    case "render": try renderWorkload(arguments.dropFirst())
    case "class": try classWorkload(arguments.dropFirst())
    case "player": try playerWorkload(arguments.dropFirst())
    case nil: try runTables()
    default: throw BenchError("usage: teach-bench [engine FORM I H D O | frames I H D O | lectures | render I H D O | class STUDENTS | player I H D O]")
    }
} catch {
    FileHandle.standardError.write(Data("teach-bench: \(error)\n".utf8))
    exit(70)
}
