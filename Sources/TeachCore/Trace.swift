/// The tape: every computed number of a lesson, in the order it was computed. Renderers and
/// the grader read it; none of them recomputes math.
public struct Trace: Sendable {
    public enum Phase: String, Sendable { case forward, backward, tangent, update }

    /// One chain-rule term at a node `v` for one consumer `c`:
    ///
    ///     contribution = ∂ℒ/∂c · ∂c/∂v      (a vector–Jacobian product for tensors)
    ///
    /// `edges` are the references of `v` in `c`'s definition (two for `x * x`).
    public struct Term: Sendable {
        public let consumer: Int
        public let edges: [Int]
        public let partial: SymbolicPartial
        /// The value of the partial, when it has the compact form.
        public let partialValue: Tensor?
        public let contribution: Tensor
    }

    /// One forward-mode term at a node `c` for one operand `v`: `∂c/∂v · v̇`.
    public struct TangentTerm: Sendable {
        public let operand: Int
        public let edges: [Int]
        public let partial: SymbolicPartial
        public let partialValue: Tensor?
        public let operandTangent: Tensor
        public let contribution: Tensor
    }

    /// `θ ← θ − η ∂ℒ/∂θ`.
    public struct Update: Sendable {
        public let iteration: Int
        public let old: Tensor
        public let gradient: Tensor
        public let learningRate: Double
    }

    public struct Step: Sendable {
        public let index: Int
        public let phase: Phase
        public let node: Int
        /// The value computed: a forward value, an adjoint, a tangent or an updated parameter.
        public let result: Tensor
        /// Backward: the per-consumer terms whose sum is the adjoint (empty for the seed).
        public let terms: [Term]
        public let tangentTerms: [TangentTerm]
        /// Forward mode: the variable `u` of the tangent `dv/du` (nil in the other phases).
        public let variable: Int?
        public let update: Update?
    }

    /// Forward mode with respect to one variable `u`: each node's tangent `dv/du` (nil where
    /// the node does not depend on `u`).
    public struct ForwardMode: Sendable {
        public let variable: Int
        public let tangents: [Tensor?]
    }

    /// Central finite differences beside reverse mode for one parameter:
    /// `(ℒ(θ + hEᵢ) − ℒ(θ − hEᵢ)) / 2h` for each element `i`.
    public struct GradientCheck: Sendable {
        public let parameter: Int
        /// The flat (row-major, 0-based) indices of the elements checked, or nil when all were;
        /// then `adjoint` and `finiteDifference` are vectors of those elements only.
        public let elements: [Int]?
        public let adjoint: Tensor
        public let finiteDifference: Tensor
        public let maximumError: Double
        public let passed: Bool
        /// Why the check could not compare the two (reverse mode is not finite, or the loss
        /// cannot be evaluated a step `h` away), or nil.
        public let problem: String?
    }

    /// Reverse mode against central differences along one random direction `d` through every
    /// parameter element at once (`Tracer.directionalChecks`).
    public struct DirectionalCheck: Sendable {
        /// The seed of the direction's SplitMix64 (1, 2, …): the same direction every run.
        public let seed: UInt64
        /// `∇ℒ · d`, from the adjoints.
        public let reverse: Double
        /// `(ℒ(θ + h d) − ℒ(θ − h d)) / 2h`.
        public let finiteDifference: Double
        public let passed: Bool
        /// Why the loss could not be evaluated a step `h` away, or nil.
        public let problem: String?
        public var error: Double { abs(finiteDifference - reverse) }
    }

    /// The loss and parameters after `iteration` gradient-descent updates (0: as given).
    public struct DescentRow: Sendable {
        public let iteration: Int
        public let loss: Double
        public let parameters: [Tensor]
    }

    /// The numbers of one forward and backward pass at one set of parameters: what a frame
    /// shows in its boxes and on its edges. By hand, rounded as the first pass is.
    public struct Pass: Sendable {
        public let values: [Tensor]
        /// `∂ℒ/∂v` for every node the loss depends on.
        public let adjoints: [Tensor?]
        /// Per edge: the value of its local partial (nil for a vector–Jacobian product) and
        /// the contribution `∂ℒ/∂c · ∂c/∂v` it sends back.
        public let edgePartialValues: [Tensor?]
        public let edgeContributions: [Tensor?]
        /// The lesson's `show:` quantities at this pass, in its order (nil where one cannot be
        /// evaluated at these parameters).
        public let derived: [Tensor?]

