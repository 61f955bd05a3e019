extension Tracer {
    /// The most parameter elements, over all parameters together, that the gradient check
    /// perturbs one by one: all of them up to this many (every shipped lesson).
    public static let checkedElementLimit = 64
    /// Beyond `checkedElementLimit` elements: how many are still perturbed one by one (naming
    /// the parameter a wrong derivative is in), and how many random directions through all of
    /// them are checked besides (which a wrong derivative of any element fails).
    public static let sampledElementLimit = 16
    public static let directionCount = 4

    /// The elements the gradient check perturbs one by one, by parameter in lecture order: every
    /// element when there are no more than `checkedElementLimit`; else about
    /// `sampledElementLimit` of them, each parameter's share, at least one and evenly spaced
    /// along its elements; and beyond that many parameters, that many parameters, evenly
    /// spaced, at their first element.
    public static func checkedElements(_ parameters: [Graph.Node]) -> [(parameter: Graph.Node, elements: [Int])] {
        let total = parameters.map(\.shape.count).reduce(0, +)
        if total <= checkedElementLimit { return parameters.map { ($0, Array(0..<$0.shape.count)) } }
        let limit = sampledElementLimit
        if parameters.count >= limit { return (0..<limit).map { (parameters[$0 * parameters.count / limit], [0]) } }
        return parameters.map { parameter in
            let count = parameter.shape.count
            let share = min(count, max(1, count * limit / total))
            return (parameter, (0..<share).map { $0 * count / share })
        }
    }

    /// The random directions checked: none where every element is perturbed one by one.
    public static func directionCount(_ parameters: [Graph.Node]) -> Int {
        parameters.map(\.shape.count).reduce(0, +) <= checkedElementLimit ? 0 : directionCount
    }

    static let notFinite = "reverse mode is not a finite number: a derivative is undefined at these values (sqrt at 0, log near 0?)"

    /// A step h away leaves the domain of a function: the value sits at its edge.
    func outsideDomain(_ h: Double, _ error: TraceError) -> String {
        "the loss cannot be evaluated a step h = \(options.format.format(h)) away (\(error.message) in '\(error.node)'): "
            + "the value sits at the edge of a function's domain"
    }

    /// The loss at the given values with some inputs or parameters replaced. On the scalar
    /// tape, where `base` holds every node's value at the given values, the pass starts at the
    /// first consumer of a replaced node: no node before it can change.
    func lossValue(_ given: [Int: Tensor], base: [Double]? = nil) throws(TraceError) -> Double {
        guard let tape = graph.scalarTape else { return try forward(given)[graph.loss].scalar }
        guard var nodes = base else { return try tapePass(tape, given, rounding: false).nodes[graph.loss] }
        for (id, value) in given { nodes[id] = value.scalar }
        let start = given.keys.flatMap { graph.outgoing[$0] }.map { graph.edges[$0].to }.min() ?? graph.nodes.count
        return try tapePass(tape, from: start, nodes: nodes, overrides: [], rounding: false).nodes[graph.loss]
    }

    /// The loss with every parameter at new values, `elements` holding all their elements one
    /// after another in lecture order (a moved θ of the directional check): on the scalar tape
    /// without making a tensor for each parameter, where every parameter is one element.
    func lossValue(parameterElements elements: [Double]) throws(TraceError) -> Double {
        let parameters = graph.parameters
        if let tape = graph.scalarTape {
            var overrides = [Double?](repeating: nil, count: graph.nodes.count)
            for (parameter, value) in zip(parameters, elements) { overrides[parameter.id] = value }
            return try tapePass(tape, overrides: overrides, rounding: false).nodes[graph.loss]
        }
        var given: [Int: Tensor] = [:], start = 0
        for parameter in parameters {
            let count = parameter.shape.count
            given[parameter.id] = Tensor(shape: parameter.shape, scalars: Array(elements[start..<start + count]))
            start += count
        }
        return try forward(given)[graph.loss].scalar
    }

    /// Central finite differences for the elements `checkedElements` chooses, in full precision:
    ///
    ///     ∂ℒ/∂θᵢ ≈ (ℒ(θ + hEᵢ) − ℒ(θ − hEᵢ)) / 2h,   h = 10⁻⁶ · max(1, |θᵢ|)
    ///
    /// An element passes when `|fd − ad| ≤ 10⁻⁶ + 10⁻⁵ |ad| + r (|ℒ₊| + |ℒ₋|) / 2h` (`passes`):
    /// truncation error ~h², and the rounding of the two losses subtracted, which grows with
    /// the loss and no longer hides under the fixed floor when the loss is large (a sum over
    /// thousands of elements).
    /// Each element costs two forward passes. `unrounded` is the forward pass and its adjoints
    /// in full precision, where the caller has them (else they are computed here).
    func gradientChecks(unrounded: (pass: ForwardPass, adjoints: [Tensor?])? = nil) throws(TraceError)
        -> (elements: [Trace.GradientCheck], directions: [Trace.DirectionalCheck]) {
        let pass: ForwardPass
        if let unrounded { pass = unrounded.pass } else { pass = try forwardPass() }
        let values = pass.values
        let adjoints = unrounded?.adjoints ?? backward(pass).adjoints
        let base = graph.scalarTape == nil ? nil : values.map(\.scalar)
        var checks: [Trace.GradientCheck] = []
        for (parameter, elements) in Self.checkedElements(graph.parameters) {
            let full = adjoints[parameter.id] ?? .zeros(parameter.shape)
            let everything = elements.count == parameter.shape.count
            let adjoint = everything ? full : Tensor(vector: elements.map { full.scalars[$0] })
            var estimate = Tensor.zeros(adjoint.shape)
            var worst = 0.0
            var passed = true
            var problem: String?
            if !full.isFinite {
                passed = false
                problem = Self.notFinite
            }
            for (position, i) in elements.enumerated() where problem == nil {
                let theta = values[parameter.id]
                let h = 1e-6 * max(1, abs(theta.scalars[i]))
                var up = theta, down = theta
                up.scalars[i] += h
                down.scalars[i] -= h
                let losses: (up: Double, down: Double)
                do {
                    losses = (try lossValue([parameter.id: up], base: base), try lossValue([parameter.id: down], base: base))
                } catch {
                    passed = false
                    problem = outsideDomain(h, error)
                    break
                }
                let derivative = (losses.up - losses.down) / (2 * h)
                estimate.scalars[position] = derivative
                worst = max(worst, abs(derivative - full.scalars[i]))
                if !passes(derivative, full.scalars[i], losses: losses, h: h) { passed = false }
            }
            checks.append(Trace.GradientCheck(parameter: parameter.id, elements: everything ? nil : elements, adjoint: adjoint,
                                              finiteDifference: estimate, maximumError: worst, passed: passed, problem: problem))
        }
        let directions = try (0..<Self.directionCount(graph.parameters)).map { k throws(TraceError) in
            try directionalCheck(seed: UInt64(k + 1), values: values, adjoints: adjoints)
        }
        return (checks, directions)
    }

    /// Reverse mode along the direction `d` drawn from SplitMix64 with `seed`, every parameter
    /// element `±1/√n` (n elements in all), against central differences:
    ///
    ///     ∇ℒ · d = Σᵢ ∂ℒ/∂θᵢ dᵢ  ≈  (ℒ(θ + h d) − ℒ(θ − h d)) / 2h,   h = 10⁻⁶ · max(1, maxᵢ |θᵢ|)
    ///
    /// Two forward passes however many elements there are. It passes by the per-element rule,
    /// `|fd − ad| ≤ 10⁻⁶ + 10⁻⁵ |ad|`: a wrong derivative δ in any one element moves `ad` by
    /// about `δ/√n`, so one wrong by more than `√n · (10⁻⁶ + 10⁻⁵ |ad|)` fails every direction.
    func directionalCheck(seed: UInt64, values: [Tensor], adjoints: [Tensor?]) throws(TraceError) -> Trace.DirectionalCheck {
        var random = SplitMix64(seed: seed)
        let parameters = graph.parameters
        // θ and d as every parameter's elements one after another, in lecture order.
        let theta = parameters.flatMap { values[$0.id].scalars }
        let scale = 1 / Double(theta.count).squareRoot()
        let direction = theta.map { _ in random.next() >> 63 == 0 ? scale : -scale }
        let h = 1e-6 * max(1, theta.reduce(0) { max($0, abs($1)) })
        var reverse = 0.0, start = 0
        for parameter in parameters {
            let count = parameter.shape.count
            defer { start += count }
            guard let adjoint = adjoints[parameter.id] else { continue }
            for (g, d) in zip(adjoint.scalars, direction[start..<start + count]) { reverse += g * d }
        }
        guard reverse.isFinite else {
            return Trace.DirectionalCheck(seed: seed, reverse: reverse, finiteDifference: .nan, passed: false,
                                          problem: Self.notFinite)
        }
        func moved(_ sign: Double) -> [Double] { zip(theta, direction).map { $0 + sign * h * $1 } }
        let losses: (up: Double, down: Double)
        do {
            losses = (try lossValue(parameterElements: moved(1)), try lossValue(parameterElements: moved(-1)))
        } catch {
            return Trace.DirectionalCheck(seed: seed, reverse: reverse, finiteDifference: .nan, passed: false,
                                          problem: outsideDomain(h, error))
        }
        let estimate = (losses.up - losses.down) / (2 * h)
        return Trace.DirectionalCheck(seed: seed, reverse: reverse, finiteDifference: estimate,
                                      passed: passes(estimate, reverse, losses: losses, h: h), problem: nil)
    }

    /// Whether a central difference `estimate` from `losses` a step `h` either side agrees with
    /// reverse mode's `derivative`:
    ///
    ///     |fd − ad| ≤ 10⁻⁶ + 10⁻⁵ |ad| + r (|ℒ₊| + |ℒ₋|) / 2h,   r = 4ε √n
    ///
    /// where `r` bounds the relative rounding of a loss computed through the n scalar values of
    /// the graph (rounding errors that add up like a random walk), so the criterion holds at
    /// every scale: for a lecture lesson (ℒ ≈ 1, n ≈ 20) the last term is about 10⁻⁸.
    func passes(_ estimate: Double, _ derivative: Double, losses: (up: Double, down: Double), h: Double) -> Bool {
        let rounding = 4 * Double.ulpOfOne * Double(graph.nodes.reduce(0) { $0 + $1.shape.count }).squareRoot()
        return abs(estimate - derivative) <= 1e-6 + 1e-5 * abs(derivative) + rounding * (abs(losses.up) + abs(losses.down)) / (2 * h)
    }

    /// One step of the classic update-order erratum from `pass`: the parameters updated from
    /// the output back (`Graph.parametersFromOutput`), each gradient taken by a reverse pass
    /// through the weights already updated but with the old activations (`substituting`), as
    /// a much-copied walk-through does. The new value of each parameter that descends.
    public func erratumStep(from pass: ForwardPass, partials: [SymbolicPartial]? = nil) -> [Int: Tensor] {
        var pass = pass
        var new: [Int: Tensor] = [:]
        for parameter in graph.parametersFromOutput where options.descends(parameter.name) {
            guard let gradient = backward(pass, rounding: options.byHand, partials: partials).adjoints[parameter.id] else { continue }
            let next = updated(parameter, from: pass.values[parameter.id], gradient: gradient)!
            new[parameter.id] = next
            pass = substituting(next, for: parameter.id, in: pass)
        }
        return new
    }

    /// The descent table of the erratum (`erratumStep` each iteration, from its own parameters),
    /// shown beside the correct one when the lesson asks (`descent: {compare_stale: true}`).
    func erratumDescent(partials: [SymbolicPartial]) throws(TraceError) -> [Trace.DescentRow] {
        try descent { _, pass in erratumStep(from: pass, partials: partials) }
    }

    /// Gradient descent: each iteration computes all gradients first, then updates every
    /// parameter that descends (`Options.descends`), `θ ← θ − η ∂ℒ/∂θ` with its own η where the
    /// lesson gives one, so no gradient is taken at half-updated weights; the others keep their
    /// given values. By hand, every pass rounds as the first one does, and so does each update
    /// (`updated`). Also the numbers of each pass after the first (`Trace.passes`), which the
    /// frames of the later iterations show.
    func descend(partials: [SymbolicPartial], record: (Int, Tensor, Trace.Update) -> Void) throws(TraceError)
        -> (rows: [Trace.DescentRow], passes: [Trace.Pass]) {
        var passes: [Trace.Pass] = []
        let rows = try descent { iteration, pass in
            let (adjoints, contributions) = backward(pass, rounding: options.byHand, partials: partials)
            if iteration > 1 { passes.append(shown(pass, adjoints: adjoints, contributions: contributions, partials: partials)) }
            var new: [Int: Tensor] = [:]
            for parameter in graph.parameters where options.descends(parameter.name) {
                let gradient = adjoints[parameter.id] ?? .zeros(parameter.shape)
                let old = pass.values[parameter.id]
                new[parameter.id] = updated(parameter, from: old, gradient: gradient)!
                record(parameter.id, new[parameter.id]!, Trace.Update(iteration: iteration, old: old, gradient: gradient,
                                                                     learningRate: options.learningRate(of: parameter.name)!))
            }
            return new
        }
        return (rows, passes)
    }

    /// `options.descentSteps` iterations from the given parameters: a forward pass at the
    /// current parameters and its row, then `step(iteration, pass)` gives the new values of the
    /// parameters it moves. A pass that fails after some steps is reported as divergence.
    private func descent(_ step: (_ iteration: Int, _ pass: ForwardPass) -> [Int: Tensor]) throws(TraceError) -> [Trace.DescentRow] {
        var given: [Int: Tensor] = [:]
        for parameter in graph.parameters { given[parameter.id] = parameter.given! }
        var rows: [Trace.DescentRow] = []
        for iteration in 0...options.descentSteps {
            let pass: ForwardPass
            do { pass = try forwardPass(given, rounding: options.byHand) } catch {
                guard iteration > 0 else { throw error }
                throw TraceError(message: "\(error.message) after \(iteration) step\(iteration == 1 ? "" : "s") of gradient descent with the "
                                    + "learning rate \(options.format.format(options.learningRate!)), which diverges; try a smaller one",
                                 node: error.node, location: error.location)
            }
            rows.append(Trace.DescentRow(iteration: iteration, loss: pass.values[graph.loss].scalar,
                                         parameters: graph.parameters.map { pass.values[$0.id] }))
            if iteration < options.descentSteps { given.merge(step(iteration + 1, pass)) { $1 } }
        }
        return rows
    }
}
