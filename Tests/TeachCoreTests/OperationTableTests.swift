import Foundation
import Testing
import TeachTestSupport
@testable import TeachCore

/// Every operation of the table, walked case by case: its value against a reference computed
/// here from the C math library, its VJP and JVP against central differences of that
/// reference, its symbolic partial evaluated against the VJP, and its rule at a kink or tie.
///
/// `reference(_:)` switches over every case with no default, so an operation added to the
/// table without a reference here does not compile, and one whose rules are wrong fails.
@Suite struct OperationTableTests {
    /// One operation under test: how to apply it, where to probe it, and an independent value.
    struct Reference: CustomTestStringConvertible, Sendable {
        let name: String
        /// The operation applied to operand expressions.
        let apply: @Sendable ([Expr]) -> Expr
        /// Operand values to probe at (each a list with one tensor per operand), away from kinks.
        let points: [[Tensor]]
        /// The value, computed here.
        let value: @Sendable ([Tensor]) -> Tensor
        var testDescription: String { name }
    }

    /// Scalar probes inside `range`, and a vector probe of three of them.
    static func probes(_ count: Int, in range: ClosedRange<Double>, seed: UInt64) -> [[Tensor]] {
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return range.lowerBound + Double(state >> 11) / Double(1 << 53) * (range.upperBound - range.lowerBound)
        }
        let scalars = (0..<3).map { _ in (0..<count).map { _ in Tensor(next()) } }
        let vectors = [(0..<count).map { _ in Tensor(vector: [next(), next(), next()]) }]
        // A scalar against a vector too, for binary operations (broadcasting).
        let mixed = count == 2 ? [[Tensor(next()), Tensor(vector: [next(), next(), next()])]] : []
        return scalars + vectors + mixed
    }

    static func elementwise(_ f: @escaping @Sendable (Double) -> Double) -> @Sendable ([Tensor]) -> Tensor { { $0[0].map(f) } }
    static func elementwise(_ f: @escaping @Sendable (Double, Double) -> Double) -> @Sendable ([Tensor]) -> Tensor { { Tensor.zip($0[0], $0[1], f)! } }

    static func reference(_ function: Function) -> Reference {
        let call: @Sendable ([Expr]) -> Expr = { .call(function, $0) }
        let any = probes(1, in: -2...2, seed: 1), pairs = probes(2, in: -2...2, seed: 2)
        func make(_ points: [[Tensor]], _ value: @escaping @Sendable ([Tensor]) -> Tensor) -> Reference {
            Reference(name: function.rawValue, apply: call, points: points, value: value)
        }
        switch function {
        case .exp: return make(any, elementwise { Foundation.exp($0) })
        case .log: return make(probes(1, in: 0.2...3, seed: 3), elementwise { Foundation.log($0) })
        case .sqrt: return make(probes(1, in: 0.2...3, seed: 4), elementwise { $0.squareRoot() })
        case .sin: return make(any, elementwise { Foundation.sin($0) })
        case .cos: return make(any, elementwise { Foundation.cos($0) })
        case .tanh: return make(any, elementwise { Foundation.tanh($0) })
        case .sigmoid: return make(any, elementwise { 1 / (1 + Foundation.exp(-$0)) })
        case .relu: return make(any, elementwise { Swift.max($0, 0) })
        case .absolute: return make(any, elementwise { Swift.abs($0) })
        case .maximum: return make(pairs, elementwise { Swift.max($0, $1) })
        case .minimum: return make(pairs, elementwise { Swift.min($0, $1) })
        case .step: return make(any, elementwise { $0 > 0 ? 1 : 0 })
        case .sign: return make(any, elementwise { $0 == 0 ? 0 : ($0 > 0 ? 1 : -1) })
        case .greater: return make(pairs, elementwise { $0 > $1 ? 1 : 0 })
        case .greaterOrEqual: return make(pairs, elementwise { $0 >= $1 ? 1 : 0 })
        case .less: return make(pairs, elementwise { $0 < $1 ? 1 : 0 })
        case .lessOrEqual: return make(pairs, elementwise { $0 <= $1 ? 1 : 0 })
        case .softmax:
            return make(probes(1, in: -2...2, seed: 5).filter { !$0[0].isScalar }) { x in
                let e = x[0].scalars.map { Foundation.exp($0) }
                let total = e.reduce(0, +)
                return Tensor(vector: e.map { $0 / total })
            }
        case .sum: return make(any) { Tensor($0[0].scalars.reduce(0, +)) }
        case .transpose:
            return make(any + [[Tensor(rows: [[0.3, -0.7, 1.1], [0.4, 0.9, -1.3]])]]) { x in
                guard x[0].shape.rank == 2 else { return x[0] }
                let (r, c) = (x[0].shape.dimensions[0], x[0].shape.dimensions[1])
                return Tensor(rows: (0..<c).map { j in (0..<r).map { i in x[0].scalars[i * c + j] } })
            }
        case .outer:
            return make([[Tensor(vector: [0.3, -0.8]), Tensor(vector: [1.2, 0.5, -0.4])]]) { x in
                Tensor(rows: x[0].scalars.map { a in x[1].scalars.map { a * $0 } })
            }
        }
    }

    static func reference(_ op: BinaryOperator) -> Reference {
        let pairs = probes(2, in: -2...2, seed: 6)
        func make(_ points: [[Tensor]], _ value: @escaping @Sendable ([Tensor]) -> Tensor) -> Reference {
            Reference(name: op.rawValue, apply: { .binary(op, $0[0], $0[1]) }, points: points, value: value)
        }
        switch op {
        case .add: return make(pairs, elementwise { $0 + $1 })
        case .subtract: return make(pairs, elementwise { $0 - $1 })
        case .multiply: return make(pairs, elementwise { $0 * $1 })
        case .divide: return make(probes(2, in: 0.3...2, seed: 7), elementwise { $0 / $1 })
        case .power: return make(probes(2, in: 0.3...2, seed: 8), elementwise { Foundation.pow($0, $1) })
        case .matmul:
            let W = Tensor(rows: [[0.2, -0.1, 0.5], [0.3, 0.8, -0.6]]), v = Tensor(vector: [0.3, -0.5, 0.9])
            let u = Tensor(vector: [0.4, -0.2]), M = Tensor(rows: [[0.1, 0.2], [-0.3, 0.5], [-0.4, 0.6]])
            return make([[W, v], [u, W], [v, v], [W, M]]) { x in
                let (a, b) = (x[0], x[1])
                let rows = a.shape.rank == 2 ? a.rows : [a.scalars]
                let columns = b.shape.rank == 2 ? b.shape.dimensions[1] : 1
                let bRows = b.shape.rank == 2 ? b.rows : b.scalars.map { [$0] }
                let product = rows.map { row in (0..<columns).map { k in zip(row, bRows).map { $0 * $1[k] }.reduce(0, +) } }
                switch (a.shape.rank, b.shape.rank) {
                case (2, 2): return Tensor(rows: product)
                case (1, 1): return Tensor(product[0][0])
                case (2, 1): return Tensor(vector: product.map { $0[0] })
                default: return Tensor(vector: product[0])
                }
            }
        }
    }

    static let negation = Reference(name: "negate", apply: { Expr(.negate($0[0])) },
                                    points: probes(1, in: -2...2, seed: 9), value: elementwise { -$0 })

    static let all: [Reference] = Function.allCases.map(reference) + BinaryOperator.allCases.map(reference) + [negation]

    /// Fixed, non-symmetric weights that turn a result into the scalar `s = Σ wᵢ rᵢ`.
    static func weights(_ shape: Shape) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.count).map { (i: Int) -> Double in
            let linear: Double = 0.3 + 0.37 * Double(i)
            return linear - 0.11 * Double(i * i % 5)
        })
    }

    static let names = ["a", "b"]

    /// The operation applied to variables `a`, `b` of the points' shapes, shape-annotated.
    static func expression(_ reference: Reference, at point: [Tensor]) throws -> (Expr, ShapeChecker) {
        let shapes = Dictionary(uniqueKeysWithValues: point.enumerated().map { (names[$0.offset], $0.element.shape) })
        let checker = ShapeChecker { shapes[$0] }
        let expr = reference.apply(point.indices.map { Expr.variable(names[$0]) })
        return (try checker.annotate(expr), checker)
    }

    @Test(arguments: all)
    func valueMatchesTheReference(_ reference: Reference) throws {
        for point in reference.points {
            let (expr, _) = try Self.expression(reference, at: point)
            let value = try Program(expr).value { kind in
                guard case .variable(let name) = kind else { fatalError() }
                return point[Self.names.firstIndex(of: name)!]
            }
            let expected = reference.value(point)
            #expect(value.shape == expected.shape, "\(reference.name) at \(point)")
            for (a, b) in zip(value.scalars, expected.scalars) {
                #expect(abs(a - b) <= 1e-13 * Swift.max(1, abs(b)), "\(reference.name) at \(point): \(a) against \(b)")
            }
        }
    }

    /// Central differences of `s = ⟨w, f(x)⟩` computed from the reference value alone.
    static func finiteDifference(_ reference: Reference, _ point: [Tensor], slot: Int, element: Int, weights: Tensor) -> Double {
        let h = 1e-6
        var up = point, down = point
        up[slot].scalars[element] += h
        down[slot].scalars[element] -= h
        return (Tensor.dot(reference.value(up), weights) - Tensor.dot(reference.value(down), weights)) / (2 * h)
    }

    @Test(arguments: all)
    func reverseAndForwardModeMatchCentralDifferences(_ reference: Reference) throws {
        for point in reference.points {
            let (expr, _) = try Self.expression(reference, at: point)
            let operation = expr.operation!
            let result = try operation.value(point)
            let w = Self.weights(result.shape)
            for slot in point.indices {
                let reverse = operation.vjp(slot, point, result, w)
                #expect(reverse.shape == point[slot].shape, "\(reference.name): VJP shape")
                for i in 0..<point[slot].shape.count {
                    let fd = Self.finiteDifference(reference, point, slot: slot, element: i, weights: w)
                    #expect(abs(reverse.scalars[i] - fd) < 1e-6, "\(reference.name) at \(point): VJP[\(slot)][\(i)] = \(reverse.scalars[i]), fd \(fd)")
                    var tangents = point.map { Tensor.zeros($0.shape) }
                    tangents[slot].scalars[i] = 1
                    let forward = Tensor.dot(operation.jvp(point, result, tangents), w)
                    #expect(abs(forward - fd) < 1e-6, "\(reference.name) at \(point): JVP along [\(slot)][\(i)] = \(forward), fd \(fd)")
                }
            }
        }
    }

    /// The symbolic partial of `s = Σ w ⊙ f(a, b)` with respect to each operand, evaluated,
    /// equals the VJP with seed `w`.
    static func symbolicGradient(_ reference: Reference, _ point: [Tensor], slot: Int) throws -> Tensor {
        let (inner, _) = try Self.expression(reference, at: point)
        let w = Self.weights(inner.shape!)
        var values = Dictionary(uniqueKeysWithValues: point.enumerated().map { (names[$0.offset], $0.element) })
        values["w"] = w
        let known = values
        let checker = ShapeChecker { known[$0]?.shape }
        let loss = try checker.annotate(Expr.call(.sum, [Expr.variable("w") * reference.apply(point.indices.map { Expr.variable(names[$0]) })]))
        let occurrence = Program(loss).occurrenceNames.firstIndex(of: names[slot])!
        guard case .partial(let partial) = Differentiator.partial(of: loss, consumer: "s", occurrences: [occurrence], checker: checker) else {
            Issue.record("\(reference.name): a scalar consumer gives a compact partial")
            return .zeros(point[slot].shape)
        }
        let value = try Program(checker.annotate(partial)).value { kind in
            guard case .variable(let name) = kind else { fatalError() }
            return known[name]!
        }
        return value.isScalar ? .filled(value.scalar, shape: point[slot].shape) : value
    }

    @Test(arguments: all)
    func symbolicPartialEvaluatesToTheVJP(_ reference: Reference) throws {
        for point in reference.points {
            let operation = try Self.expression(reference, at: point).0.operation!
            let result = try operation.value(point)
            for slot in point.indices {
                let symbolic = try Self.symbolicGradient(reference, point, slot: slot)
                let numeric = operation.vjp(slot, point, result, Self.weights(result.shape))
                for (a, b) in zip(symbolic.scalars, numeric.scalars) {
                    #expect(abs(a - b) < 1e-12, "\(reference.name) at \(point): symbolic ∂s/∂\(Self.names[slot]) = \(a), VJP \(b)")
                }
            }
        }
    }

    /// At a kink or tie the VJP, the JVP and the symbolic partial all take the documented
    /// one-sided rule, and the operation says it is at a kink.
    @Test(arguments: [
        ("relu", [Tensor(0)], [0.0]),
        ("abs", [Tensor(0)], [0.0]),
        ("max", [Tensor(0.5), Tensor(0.5)], [0.0, 1.0]),
        ("min", [Tensor(0.5), Tensor(0.5)], [0.0, 1.0]),
    ])
    func kinksTakeTheDocumentedRule(_ name: String, _ point: [Tensor], _ expected: [Double]) throws {
        let reference = Self.reference(Function.callable(named: name)!)
        let operation = try Self.expression(reference, at: point).0.operation!
        let result = try operation.value(point)
        #expect(operation.isAtKink(point), "\(name) at \(point) is at its kink")
        for slot in point.indices {
            #expect(operation.vjp(slot, point, result, Tensor(1)).scalar == expected[slot], "\(name): VJP[\(slot)] at the kink")
            var tangents = point.map { Tensor.zeros($0.shape) }
            tangents[slot] = Tensor(1)
            #expect(operation.jvp(point, result, tangents).scalar == expected[slot], "\(name): JVP[\(slot)] at the kink")
            #expect(try Self.symbolicGradient(reference, point, slot: slot).scalar == expected[slot] * Self.weights(.scalar).scalar,
                    "\(name): symbolic partial [\(slot)] at the kink")
        }
        #expect(!operation.isAtKink(point.map { $0.map { $0 + 0.25 * Double(point.count) } }) || point.count == 2)
    }

    /// `max(z, 0)` and `relu(z)` agree everywhere, the kink included.
    @Test func maxWithZeroIsRelu() throws {
        for z in [-1.0, 0, 1.5] {
            let point = [Tensor(z), Tensor(0)]
            let viaMax = Function.maximum.operation, viaRelu = Function.relu.operation
            let (maxValue, reluValue) = (try viaMax.value(point), try viaRelu.value([point[0]]))
            #expect(maxValue == reluValue)
            #expect(viaMax.vjp(0, point, maxValue, Tensor(1)) == viaRelu.vjp(0, [point[0]], reluValue, Tensor(1)))
        }
    }
}

