import Testing
@testable import TeachCore
import TeachLessons

/// The gradient check along random directions, on L = ½ Σ W² + b² with a 30×30 W (901
/// elements, too many to perturb one by one), whose gradient has the closed form ∂L/∂W = W,
/// ∂L/∂b = 2b.
@Suite struct DirectionalCheckTests {
    static let lesson: Lesson = {
        var rows: [String] = []
        for i in 0..<30 {
            let row: [String] = (0..<30).map { (j: Int) -> String in String(Double((i * 30 + j) % 17) / 10 - 0.8) }
            rows.append("[" + row.joined(separator: ", ") + "]")
        }
        let yaml = "title: big\nparameters:\n  W: [" + rows.joined(separator: ", ") + "]\n  b: 0.5\nequations:\n  - L = 1/2*sum(W^2) + b^2\nloss: L\n"
        return try! LessonLoader().load(bytes: Array(yaml.utf8), file: "big.yaml", id: "big").lesson
    }()

    /// Each direction's reverse-mode figure is ∇L·d from the closed form, with d drawn as the
    /// check documents it (±1/√901 from SplitMix64 with the direction's seed), and central
    /// differences agree with it.
    @Test func directionsFollowTheClosedForm() throws {
        let trace = try Self.lesson.trace()
        let w = Self.lesson.graph.node(named: "W")!.given!.scalars
        #expect(trace.directionalChecks.count == Tracer.directionCount)
        for check in trace.directionalChecks {
            var random = SplitMix64(seed: check.seed)
            let d = (0..<901).map { _ in (random.next() >> 63 == 0 ? 1.0 : -1.0) / 901.0.squareRoot() }
            let closedForm = zip(w, d).map { $0 * $1 }.reduce(0, +) + 2 * 0.5 * d[900]
            #expect(abs(check.reverse - closedForm) < 1e-12)
            // Rounding in the central difference is about ε·L/h = 2.2e-16 · 112 / 1e-6 ≈ 2.5e-8 per evaluation.
            #expect(abs(check.finiteDifference - closedForm) < 4e-7)
            #expect(check.passed)
        }
    }

    /// A derivative wrong in one element that the per-element sample does not perturb (as a
    /// wrong rule for one entry would make it) fails every direction; so does one wrong by 1%
    /// everywhere (a wrong scale in a VJP). The right adjoints pass.
    @Test func aWrongDerivativeAnywhereFailsTheDirections() throws {
        let tracer = Tracer(graph: Self.lesson.graph, options: Self.lesson.options)
        let pass = try tracer.forwardPass()
        let adjoints = tracer.backward(pass).adjoints
        let w = Self.lesson.graph.node(named: "W")!.id
        let sampled = Tracer.checkedElements(Self.lesson.graph.parameters)[0].elements
        let unsampled = try #require((0..<900).first { !sampled.contains($0) })
        var oneWrong = adjoints, scaled = adjoints
        oneWrong[w]!.scalars[unsampled] += 0.05
        scaled[w] = scaled[w]!.map { $0 * 1.01 }
        for seed in UInt64(1)...UInt64(Tracer.directionCount) {
            #expect(try tracer.directionalCheck(seed: seed, values: pass.values, adjoints: adjoints).passed)
            #expect(try !tracer.directionalCheck(seed: seed, values: pass.values, adjoints: oneWrong).passed, "direction \(seed)")
            #expect(try !tracer.directionalCheck(seed: seed, values: pass.values, adjoints: scaled).passed, "direction \(seed)")
        }
    }
}
