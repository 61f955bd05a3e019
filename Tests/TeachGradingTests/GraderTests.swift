import Foundation
import Testing
import TeachTestSupport
import TeachCore
import TeachGrading
@testable import TeachLessons

/// Grading against closed forms computed in the test: right answers pass, error carried
/// forward earns the lesson's share, and each classic mistake is named.
@Suite struct GraderTests {
    /// The answers of a student who computed every blank right.
    static var rightAnswers: [String: Double] {
        ["value_y": L2.y, "adjoint_z": L2.dz, "partial_y_z": L2.y * (1 - L2.y), "contribution_w_via_z": L2.viaZ,
         "contribution_w_via_R": L2.viaR, "adjoint_w": L2.dw, "update_w": L2.w - L2.rate * L2.dw,
         "update_b": L2.b - L2.rate * L2.db, "secret_b": L2.db]
    }

    static func yaml(_ answers: [String: Double], replacing changes: [String: Double] = [:]) -> String {
        answers.merging(changes) { $1 }.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "\n")
    }

    /// A minus typed as on the worksheet (U+2212) reads as a minus in a vector or matrix as in a
    /// single number: softmax's ∂L/∂z = y − t and ∂L/∂W = (y − t) xᵀ from the closed forms.
    @Test func aTypedMinusIsReadInListsAndMatrices() throws {
        let lesson = try shippedLesson("softmax")
        let trace = try lesson.trace()
        let x = trace.value("x").scalars, y = trace.value("y").scalars, t = trace.value("t").scalars
        let dz = zip(y, t).map { $0 - $1 }
        func typed(_ value: Double) -> String { value < 0 ? "\u{2212}" + String(-value) : String(value) }
        let answers = "y: [" + y.map(typed).joined(separator: ", ") + "]\n"
            + "dL_dz: [" + dz.map(typed).joined(separator: ", ") + "]\n"
            + "dL_dW: [" + dz.map { d in "[" + x.map { typed(d * $0) }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]\n"
        #expect(answers.contains("\u{2212}"))
        let report = try grade(lesson, answers)
        #expect(report.problems.isEmpty, "\(report.problems)")
        for name in ["y", "dL_dz", "dL_dW"] { #expect(report.result(name).passed, "\(name)") }
    }

    @Test func rightAnswersEarnEveryPoint() throws {
        let report = try grade(try lesson(l2regYAML), Self.yaml(Self.rightAnswers))
        #expect(report.allPassed)
        #expect(report.score == report.maximum)
        #expect(report.maximum == 9)
        // Rounded to what a student writes (4 significant digits) is still inside 0.1%.
        let rounded = Self.rightAnswers.mapValues { Double(String(format: "%.3e", $0))! }
        #expect(try grade(try lesson(l2regYAML), Self.yaml(rounded)).allPassed)
    }

    @Test func aMissedPathAtTheFanOutIsNamed() throws {
        // ∂L_reg/∂w without the term through R: (y − t)σ′(z)x only.
        let report = try grade(try lesson(l2regYAML), Self.yaml(Self.rightAnswers, replacing: ["adjoint_w": L2.viaZ]))
        let result = report.result("adjoint_w")
        #expect(result.status == .incorrect)
        #expect(result.feedback[0].contains("missing its term through R"))
        #expect(report.failedCount == 1)
    }

    @Test func errorCarriedForwardEarnsTheLessonsShare() throws {
        // The student misses the path through R, then updates w correctly from their own gradient.
        let wrong = L2.viaZ
        let report = try grade(try lesson(l2regYAML),
                               Self.yaml(Self.rightAnswers, replacing: ["adjoint_w": wrong, "update_w": L2.w - L2.rate * wrong]))
        let update = report.result("update_w")
        #expect(update.status == .carriedForward)
        #expect(update.score == 0.5)
        #expect(update.feedback[0].contains("your own ∂L/∂w") || update.feedback[0].contains("your own ∂Lreg/∂w"))
        // Without the earlier wrong answer the same update is just wrong, and its slip is named.
        var answers = Self.rightAnswers
        answers["adjoint_w"] = nil
        let alone = try grade(try lesson(l2regYAML), Self.yaml(answers, replacing: ["update_w": L2.w - L2.rate * wrong]))
        #expect(alone.result("update_w").status == .incorrect)
        #expect(alone.result("update_w").feedback[0].contains("slip before it"))
    }

    @Test func sigmoidForItsDerivativeIsNamed() throws {
        // ∂L/∂z with σ(z) for σ′(z): (y − t)·y.
        let report = try grade(try lesson(l2regYAML), Self.yaml(Self.rightAnswers, replacing: ["adjoint_z": (L2.y - L2.t) * L2.y]))
        #expect(report.result("adjoint_z").feedback[0].contains("σ(z) stands where its derivative σ′(z)"))
        let partial = try grade(try lesson(l2regYAML), Self.yaml(Self.rightAnswers, replacing: ["partial_y_z": L2.y]))
        #expect(partial.result("partial_y_z").feedback[0].contains("σ(z) stands where"))
    }

    @Test func theDroppedHalfIsNamed() throws {
        // L = (y − t)² instead of ½(y − t)²: ∂L/∂z doubles.
        let report = try grade(try lesson(l2regYAML), Self.yaml(Self.rightAnswers, replacing: ["adjoint_z": 2 * L2.dz]))
        #expect(report.result("adjoint_z").feedback[0].contains("the ½ of L = ½(…) was dropped"))
    }

    @Test func aFlippedSignIsNamed() throws {
        let report = try grade(try lesson(l2regYAML), Self.yaml(Self.rightAnswers, replacing: ["contribution_w_via_R": -L2.viaR]))
        #expect(report.result("contribution_w_via_R").feedback[0].contains("wrong sign"))
    }

    @Test func hiddenBlanksRevealNeitherAnswerNorDiagnosis() throws {
        let report = try grade(try lesson(l2regYAML), Self.yaml(Self.rightAnswers, replacing: ["secret_b": -L2.db]))
        let result = report.result("secret_b")
        #expect(result.status == .incorrect)
        #expect(result.feedback == ["not accepted"])
        let text = result.feedback.joined()
        for shown in [L2.db, -L2.db] { #expect(!text.contains(String(format: "%.3f", abs(shown)))) }
    }

    @Test func theStaleWeightErrorIsNamed() throws {
        let lesson = try lesson("""
        title: logistic
        inputs: {x: 1.5, t: 1}
        parameters: {w: 0.8, b: -0.3}
        equations: [z = w*x + b, y = sigmoid(z), L = 1/2*(y - t)^2]
        loss: L
        descent: {learning_rate: 0.5, steps: 1}
        exercises:
          tolerance: {rtol: 0.001}
          blanks: [update w, update b]
        """)
        // b updated with a gradient taken after w was already updated:
        // b′ = b − η (σ(w′x + b) − t) σ′(w′x + b),  w′ = w − η (y − t) σ′(z) x.
        let wNew = L2.w - L2.rate * L2.dz * L2.x
        let y = sigmoid(wNew * L2.x + L2.b)
        let stale = L2.b - L2.rate * (y - L2.t) * y * (1 - y)
        let right = L2.b - L2.rate * L2.dz
        #expect(abs(stale - right) > 0.001 * abs(right))
        let report = try grade(lesson, "update_w: \(wNew)\nupdate_b: \(stale)")
        #expect(report.result("update_w").status == .correct)
        #expect(report.result("update_b").feedback[0].contains("stale-weight error"))
    }

    @Test func aTransposedMatrixIsNamed() throws {
        let lesson = try lesson("""
        title: softmax
        inputs: {x: [1, 2], t: [0, 1, 0]}
        parameters:
          W: [[0.2, -0.1], [0.05, 0.3], [-0.4, 0.25]]
          b: [0.1, -0.2, 0.05]
        equations: [z = W @ x + b, y = softmax(z), L = -sum(t * log(y))]
        loss: L
        exercises:
          blanks: ["adjoint W", "adjoint W[2,1]"]
        """)
        // ∂L/∂W = (y − t) xᵀ, computed here.
        let z = [0.2 - 0.2 + 0.1, 0.05 + 0.6 - 0.2, -0.4 + 0.5 + 0.05]
        let e = z.map(exp), total = e.reduce(0, +)
        let delta = zip(e.map { $0 / total }, [0.0, 1, 0]).map(-)
        let gradient = delta.map { d in [d * 1, d * 2] }
        let transposed = [gradient.map { $0[0] }, gradient.map { $0[1] }]
        func rows(_ m: [[Double]]) -> String { "[" + m.map { "[" + $0.map { "\($0)" }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]" }
        let right = try grade(lesson, "adjoint_W: \(rows(gradient))\nadjoint_W_2_1: \(gradient[1][0])")
        #expect(right.allPassed)
        let wrong = try grade(lesson, "adjoint_W: \(rows(transposed))")
        #expect(wrong.result("adjoint_W").feedback[0].contains("transposed"))
    }

    @Test func malformedAnswersCostOnlyTheirBlanks() throws {
        let lesson = try lesson(l2regYAML)
        let report = try grade(lesson, """
        value_y: "0.71"
        adjoint_z: .nan
        adjoint_w: [1, 2]
        partial_y_z: abc
        update_w: \(L2.w - L2.rate * L2.dw)
        update_bb: 1
        """)
        #expect(report.result("value_y").feedback[0].contains("without quotes"))
        #expect(report.result("adjoint_z").feedback[0].contains("not a finite number"))
        #expect(report.result("adjoint_w").feedback[0].contains("expected a scalar"))
        #expect(report.result("partial_y_z").feedback[0].contains("not a number"))
        #expect(report.result("contribution_w_via_z").status == .missing)
        #expect(report.result("update_w").status == .correct)
        #expect(report.problems.map(\.description) == ["answers.yaml:6:1: error: 'update_bb' is not a blank of this lesson (did you mean 'update_b'?)"])
    }

    @Test(arguments: ["just text", "", "[1, 2]", "a: [1,\n", "\u{0}\u{1}binary", "x: &a 1\ny: *a"])
    func unreadableFilesScoreZero(_ text: String) throws {
        let report = try grade(try lesson(l2regYAML), text)
        #expect(report.score == 0)
        #expect(report.problems.count == 1)
        #expect(report.results.allSatisfy { $0.status == .unreadable })
    }

    @Test func aHugeFileIsRefusedBeforeParsing() throws {
        let huge = String(repeating: "adjoint_w: 1\n", count: 100_000)
        let report = try grade(try lesson(l2regYAML), huge)
        #expect(report.problems[0].message.contains("over the limit of"))
        #expect(report.score == 0)
    }

    @Test func aColumnBlankTakesItsRowsAsAMapping() throws {
        let lesson = try lesson(l2regYAML.replacingOccurrences(of: "    - value y\n", with: "    - column adjoint\n"))
        let names = lesson.exercises!.blanks.map(\.name).filter { $0.hasPrefix("adjoints.") }
        #expect(names == ["adjoints.Lreg", "adjoints.R", "adjoints.L", "adjoints.y", "adjoints.z", "adjoints.w", "adjoints.b"])
        let rows = "adjoints: {Lreg: 1, R: \(L2.lambda), L: 1, y: \(L2.y - 1), z: \(L2.dz), w: \(L2.dw), b: \(L2.db)}"
        let report = try grade(lesson, rows)
        #expect(names.allSatisfy { report.result($0).status == .correct })
    }
}

/// `loss step k` and `value y step k`: after k descent steps, on L = ½(wx + b − t)² with
/// η = 0.5, whose closed form is r = wx + b − t, w ← w − η r x, b ← b − η r.
@Suite struct ValueAfterStepsTests {
    static let yaml = """
        title: after steps
        inputs: {x: 1.5, t: 1}
        parameters: {w: 0.8, b: -0.3}
        equations:
          - z = w*x + b
          - L = 1/2*(z - t)^2
        loss: L
        descent: {learning_rate: 0.5, steps: 2}
        exercises:
          carried_forward: 0.5
          blanks:
            - update w
            - update b
            - value z step 1
            - loss step 2
        """

    /// The closed form: (w, b) after each step, and z and L there.
    static func stepped() -> [(w: Double, b: Double, z: Double, loss: Double)] {
        var (w, b) = (0.8, -0.3)
        var rows: [(Double, Double, Double, Double)] = []
        for _ in 0...2 {
            let z = w * 1.5 + b
            rows.append((w, b, z, (z - 1) * (z - 1) / 2))
            (w, b) = (w - 0.5 * (z - 1) * 1.5, b - 0.5 * (z - 1))
        }
        return rows
    }

    @Test func theKeyIsTheValueAfterThoseSteps() throws {
        let source = try lesson(Self.yaml)
        let grader = try Grader(lesson: source, trace: source.trace())
        let blanks = grader.exercises.blanks
        #expect(blanks.map(\.name) == ["update_w", "update_b", "value_z_step1", "value_L_step2"])
        let rows = Self.stepped()
        #expect(abs(grader.key(blanks[2]).scalar - rows[1].z) < 1e-12)
        #expect(abs(grader.key(blanks[3]).scalar - rows[2].loss) < 1e-12)
        let right = "update_w: \(rows[1].w)\nupdate_b: \(rows[1].b)\nvalue_z_step1: \(rows[1].z)\nvalue_L_step2: \(rows[2].loss)\n"
        #expect(try grade(source, right).allPassed)
    }

    /// A wrong update of w, and z after the step computed from it: z is carried forward.
    @Test func aValueAfterAWrongUpdateIsCarriedForward() throws {
        let rows = Self.stepped()
        let wrongW = rows[1].w + 0.1
        let answers = "update_w: \(wrongW)\nupdate_b: \(rows[1].b)\nvalue_z_step1: \(wrongW * 1.5 + rows[1].b)\nvalue_L_step2: \(rows[2].loss)\n"
        let report = try grade(try lesson(Self.yaml), answers)
        #expect(report.result("update_w").status == .incorrect)
        #expect(report.result("value_z_step1").status == .carriedForward)
        #expect(report.result("value_L_step2").passed)
    }

    @Test func aStepPastTheDescentIsALocatedError() {
        #expect(throws: Diagnostic.self) { try lesson(Self.yaml.replacingOccurrences(of: "loss step 2", with: "loss step 3")) }
    }
}

/// Both common forms of the stale-weight slip, whatever order the lesson lists its parameters
/// in, on L = ½(w₂ σ(w₁ x) − t)² with the closed forms g₂ = (y − t) h, g₁ = (y − t) w₂ h(1 − h) x.
@Suite struct StaleWeightFormsTests {
    static let yaml = """
        title: two weights
        inputs: {x: 1.5, t: 1}
        parameters: {w1: 0.8, w2: -0.5}
        equations:
          - z = w1*x
          - h = sigmoid(z)
          - y = w2*h
          - L = 1/2*(y - t)^2
        loss: L
        descent: {learning_rate: 0.5, steps: 1}
        exercises:
          tolerance: {rtol: 0.0001}
          blanks: [update w1, update w2]
        """
    static let (x, t, w1, w2, eta) = (1.5, 1.0, 0.8, -0.5, 0.5)
    static var h: Double { sigmoid(w1 * x) }
    static var w2New: Double { w2 - eta * (w2 * h - t) * h }
    /// The walk-through erratum: w₂ updated first, then g₁ through the new w₂ with the old y and h.
    static var w1OldActivations: Double { w1 - eta * (w2 * h - t) * w2New * h * (1 - h) * x }
    /// Updated one by one from the output back, the forward pass run again after w₂ moved.
    static var w1Sequential: Double { w1 - eta * (w2New * h - t) * w2New * h * (1 - h) * x }
    static var w1Right: Double { w1 - eta * (w2 * h - t) * w2 * h * (1 - h) * x }

    @Test func theFormsDiffer() {
        let forms = [Self.w1Right, Self.w1OldActivations, Self.w1Sequential]
        for i in forms.indices { for j in forms.indices where i < j { #expect(abs(forms[i] - forms[j]) > 0.001 * abs(forms[i])) } }
    }

    @Test(arguments: ["{w1: 0.8, w2: -0.5}", "{w2: -0.5, w1: 0.8}"])
    func oldActivationsWithNewWeightsAreNamed(_ parameters: String) throws {
        let source = try lesson(Self.yaml.replacingOccurrences(of: "{w1: 0.8, w2: -0.5}", with: parameters))
        let report = try grade(source, "update_w1: \(Self.w1OldActivations)\nupdate_w2: \(Self.w2New)")
        #expect(report.result("update_w2").status == .correct)
        #expect(report.result("update_w1").feedback[0].contains("with old activations"), "\(report.result("update_w1").feedback)")
    }

    @Test(arguments: ["{w1: 0.8, w2: -0.5}", "{w2: -0.5, w1: 0.8}"])
    func updatesOneByOneFromTheOutputAreNamed(_ parameters: String) throws {
        let source = try lesson(Self.yaml.replacingOccurrences(of: "{w1: 0.8, w2: -0.5}", with: parameters))
        let report = try grade(source, "update_w1: \(Self.w1Sequential)\nupdate_w2: \(Self.w2New)")
        #expect(report.result("update_w1").feedback[0].contains("the stale-weight error: a gradient computed after"), "\(report.result("update_w1").feedback)")
    }

    @Test func theRightUpdatesPass() throws {
        #expect(try grade(try lesson(Self.yaml), "update_w1: \(Self.w1Right)\nupdate_w2: \(Self.w2New)").allPassed)
    }
}
