import Foundation
import TeachCore
@testable import TeachLessons

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A shipped lesson, loaded and traced.
func shippedLesson(_ id: String) throws -> (lesson: Lesson, trace: Trace) {
    let lesson = try LessonLoader().load(path: repositoryRoot.appendingPathComponent("lessons/\(id).yaml").path).lesson
    return (lesson, try lesson.trace())
}

/// A lesson from YAML text.
func lesson(_ yaml: String) throws -> Lesson {
    try LessonLoader().load(bytes: Array(yaml.utf8), file: "test.yaml", id: "test").lesson
}

extension Trace {
    func value(_ name: String) -> Tensor { values[graph.node(named: name)!.id] }
    func adjoint(_ name: String) -> Tensor { adjoints[graph.node(named: name)!.id]! }
    func tangent(_ name: String) -> Tensor { tangents[graph.node(named: name)!.id]! }
}

/// `|a − b| ≤ tolerance · max(1, |b|)` elementwise.
func close(_ a: Tensor, _ b: [Double], _ tolerance: Double = 1e-9) -> Bool {
    a.scalars.count == b.count && zip(a.scalars, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
}

/// `true` when `a` agrees with `b` to `digits` significant digits (the reference file's precision).
func agrees(_ a: Double, _ b: Double, digits: Int = 6) -> Bool {
    abs(a - b) <= 0.51 * pow(10, floor(log10(abs(b))) - Double(digits) + 1)
}
