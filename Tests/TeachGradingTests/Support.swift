import Foundation
import TeachTestSupport
import TeachCore
import TeachGrading
import TeachLessons


func shippedLesson(_ id: String) throws -> Lesson { try loadShippedLesson(id) }

/// Grades `answers` (YAML text) against `lesson`.
func grade(_ lesson: Lesson, _ answers: String) throws -> GradeReport {
    let grader = try Grader(lesson: lesson, trace: lesson.trace())
    return grader.grade(Answers.read(bytes: Array(answers.utf8), file: "answers.yaml", blanks: grader.exercises.blanks))
}

extension GradeReport {
    func result(_ name: String) -> BlankResult { results.first { $0.blank.name == name }! }
}

func sigmoid(_ a: Double) -> Double { 1 / (1 + exp(-a)) }

/// The L2-regularised lesson of lecture 000 with every kind of blank, and its closed forms.
let l2regYAML = """
title: L2
inputs: {x: 1.5, t: 1, lambda: 0.1}
parameters: {w: 0.8, b: -0.3}
equations:
  - z = w*x + b
  - y = sigmoid(z)
  - L = 1/2*(y - t)^2
  - R = 1/2*w^2
  - Lreg = L + lambda*R
loss: Lreg
descent: {learning_rate: 0.5, steps: 1}
exercises:
  tolerance: {rtol: 0.001, atol: 1e-6}
  carried_forward: 0.5
  blanks:
    - value y
    - adjoint z
    - partial y/z
    - contribution w via z
    - contribution w via R
    - adjoint w
    - update w
    - update b
    - {ask: adjoint b, name: secret_b, visibility: hidden, hint: "not shown on hidden blanks"}
"""

/// Closed forms from lecture 000 for the lesson above, computed here without teach.
enum L2 {
    static let x = 1.5, t = 1.0, lambda = 0.1, w = 0.8, b = -0.3, rate = 0.5
    static let z = w * x + b, y = sigmoid(z)
    static let dz = (y - t) * y * (1 - y)
    static let viaZ = dz * x, viaR = lambda * w
    static let dw = viaZ + viaR, db = dz
}
