import Foundation
import TeachTestSupport
import TeachCore
@testable import TeachLessons

/// A shipped lesson, loaded and traced.
func shippedLesson(_ id: String) throws -> (lesson: Lesson, trace: Trace) {
    let lesson = try loadShippedLesson(id)
    return (lesson, try lesson.trace())
}

extension Trace {
    func value(_ name: String) -> Tensor { values[graph.node(named: name)!.id] }
    func adjoint(_ name: String) -> Tensor { adjoints[graph.node(named: name)!.id]! }
    func tangent(_ name: String) -> Tensor { tangents[graph.node(named: name)!.id]! }
}
