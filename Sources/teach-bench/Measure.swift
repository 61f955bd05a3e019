import Foundation
import Glibc

/// Wall-clock time of `body` in seconds (monotonic clock).
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The median of `repeats` timings of `body`: this machine is noisy, the median is not.
func median(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<max(1, repeats) { times.append(try seconds(body)) }
    return times.sorted()[times.count / 2]
}

/// Runs this executable again with `arguments` and returns its standard output and peak
/// resident set (kB, from `wait4`), so each workload's memory is measured on its own.
func child(_ arguments: [String]) throws -> (output: String, peakKB: Int) {
    let run = try spawn(URL(fileURLWithPath: CommandLine.arguments[0]).path, arguments, keepingOutput: true)
    return (run.output, Int(run.usage.ru_maxrss))
}

/// Runs a program to its end: its wall time and the CPU time (user + system) it and its
/// children used, from `wait4`; its output is thrown away.
func run(_ program: String, _ arguments: [String]) throws -> (wall: Double, cpu: Double) {
    let run = try spawn(program, arguments, keepingOutput: false)
    func time(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return (run.wall, time(run.usage.ru_utime) + time(run.usage.ru_stime))
}

/// Runs a program to its end and returns its standard output.
func output(_ program: String, _ arguments: [String]) throws -> String {
    try spawn(program, arguments, keepingOutput: true).output
}

/// Starts `program` with `arguments`, waits for it, and returns its standard output (or
/// nothing, sent to /dev/null), its resource usage and its wall time; a failure throws.
private func spawn(_ program: String, _ arguments: [String], keepingOutput: Bool) throws -> (output: String, usage: rusage, wall: Double) {
    var pipe: [Int32] = [0, 0]
    guard !keepingOutput || Glibc.pipe(&pipe) == 0 else { throw BenchError("pipe failed") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if keepingOutput {
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipe[0])
    } else {
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    }
    let argv = ([program] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0, status: Int32 = 0, usage = rusage()
    var output = Data()
    let wall = try seconds {
        let started = posix_spawn(&pid, program, &actions, nil, argv, environ)
        if keepingOutput { close(pipe[1]) }
        guard started == 0 else {
            if keepingOutput { close(pipe[0]) }
            throw BenchError("cannot run \(program)")
        }
        if keepingOutput { output = FileHandle(fileDescriptor: pipe[0], closeOnDealloc: true).readDataToEndOfFile() }
        wait4(pid, &status, 0, &usage)
    }
    guard status == 0 else { throw BenchError("\(program) \(arguments.joined(separator: " ")) failed (status \(status))") }
    return (String(decoding: output, as: UTF8.self), usage, wall)
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A right-aligned table with a header row.
func table(_ header: [String], _ rows: [[String]]) -> String {
    let all = [header] + rows
    let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
    return all.map { row in
        row.enumerated().map { String(repeating: " ", count: widths[$0.offset] - $0.element.count) + $0.element }.joined(separator: "  ")
    }.joined(separator: "\n")
}

func fixed(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
