extension Tracer {
    /// The loss at the given values with some inputs or parameters replaced.
    func lossValue(_ given: [Int: Tensor]) throws(TraceError) -> Double {
        try forward(given)[graph.loss].scalar
    }

    /// Central finite differences for every element of every parameter, in full precision:
    ///
    ///     ∂ℒ/∂θᵢ ≈ (ℒ(θ + hEᵢ) − ℒ(θ − hEᵢ)) / 2h,   h = 10⁻⁶ · max(1, |θᵢ|)
    ///
    /// An element passes when `|fd − ad| ≤ 10⁻⁶ + 10⁻⁵ |ad|` (truncation error ~h², rounding ~ε/h).
    func gradientChecks() throws(TraceError) -> [Trace.GradientCheck] {
        let values = try forward()
        let adjoints = backward(values).adjoints
        var checks: [Trace.GradientCheck] = []
        for parameter in graph.parameters {
            let adjoint = adjoints[parameter.id] ?? .zeros(parameter.shape)
            var estimate = Tensor.zeros(parameter.shape)
            var worst = 0.0
            var passed = true
            for i in 0..<parameter.shape.count {
                let theta = values[parameter.id]
                let h = 1e-6 * max(1, abs(theta.scalars[i]))
                var up = theta, down = theta
                up.scalars[i] += h
                down.scalars[i] -= h
                let derivative = (try lossValue([parameter.id: up]) - lossValue([parameter.id: down])) / (2 * h)
                estimate.scalars[i] = derivative
                let error = abs(derivative - adjoint.scalars[i])
                worst = max(worst, error)
                if !(error <= 1e-6 + 1e-5 * abs(adjoint.scalars[i])) { passed = false }
            }
            checks.append(Trace.GradientCheck(parameter: parameter.id, adjoint: adjoint, finiteDifference: estimate,
                                              maximumError: worst, passed: passed))
        }
        return checks
    }

    /// Gradient descent: each iteration computes all gradients first, then updates every
    /// parameter, `θ ← θ − η ∂ℒ/∂θ`, so no gradient is taken at half-updated weights.
    func descend(rate: Double, record: (Int, Tensor, Trace.Update) -> Void) throws(TraceError) -> [Trace.DescentRow] {
        var given: [Int: Tensor] = [:]
        for parameter in graph.parameters { given[parameter.id] = parameter.given! }
        var values = try forward(given)
        var rows = [Trace.DescentRow(iteration: 0, loss: values[graph.loss].scalar,
                                     parameters: graph.parameters.map { values[$0.id] })]
        for iteration in 1...options.descentSteps {
            let adjoints = backward(values).adjoints
            for parameter in graph.parameters {
                let gradient = adjoints[parameter.id] ?? .zeros(parameter.shape)
                let old = values[parameter.id]
                let new = Tensor.zip(old, gradient) { $0 - rate * $1 }!
                given[parameter.id] = new
                record(parameter.id, new, Trace.Update(iteration: iteration, old: old, gradient: gradient, learningRate: rate))
            }
            values = try forward(given)
            rows.append(Trace.DescentRow(iteration: iteration, loss: values[graph.loss].scalar,
                                         parameters: graph.parameters.map { values[$0.id] }))
        }
        return rows
    }
}
