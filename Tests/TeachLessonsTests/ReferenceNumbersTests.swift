import Foundation
import Testing
import TeachTestSupport
import TeachCore
@testable import TeachLessons

/// The shipped lessons against `shared/reference-numbers.md` and the lectures' closed forms.
@Suite struct ReferenceNumbersTests {
    @Test func logisticLeastSquares() throws {
        let (_, trace) = try shippedLesson("logistic")
        let expected: [(String, Double)] = [("z", 0.9), ("y", 0.710950), ("L", 0.0417751)]
        for (name, value) in expected { #expect(agrees(trace.value(name).scalar, value), "\(name)") }
        let adjoints: [(String, Double)] = [("y", -0.289050), ("z", -0.0594000), ("w", -0.0890999), ("b", -0.0594000)]
        for (name, value) in adjoints { #expect(agrees(trace.adjoint(name).scalar, value), "∂L/∂\(name)") }
        // Closed form (lecture 000): ∂L/∂w = (y − t) σ′(z) x.
        let y = 1 / (1 + exp(-0.9))
        #expect(abs(trace.adjoint("w").scalar - (y - 1) * y * (1 - y) * 1.5) < 1e-15)
    }

    @Test func l2Regularised() throws {
        let (_, trace) = try shippedLesson("l2reg")
        #expect(agrees(trace.value("R").scalar, 0.32))
        #expect(agrees(trace.value("Lreg").scalar, 0.0737751))
        #expect(agrees(trace.adjoint("R").scalar, 0.1))
        #expect(agrees(trace.adjoint("w").scalar, -0.00909995))
        #expect(agrees(trace.adjoint("b").scalar, -0.0594000))
        // One descent step: w ← w − η ∂L_reg/∂w, computed here.
        let update = try #require(trace.steps(.update).first)
        #expect(abs(update.result.scalar - (0.8 - 0.5 * trace.adjoint("w").scalar)) < 1e-15)
    }

    @Test func softmaxNetwork() throws {
        let (_, trace) = try shippedLesson("softmax")
        #expect(close(trace.value("z"), [0.1, 0.45, 0.15]))
        for (a, b) in zip(trace.value("y").scalars, [0.288156, 0.408913, 0.302930]) { #expect(agrees(a, b)) }
        #expect(agrees(trace.value("L").scalar, 0.894252))
        // ∂L/∂z = y − t, the closed form.
        let y = trace.value("y").scalars
        #expect(close(trace.adjoint("z"), [y[0], y[1] - 1, y[2]], 1e-15))
        #expect(close(trace.adjoint("b"), [y[0], y[1] - 1, y[2]], 1e-15))
        let w: [Double] = [0.288156, 0.576313, -0.591087, -1.182173, 0.302930, 0.605861]
        for (a, b) in zip(trace.adjoint("W").scalars, w) { #expect(agrees(a, b)) }
        for (a, b) in zip(trace.adjoint("x").scalars, [-0.0930952, -0.130409]) { #expect(agrees(a, b)) }
    }

    /// CS231n's circuit f = 2(xy + max(z, w)) at x = 3, y = −4, z = 2, w = −1: the max gate
    /// routes the whole gradient to its larger input.
    @Test func maxGateRoutesTheGradient() throws {
        let (lesson, trace) = try shippedLesson("max-gate")
        let (x, y, z, w) = (3.0, -4.0, 2.0, -1.0)
        #expect(trace.value("f").scalar == 2 * (x * y + max(z, w)))
        #expect(trace.adjoint("x").scalar == 2 * y && trace.adjoint("y").scalar == 2 * x)
        #expect(trace.adjoint("z").scalar == 2 && trace.adjoint("w").scalar == 0)
        #expect(trace.gradientChecks.allSatisfy { $0.passed })
        // The partials as a lecture writes them: ∂m/∂z = 𝟙(z > w), ∂m/∂w = 𝟙(w ≥ z).
        let m = trace.graph.node(named: "m")!
        let partials = m.incoming.map { lesson.typesetter(.text).render(trace.edgePartials[$0].expression) }
        #expect(partials == ["𝟙(z > w)", "𝟙(w ≥ z)"])
        #expect(m.incoming.map { lesson.typesetter(.latex).render(trace.edgePartials[$0].expression) }
                == ["\\mathbf{1}\\left(z > w\\right)", "\\mathbf{1}\\left(w \\geq z\\right)"])
    }

    @Test func scalarSoftmaxMatchesVectorForm() throws {
        let (_, vector) = try shippedLesson("softmax")
        let (_, scalar) = try shippedLesson("softmax-scalar")
        #expect(abs(vector.value("L").scalar - scalar.value("L").scalar) < 1e-15)
        for row in 1...3 {
            for column in 1...2 {
                let a = vector.adjoint("W").scalars[(row - 1) * 2 + column - 1]
                #expect(abs(a - scalar.adjoint("w\(row)\(column)").scalar) < 1e-14, "w\(row)\(column)")
            }
        }
        // ∂L/∂z₂ sums three paths: through y₁, y₂ and y₃.
        let z2 = try #require(scalar.steps(.backward).first { scalar.graph.nodes[$0.node].name == "z2" })
        #expect(z2.terms.map { scalar.graph.nodes[$0.consumer].name } == ["y1", "y2", "y3"])
        #expect(abs(z2.terms.map(\.contribution.scalar).reduce(0, +) - (vector.value("y").scalars[1] - 1)) < 1e-14)
    }

    @Test func xiChainKeepsTheSign() throws {
        let (_, trace) = try shippedLesson("xi-chain")
        #expect(trace.value("xi1").scalar == -9)
        #expect(agrees(trace.value("xi2").scalar, 1.23410e-4))
        #expect(agrees(trace.value("xi4").scalar, 0.999877))
        #expect(agrees(trace.value("L").scalar, 1.23402e-4))
        #expect(agrees(trace.adjoint("W").scalar, -3.70183728e-4, digits: 9))
        // Closed form: ∂L/∂W = −X e^{−WX} / (1 + e^{−WX}); forward mode agrees with reverse mode.
        #expect(abs(trace.adjoint("W").scalar - (-3 * exp(-9) / (1 + exp(-9)))) < 1e-18)
        #expect(abs(trace.tangent("L").scalar - trace.adjoint("W").scalar) < 1e-18)
        #expect(abs(trace.tangent("xi1").scalar - -3) < 1e-15)
    }

    @Test func multivariateChainRule() throws {
        let (_, trace) = try shippedLesson("chain-rule")
        let t = 1.0, x = cos(t), y = t * t
        let closedForm = y * exp(x * y) * -sin(t) + (1 + x * exp(x * y)) * 2 * t
        #expect(agrees(trace.value("f").scalar, 2.71653))
        #expect(agrees(closedForm, 2.41048))
        #expect(abs(trace.adjoint("t").scalar - closedForm) < 1e-14)
        #expect(abs(trace.tangent("f").scalar - closedForm) < 1e-14)
    }

    @Test func tanhNetworkLocalErrors() throws {
        let (_, trace) = try shippedLesson("tanh-network")
        // Lecture 001: δ = 2(ŷ − y), δⱼ = δ w⁽²⁾ⱼ (1 − tanh²(aⱼ)), ∂L/∂w⁽¹⁾ᵢⱼ = δⱼ xᵢ, ∂L/∂w⁽²⁾ⱼ = δ zⱼ.
        let x = [1.0, 0.5, -1], v = [0.6, -0.3]
        let w = [[0.1, -0.2, 0.3], [0.4, 0.1, -0.5]]
        let a = w.map { zip($0, x).map(*).reduce(0, +) }
        let z = a.map(tanh)
        let delta = 2 * (zip(v, z).map(*).reduce(0, +) - 0.25)
        for j in 0..<2 {
            #expect(abs(trace.adjoint("v\(j + 1)").scalar - delta * z[j]) < 1e-15)
            let local = delta * v[j] * (1 - z[j] * z[j])
            for i in 0..<3 { #expect(abs(trace.adjoint("w\(i + 1)\(j + 1)").scalar - local * x[i]) < 1e-15) }
        }
    }

    @Test func reluNetworks() throws {
        let (_, neuron) = try shippedLesson("relu-neuron")
        // ∂J/∂wᵢ = (ŷ − y) 𝟙(z > 0) xᵢ.
        let x = [1.0, -2, 0.5], w = [0.5, -0.25, 1]
        let z = zip(w, x).map(*).reduce(0, +) + 0.1
        let residual = max(z, 0) - 2
        #expect(close(neuron.adjoint("w"), x.map { residual * (z > 0 ? 1 : 0) * $0 }, 1e-15))

        let (_, two) = try shippedLesson("relu-two-layer")
        // δ² = o − y, δ¹ = w² δ² ⊙ relu′(z), ∂J/∂W¹ = δ¹ xᵀ; the third unit is dead, its row is 0.
        let zs = two.value("z").scalars
        let delta2 = two.value("o").scalar - 1
        let delta1 = zip([0.7, -0.5, 0.3], zs).map { $0 * delta2 * ($1 > 0 ? 1 : 0) }
        #expect(close(two.adjoint("W1"), delta1.flatMap { d in [1.0, 2].map { d * $0 } }, 1e-15))
        #expect(two.adjoint("W1").scalars[4] == 0 && two.adjoint("W1").scalars[5] == 0)
    }

    @Test func weightDecayAddsLambdaW() throws {
        let (_, trace) = try shippedLesson("mlp-weight-decay")
        // Algorithm 6.4: ∇W⁽²⁾J = g h⁽¹⁾ᵀ + λW⁽²⁾ with g = ŷ − y.
        let g = zip(trace.value("yhat").scalars, [1.0, 0]).map(-)
        let h1 = trace.value("h1").scalars
        let w2 = trace.value("W2").scalars
        let expected = (0..<2).flatMap { i in (0..<3).map { j in g[i] * h1[j] + 0.01 * w2[i * 3 + j] } }
        #expect(close(trace.adjoint("W2"), expected, 1e-15))
        let w2Step = try #require(trace.steps(.backward).first { trace.graph.nodes[$0.node].name == "W2" })
        #expect(w2Step.terms.map { trace.graph.nodes[$0.consumer].name } == ["a2", "Omega"])
    }
}
