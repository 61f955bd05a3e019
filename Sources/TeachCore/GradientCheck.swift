extension Tracer {
    public static let checkedParameterLimit = 64

    /// `limit` elements of `all`, evenly spaced and in order (all of them if there are no more).
    public static func sample<T>(_ all: [T], limit: Int) -> [T] {
        guard all.count > limit else { return all }
        return (0..<limit).map { all[$0 * all.count / limit] }
    }

    /// The loss at the given values with some inputs or parameters replaced.
    func lossValue(_ given: [Int: Tensor]) throws(TraceError) -> Double {
        try forward(given)[graph.loss].scalar
    }

    /// Central finite differences for every element of every parameter, in full precision:
    ///
    ///     ∂ℒ/∂θᵢ ≈ (ℒ(θ + hEᵢ) − ℒ(θ − hEᵢ)) / 2h,   h = 10⁻⁶ · max(1, |θᵢ|)
    ///
    /// An element passes when `|fd − ad| ≤ 10⁻⁶ + 10⁻⁵ |ad|` (truncation error ~h², rounding ~ε/h).
    /// Each element costs two forward passes, so a lesson with more than
    /// `checkedParameterLimit` parameters checks that many of them, evenly spaced in lecture order.
    func gradientChecks() throws(TraceError) -> [Trace.GradientCheck] {
        let pass = try forwardPass()
        let values = pass.values
        let adjoints = backward(pass).adjoints
        var checks: [Trace.GradientCheck] = []
        for parameter in Self.sample(graph.parameters, limit: Self.checkedParameterLimit) {
            let adjoint = adjoints[parameter.id] ?? .zeros(parameter.shape)
            var estimate = Tensor.zeros(parameter.shape)
            var worst = 0.0
            var passed = true
            var problem: String?
            if !adjoint.isFinite {
                passed = false
                problem = "reverse mode is not a finite number: a derivative is undefined at these values (sqrt at 0, log near 0?)"
            }
            for i in 0..<parameter.shape.count where problem == nil {
                let theta = values[parameter.id]
                let h = 1e-6 * max(1, abs(theta.scalars[i]))
                var up = theta, down = theta
                up.scalars[i] += h
                down.scalars[i] -= h
                let derivative: Double
                do {
                    derivative = (try lossValue([parameter.id: up]) - lossValue([parameter.id: down])) / (2 * h)
                } catch {
                    // A step h away leaves the domain of a function: the value sits at its edge.
                    passed = false
                    problem = "the loss cannot be evaluated a step h = \(options.format.format(h)) away (\(error.message) in '\(error.node)'): "
                        + "the value sits at the edge of a function's domain"
                    break
                }
                estimate.scalars[i] = derivative
                let error = abs(derivative - adjoint.scalars[i])
                worst = max(worst, error)
                if !(error <= 1e-6 + 1e-5 * abs(adjoint.scalars[i])) { passed = false }
            }
            checks.append(Trace.GradientCheck(parameter: parameter.id, adjoint: adjoint, finiteDifference: estimate,
                                              maximumError: worst, passed: passed, problem: problem))
        }
        return checks
    }

    /// Gradient descent: each iteration computes all gradients first, then updates every
    /// parameter, `θ ← θ − η ∂ℒ/∂θ`, so no gradient is taken at half-updated weights.
    func descend(rate: Double, record: (Int, Tensor, Trace.Update) -> Void) throws(TraceError) -> [Trace.DescentRow] {
        var given: [Int: Tensor] = [:]
        for parameter in graph.parameters { given[parameter.id] = parameter.given! }
        var pass = try forwardPass(given)
        var values = pass.values
        var rows = [Trace.DescentRow(iteration: 0, loss: values[graph.loss].scalar,
                                     parameters: graph.parameters.map { values[$0.id] })]
        for iteration in 1...options.descentSteps {
            let adjoints = backward(pass).adjoints
            for parameter in graph.parameters {
                let gradient = adjoints[parameter.id] ?? .zeros(parameter.shape)
                let old = values[parameter.id]
                let new = Tensor.zip(old, gradient) { $0 - rate * $1 }!
                given[parameter.id] = new
                record(parameter.id, new, Trace.Update(iteration: iteration, old: old, gradient: gradient, learningRate: rate))
            }
            do { pass = try forwardPass(given) } catch {
                throw TraceError(message: "\(error.message) after \(iteration) step\(iteration == 1 ? "" : "s") of gradient descent with the "
                                    + "learning rate \(options.format.format(rate)), which diverges; try a smaller one",
                                 node: error.node, location: error.location)
            }
            values = pass.values
            rows.append(Trace.DescentRow(iteration: iteration, loss: values[graph.loss].scalar,
                                         parameters: graph.parameters.map { values[$0.id] }))
        }
        return rows
    }
}