        public init(values: [Tensor], adjoints: [Tensor?], edgePartialValues: [Tensor?], edgeContributions: [Tensor?], derived: [Tensor?]) {
            self.values = values
            self.adjoints = adjoints
            self.edgePartialValues = edgePartialValues
            self.edgeContributions = edgeContributions
            self.derived = derived
        }
    }

    /// A lesson's named quantity (`show:`) and its value.
    public struct Derived: Sendable {
        public let quantity: DerivedQuantity
        public let value: Tensor
    }

    public let graph: Graph
    public let format: NumberFormat
    /// Kinds of number shown at another precision than `format`'s.
    public let precisions: [Shown: NumberFormat]
    /// Intermediates rounded to the shown digits, as a calculation by hand would carry them.
    public let byHand: Bool
    /// The forward pass: every node's value and every instruction's value inside each
    /// equation, which replays of the reverse pass start from.
    public let forward: Tracer.ForwardPass
    public var values: [Tensor] { forward.values }
    /// `∂ℒ/∂v` for every node the loss depends on.
    public let adjoints: [Tensor?]
    /// Per edge: the local partial for that one reference, its value, and the contribution sent.
    public let edgePartials: [SymbolicPartial]
    public let edgePartialValues: [Tensor?]
    public let edgeContributions: [Tensor?]
    /// Forward mode, one pass per variable in the lesson's order.
    public let forwardModes: [ForwardMode]
    public let steps: [Step]
    public let gradientChecks: [GradientCheck]
    /// Empty where `gradientChecks` perturbs every parameter element.
    public let directionalChecks: [DirectionalCheck]
    public let learningRate: Double?
    /// The parameters descending at another learning rate, in lecture order.
    public let learningRates: [(parameter: Int, rate: Double)]
    public let descent: [DescentRow]
    /// With `descent: {compare_stale: true}`, the same descent done with the update-order
    /// erratum (`Tracer.erratumStep`); else empty.
    public let staleDescent: [DescentRow]
    /// The lesson's named quantities (`show: {Err6: -adjoint(I6)}`), in its order.
    public let derived: [Derived]
    /// The passes whose numbers the frames show: the first is the trace's own (`values`,
    /// `adjoints`, the edges' partials and contributions, `derived`); with gradient descent,
    /// pass `i` (from 1) is the one at the parameters after `i` iterations, from which
    /// iteration `i + 1` takes its gradients. The last iteration's result is in `descent` only.
    public let passes: [Pass]

    /// The index in `passes` of the numbers step `step` works with: an update's iteration's
    /// (iteration `i` reads pass `i − 1`), every other step the first pass's.
    public func pass(of step: Step) -> Int { (step.update?.iteration ?? 1) - 1 }

    /// With `compare_stale`: the first parameter (from the output back) whose erratum gradient
    /// passes through a weight updated before it, and that weight: where the update-order
    /// erratum first goes wrong. Nil without the comparison, or where no gradient passes so.
    public var usedTooEarly: (parameter: Int, weight: Int)? {
        guard !staleDescent.isEmpty else { return nil }
        let updated = steps(.update).map(\.node)
        let order = graph.parametersFromOutput.filter { updated.contains($0.id) }
        for (index, parameter) in order.enumerated() {
            let downstream = graph.computed(from: [parameter.id])
            for weight in order[..<index] where graph.outgoing[weight.id].contains(where: { downstream[graph.edges[$0].to] }) {
                return (parameter.id, weight.id)
            }
        }
        return nil
    }

    public var loss: Graph.Node { graph.nodes[graph.loss] }

    /// The format of one kind of number shown.
    public func format(_ shown: Shown) -> NumberFormat { precisions[shown] ?? format }

    /// What the shown numbers keep, in words: `3 decimal places (local partials ∂c/∂v: 4
    /// decimal places)`.
    public var precision: String {
        let overrides = Shown.allCases.compactMap { shown in precisions[shown].map { "\(shown.summary): \($0.precision)" } }
        return format.precision + (overrides.isEmpty ? "" : " (" + overrides.joined(separator: "; ") + ")")
    }

    /// The operations that sit exactly where they are not differentiable (relu at 0, a tie of
    /// max), by node in lecture order: there reverse mode takes its one-sided rule and central
    /// differences disagree with it.
    public var kinks: [(node: Int, operation: Expr.Kind)] {
        graph.equations.flatMap { node in
            node.program!.kinks(values: forward.locals[node.id]).map { (node.id, $0) }
        }
    }

    /// The forward mode with respect to `variable`.
    public func forwardMode(_ variable: Int) -> ForwardMode? { forwardModes.first { $0.variable == variable } }

    /// The steps of one phase, in order.
    public func steps(_ phase: Phase) -> [Step] { steps.filter { $0.phase == phase } }
}
