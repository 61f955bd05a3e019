import Dispatch
import Foundation
import TeachRender

/// Ends a run cleanly when it is interrupted or runs too long: SIGINT (exit 130), SIGTERM
/// (143) and the time limit (SIGALRM, exit 70) each print one line, remove every output
/// folder being staged and exit — between two file writes, never in the middle of one, so the
/// previous output stays exactly as it was. The time limit is the only defence against a
/// parser or a Graphviz layout that never returns.
enum Interruption {
    /// Seconds a run may take: `TEACH_TIME_LIMIT`, default 600; 0 turns the limit off.
    static var timeLimit: UInt32 {
        ProcessInfo.processInfo.environment["TEACH_TIME_LIMIT"].flatMap { UInt32($0) } ?? 600
    }

    /// Kept alive for the life of the process.
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// What a command must still write when it is stopped (the results.json a grading
    /// platform waits for), set and read under `lock`.
    nonisolated(unsafe) private static var lastWords: (@Sendable (String) -> Void)?
    private static let lock = NSLock()

    /// Has `write` called with the reason when the run is stopped before it finishes.
    static func onStop(_ write: @escaping @Sendable (String) -> Void) {
        lock.lock()
        lastWords = write
        lock.unlock()
    }

    static func install() {
        let limit = timeLimit
        let handlers: [(Int32, Int32, String)] = [
            (SIGINT, 130, "teach: interrupted; nothing half-written was left, earlier output is unchanged"),
            (SIGTERM, 143, "teach: terminated; nothing half-written was left, earlier output is unchanged"),
            (SIGALRM, 70, "teach: error: stopped at the time limit of \(limit) s (set TEACH_TIME_LIMIT); earlier output is unchanged"),
        ]
        for (number, status, message) in handlers {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                FileHandle.standardError.write(Data((message + "\n").utf8))
                lock.lock()
                lastWords?(message)
                OutputFolder.abandonAll(exitStatus: status)
            }
            source.resume()
            sources.append(source)
        }
        if limit > 0 { alarm(limit) }
    }

    /// Lifts the time limit of the whole run, for a command that runs until it is stopped.
    static func clearTimeLimit() { alarm(0) }
}
