import Foundation
import Testing
import TeachTestSupport
import TeachCore
@testable import TeachLessons

@Suite struct MLPGeneratorTests {
    /// SplitMix64's published first outputs for seed 0 (the reference implementation's values).
    @Test func splitMix64MatchesTheReferenceSequence() {
        var random = SplitMix64(seed: 0)
        #expect([random.next(), random.next(), random.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    @Test(arguments: [(1, 1, 1, 1), (4, 5, 2, 2), (3, 4, 3, 2)])
    func scalarAndVectorFormsAgreeWithEachOtherAndTheLoss(_ shape: (Int, Int, Int, Int)) throws {
        let scalar = MLPGenerator(inputs: shape.0, hidden: shape.1, layers: shape.2, outputs: shape.3, form: .scalar, seed: 7)
        let vector = MLPGenerator(inputs: shape.0, hidden: shape.1, layers: shape.2, outputs: shape.3, form: .vector, seed: 7)
        let a = try LessonLoader().load(bytes: Array(scalar.yaml().utf8), file: "s.yaml", id: "s").lesson
        let b = try LessonLoader().load(bytes: Array(vector.yaml().utf8), file: "v.yaml", id: "v").lesson
        #expect(a.graph.nodes.count == scalar.scalarNodeCount)
        let (ta, tb) = (try a.trace(), try b.trace())
        #expect(ta.gradientChecks.allSatisfy { $0.passed } && tb.gradientChecks.allSatisfy { $0.passed })
        // The loss, evaluated here from the lesson's numbers, and both forms agree on it.
        let values = Dictionary(uniqueKeysWithValues: a.graph.nodes.compactMap { n in n.given.map { (n.name, $0.scalar) } })
        var previous = (1...shape.0).map { values["x\($0)"]! }
        let widths = [shape.0] + Array(repeating: shape.1, count: shape.2) + [shape.3]
        for l in 1..<widths.count {
            previous = (1...widths[l]).map { j in
                let a = (1...widths[l - 1]).map { values["w\(l)_\(j)_\($0)"]! * previous[$0 - 1] }.reduce(0, +) + values["b\(l)_\(j)"]!
                return l == widths.count - 1 ? a : tanh(a)
            }
        }
        let loss = 0.5 * (1...shape.3).map { pow(previous[$0 - 1] - values["t\($0)"]!, 2) }.reduce(0, +)
        #expect(abs(ta.values[ta.graph.loss].scalar - loss) < 1e-12)
        #expect(abs(tb.values[tb.graph.loss].scalar - loss) < 1e-12)
        // Every weight's gradient is the same number in both forms.
        for l in 1..<widths.count {
            let matrix = tb.adjoint("W\(l)")
            for j in 1...widths[l] {
                for i in 1...widths[l - 1] {
                    #expect(abs(ta.adjoint("w\(l)_\(j)_\(i)").scalar - matrix.rows[j - 1][i - 1]) < 1e-12)
                }
            }
        }
    }

    @Test func sameArgumentsGiveTheSameLesson() {
        #expect(MLPGenerator(inputs: 3, hidden: 4, layers: 2, outputs: 2).yaml() == MLPGenerator(inputs: 3, hidden: 4, layers: 2, outputs: 2).yaml())
        #expect(MLPGenerator(inputs: 3, hidden: 4, layers: 2, outputs: 2, seed: 2).yaml() != MLPGenerator(inputs: 3, hidden: 4, layers: 2, outputs: 2).yaml())
    }

    /// Beyond 64 parameter elements the gradient check takes 16 parameters, evenly spaced, and
    /// 4 random directions through all of them, and all pass.
    @Test func largeLessonsCheckAnEvenSampleOfParameters() throws {
        let generator = MLPGenerator(inputs: 6, hidden: 8, layers: 2, outputs: 2)
        let lesson = try LessonLoader().load(bytes: Array(generator.yaml().utf8), file: "m.yaml", id: "m").lesson
        let trace = try lesson.trace()
        #expect(lesson.graph.parameters.count > Tracer.checkedElementLimit)
        #expect(trace.gradientChecks.count == Tracer.sampledElementLimit)
        #expect(trace.gradientChecks.first?.parameter == lesson.graph.parameters.first?.id)
        #expect(trace.gradientChecks.allSatisfy { $0.passed && $0.elements == nil })
        #expect(trace.directionalChecks.map(\.seed) == [1, 2, 3, 4] && trace.directionalChecks.allSatisfy(\.passed))
    }

    /// A 30×30 matrix and a scalar: 15 of the matrix's 900 elements (its share of 16) are
    /// perturbed, evenly spaced, and the scalar; each central difference agrees with the closed
    /// forms ∂L/∂Wᵢⱼ = Wᵢⱼ and ∂L/∂b = 2b of L = ½ Σ W² + b².
    @Test func aLargeMatrixIsCheckedAtEvenlySpacedElements() throws {
        var rows: [String] = []
        for i in 0..<30 {
            let row: [String] = (0..<30).map { (j: Int) -> String in String(Double((i * 30 + j) % 17) / 10 - 0.8) }
            rows.append("[" + row.joined(separator: ", ") + "]")
        }
        let yaml = "title: big\nparameters:\n  W: [" + rows.joined(separator: ", ") + "]\n  b: 0.5\nequations:\n  - L = 1/2*sum(W^2) + b^2\nloss: L\n"
        let lesson = try LessonLoader().load(bytes: Array(yaml.utf8), file: "big.yaml", id: "big").lesson
        let trace = try lesson.trace()
        let w = try #require(trace.gradientChecks.first)
        let elements = try #require(w.elements)
        #expect(elements == (0..<15).map { $0 * 900 / 15 })
        #expect(trace.gradientChecks.count == 2 && trace.gradientChecks[1].elements == nil)
        #expect(abs(trace.gradientChecks[1].finiteDifference.scalar - 2 * 0.5) < 1e-7)
        let values = lesson.graph.node(named: "W")!.given!.scalars
        for (position, element) in elements.enumerated() {
            #expect(abs(w.finiteDifference.scalars[position] - values[element]) < 1e-7)
            #expect(w.adjoint.scalars[position] == values[element])
        }
        #expect(trace.gradientChecks.allSatisfy { $0.passed })
    }
}
