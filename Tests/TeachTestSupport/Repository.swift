import Foundation
import TeachCore
import TeachLessons

/// The repository root, found from this file's path.
public let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The ids of the lessons in `lessons/`, sorted, so a new lesson is tested without a list to update.
public let shippedLessonIDs: [String] = {
    let folder = repositoryRoot.appendingPathComponent("lessons")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
}()

/// The path of a shipped lesson.
public func shippedLessonPath(_ id: String) -> String {
    repositoryRoot.appendingPathComponent("lessons/\(id).yaml").path
}

/// A shipped lesson, loaded.
public func loadShippedLesson(_ id: String) throws -> Lesson {
    try LessonLoader().load(path: shippedLessonPath(id)).lesson
}

/// A lesson from YAML text.
public func lesson(_ yaml: String, id: String = "test") throws -> Lesson {
    try LessonLoader().load(bytes: Array(yaml.utf8), file: "test.yaml", id: id).lesson
}

/// `|a − b| ≤ tolerance · max(1, |b|)` elementwise.
public func close(_ a: Tensor, _ b: [Double], _ tolerance: Double = 1e-9) -> Bool {
    a.scalars.count == b.count && zip(a.scalars, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
}

/// `true` when `a` agrees with `b` to `digits` significant digits (the reference file's precision).
public func agrees(_ a: Double, _ b: Double, digits: Int = 6) -> Bool {
    abs(a - b) <= 0.51 * pow(10, floor(log10(abs(b))) - Double(digits) + 1)
}

/// The teach executable `swift test` built beside the test bundle.
public let teachExecutable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("teach")

/// `true` when the teach executable is there to run as a separate process.
public var teachExecutableExists: Bool { FileManager.default.isExecutableFile(atPath: teachExecutable.path) }

extension Trace {
    /// A node's value, adjoint and tangent (by the first forward-mode variable, or `wrt`) by name.
    public func value(_ name: String) -> Tensor { values[graph.node(named: name)!.id] }
    public func adjoint(_ name: String) -> Tensor { adjoints[graph.node(named: name)!.id]! }
    public func tangent(_ name: String, wrt variable: String? = nil) -> Tensor {
        let mode = variable.map { forwardMode(graph.node(named: $0)!.id)! } ?? forwardModes[0]
        return mode.tangents[graph.node(named: name)!.id]!
    }
}
