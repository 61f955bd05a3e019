import Foundation
import TeachTestSupport
import TeachCore
@testable import TeachLessons

/// A shipped lesson, loaded and traced.
func shippedLesson(_ id: String) throws -> (lesson: Lesson, trace: Trace) {
    let lesson = try loadShippedLesson(id)
    return (lesson, try lesson.trace())
}
