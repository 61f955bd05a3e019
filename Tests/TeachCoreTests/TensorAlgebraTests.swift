import Testing
import TeachTestSupport
@testable import TeachCore

@Suite struct TensorAlgebraTests {
    let W = Tensor(rows: [[0.2, -0.1], [0.05, 0.3], [-0.4, 0.25]])

    @Test func matrixVectorProduct() {
        // Computed by hand: [0.2 − 0.2, 0.05 + 0.6, −0.4 + 0.5].
        let z = Tensor.matmul(W, Tensor(vector: [1, 2]))
        #expect(z.shape == .vector(3))
        for (a, b) in zip(z.scalars, [0.0, 0.65, 0.1]) { #expect(abs(a - b) < 1e-15) }
    }

    @Test func productsOfEveryRankPair() {
        let v = Tensor(vector: [1, 2, 3])
        #expect(Tensor.matmul(v, v) == Tensor(14))
        #expect(Tensor.matmul(v, W).scalars.count == 2)
        #expect(Tensor.matmul(W.transposed, W).shape == .matrix(2, 2))
        #expect(W.transposed.transposed == W)
        #expect(Tensor.outer(Tensor(vector: [1, 2]), Tensor(vector: [3, 4, 5])) == Tensor(rows: [[3, 4, 5], [6, 8, 10]]))
    }

    @Test func softmaxIsStableAndSumsToOne() {
        let s = Tensor(vector: [1000, 1001, 1002]).softmax
        #expect(s.isFinite)
        #expect(abs(s.scalars.reduce(0, +) - 1) < 1e-15)
    }

    @Test func broadcastingOnlyWithScalars() {
        #expect(Tensor.zip(Tensor(2), Tensor(vector: [1, 2]), *) == Tensor(vector: [2, 4]))
        #expect(Tensor.zip(Tensor(vector: [1, 2]), Tensor(vector: [1, 2, 3]), *) == nil)
        #expect(Tensor(vector: [1, 2, 3]).unbroadcast(to: .scalar) == Tensor(6))
    }

    @Test func suggestionsAreTypoSized() {
        #expect(Suggestion.closest(to: "sigmod", in: ["sigmoid", "softmax"]) == "sigmoid")
        #expect(Suggestion.closest(to: "qqqq", in: ["sigmoid"]) == nil)
        #expect(Suggestion.closest(to: "tnah", in: ["tanh"]) == "tanh")
    }
}