/// `min` broadcasting a scalar against a vector and `abs` inside a lesson, against closed
/// forms: m = min(a, c), L = Σ|mᵢ| at a = (0.5, −1.2, 2), c = 0.8, so ∂L/∂a = sign(m) ⊙
/// 𝟙(a < c) = (1, −1, 0) and ∂L/∂c = Σ sign(m) ⊙ 𝟙(c ≤ a) = 1.
@Suite struct MinAndAbsInALessonTests {
    @Test func adjointsAndPartialsFollowTheClosedForms() throws {
        let lesson = try lesson("""
        title: min and abs
        parameters: {a: [0.5, -1.2, 2.0], c: 0.8}
        equations: ['m = min(a, c)', 'L = sum(abs(m))']
        loss: L
        """)
        let trace = try lesson.trace()
        let a = [0.5, -1.2, 2.0], c = 0.8
        let m = a.map { Swift.min($0, c) }
        #expect(trace.value("m").scalars == m)
        #expect(trace.value("L").scalar == m.map { Swift.abs($0) }.reduce(0, +))
        let sign = m.map { $0 > 0 ? 1.0 : $0 < 0 ? -1 : 0 }
        #expect(trace.adjoint("a").scalars == zip(sign, a).map { $0 * ($1 < c ? 1 : 0) })
        #expect(trace.adjoint("c").scalar == zip(sign, a).map { $0 * (c <= $1 ? 1 : 0) }.reduce(0, +))
        #expect(trace.gradientChecks.allSatisfy { $0.passed })
        let text = lesson.typesetter(.text)
        #expect(trace.graph.equations.map { text.render($0.definition!) } == ["min(a, c)", "Σ(|m|)"])
        let fromM = trace.graph.node(named: "m")!.incoming.map { text.render(trace.edgePartials[$0].expression) }
        #expect(fromM == ["∂L/∂m ⊙ 𝟙(a < c)", "Σ(∂L/∂m ⊙ 𝟙(c ≤ a))"])
    }
}
