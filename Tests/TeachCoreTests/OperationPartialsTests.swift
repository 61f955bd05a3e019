import Foundation
import Testing
import TeachTestSupport
import TeachCore
@testable import TeachLessons

/// Every operation's reverse-mode VJP, forward-mode JVP and symbolic partial against central
/// finite differences computed here, independently of the engine's own gradient check.
@Suite struct OperationPartialsTests {
    static let variables: [String: Tensor] = [
        "a": Tensor(0.7), "b": Tensor(1.3),
        "v": Tensor(vector: [0.3, -0.5, 0.9]), "u": Tensor(vector: [0.4, -0.2]),
        "W": Tensor(rows: [[0.2, -0.1, 0.5], [0.3, 0.8, -0.6]]),
        "M": Tensor(rows: [[0.1, 0.2, -0.3], [0.5, -0.4, 0.6], [-0.7, 0.9, 0.2]]),
    ]

    static let expressions = [
        "exp(a)", "log(a)", "sqrt(a)", "sin(a)", "cos(a)", "tanh(a)", "sigmoid(a)", "relu(a)", "relu(-a)",
        "a*b", "a/b", "a^b", "a^3", "a - b", "-a", "1/2*(a - b)^2", "(a + a)*a", "a*a*b",
        "softmax(v)", "sum(v*v)", "W @ v", "v @ M", "v @ v", "transpose(W) @ u", "W @ M", "v[2]*a", "M[2,3]",
        "a*v", "v/b", "tanh(W @ v) * u", "-sum(v * log(softmax(v)))", "exp(v) / sum(exp(v))", "transpose(M)",
    ]

    /// Fixed, non-symmetric weights that turn any result into the scalar `s = Σ rᵢ fᵢ`.
    static func weights(_ shape: Shape) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.count).map { (i: Int) -> Double in
            let linear: Double = 0.3 + 0.37 * Double(i)
            return linear - 0.11 * Double(i * i % 5)
        })
    }

    func parse(_ text: String) throws -> Expr {
        var parser = ExpressionParser(text) { SourceLocation(line: 1, column: $0 + 1) }
        let checker = ShapeChecker { Self.variables[$0]?.shape }
        return try checker.annotate(try parser.parseAlone())
    }

    @Test(arguments: expressions)
    func partialsMatchFiniteDifferences(_ text: String) throws {
        let expr = try parse(text)
        let program = Program(expr)
        let r = Self.weights(expr.shape!)
        func s(_ values: [String: Tensor]) throws -> Double {
            Tensor.dot(try program.value { kind in
                guard case .variable(let name) = kind else { fatalError() }
                return values[name]!
            }, r)
        }
        let locals = try program.evaluate { kind in
            guard case .variable(let name) = kind else { fatalError() }
            return Self.variables[name]!
        }
        let contributions = program.contributions(values: locals, seed: r)
        for name in Set(program.occurrenceNames).sorted() {
            let base = Self.variables[name]!
            var reverse = Tensor.zeros(base.shape)
            for (k, n) in program.occurrenceNames.enumerated() where n == name { reverse += contributions[k] }
            for i in 0..<base.shape.count {
                let h = 1e-6
                var up = Self.variables, down = Self.variables
                up[name]!.scalars[i] += h
                down[name]!.scalars[i] -= h
                let fd = (try s(up) - s(down)) / (2 * h)
                #expect(abs(reverse.scalars[i] - fd) < 1e-6, "\(text): reverse ∂s/∂\(name)[\(i)] = \(reverse.scalars[i]), fd = \(fd)")

                let direction = Tensor.basis(base.shape.rank == 0 ? [] : (base.shape.rank == 1 ? [i + 1] : [i / base.shape.dimensions[1] + 1, i % base.shape.dimensions[1] + 1]), shape: base.shape)
                let seeds = program.occurrenceNames.map { $0 == name ? direction : nil }
                let forward = Tensor.dot(program.tangent(values: locals, tangents: seeds), r)
                #expect(abs(forward - fd) < 1e-6, "\(text): forward mode along \(name)[\(i)] = \(forward), fd = \(fd)")
            }
        }
    }

    /// The typeset partial, evaluated, equals the numeric one: for `s = Σ r ⊙ f` the consumer is a
    /// scalar, so every partial has the compact form and its value is the gradient.
    @Test(arguments: expressions)
    func symbolicPartialsEvaluateToTheGradient(_ text: String) throws {
        let inner = try parse(text)
        let r = Self.weights(inner.shape!)
        var variables = Self.variables
        variables["r"] = r
        let known = variables
        let checker = ShapeChecker { known[$0]?.shape }
        let loss = try checker.annotate(Expr.call(.sum, [Expr(.variable("r")) * inner]))
        let program = Program(loss)
        let locals = try program.evaluate { kind in
            guard case .variable(let name) = kind else { fatalError() }
            return variables[name]!
        }
        let contributions = program.contributions(values: locals, seed: Tensor(1))
        for name in Set(program.occurrenceNames).sorted() where name != "r" {
            let occurrences = Set(program.occurrenceNames.enumerated().filter { $0.element == name }.map { $0.offset })
            let partial = Differentiator.partial(of: loss, consumer: "s", occurrences: occurrences, checker: checker)
            guard case .partial(let p) = partial else {
                Issue.record("\(text): a scalar consumer must give a compact partial")
                continue
            }
            let value = try Program(checker.annotate(p)).value { kind in
                guard case .variable(let n) = kind else { fatalError() }
                return variables[n]!
            }
            var numeric = Tensor.zeros(variables[name]!.shape)
            for k in occurrences { numeric += contributions[k] }
            #expect(value.shape == numeric.shape || value.isScalar, "\(text): shape of ∂s/∂\(name)")
            let broadcast = value.isScalar ? Tensor.filled(value.scalar, shape: numeric.shape) : value
            #expect(close(broadcast, numeric.scalars, 1e-12), "\(text): symbolic ∂s/∂\(name) = \(broadcast.scalars), numeric \(numeric.scalars)")
        }
    }
}
