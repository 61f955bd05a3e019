import TeachCore

/// Writes a lesson for a fully connected tanh network of any size, to measure how teach scales:
///
///     a⁽ˡ⁾ = W⁽ˡ⁾ h⁽ˡ⁻¹⁾ + b⁽ˡ⁾,  h⁽ˡ⁾ = tanh(a⁽ˡ⁾)  (l = 1…D),  h⁽⁰⁾ = x
///     y = W⁽ᴰ⁺¹⁾ h⁽ᴰ⁾ + b⁽ᴰ⁺¹⁾,  L = ½ Σₖ (yₖ − tₖ)²
///
/// in scalar form (one node per number: `a2_3 = w2_3_1*h1_1 + … + b2_3`) or vector form (one
/// node per layer: `a2 = W2 @ h1 + b2`). Weights and inputs come from SplitMix64 with the given
/// seed, rounded to two decimals, so the same arguments always give the same lesson.
public struct MLPGenerator: Sendable {
    public enum Form: String, Sendable, CaseIterable { case scalar, vector }

    public let inputs: Int
    public let hidden: Int
    public let layers: Int
    public let outputs: Int
    public let form: Form
    public let seed: UInt64

    public init(inputs: Int, hidden: Int, layers: Int, outputs: Int, form: Form = .scalar, seed: UInt64 = 1) {
        self.inputs = max(1, inputs)
        self.hidden = max(1, hidden)
        self.layers = max(1, layers)
        self.outputs = max(1, outputs)
        self.form = form
        self.seed = seed
    }

    /// The number of nodes of the scalar form: inputs and targets, weights and biases,
    /// a pre-activation per unit, an activation per hidden unit, and the loss.
    public var scalarNodeCount: Int {
        let parameters = zip(widths, widths.dropFirst()).map { ($0 + 1) * $1 }.reduce(0, +)
        return inputs + outputs + parameters + hidden * layers * 2 + outputs + 1
    }

    public var id: String { "mlp-\(form.rawValue)-\(inputs)-\(hidden)x\(layers)-\(outputs)" }

    /// Inputs, targets, and per layer the weight rows and biases, drawn in that order, so
    /// both forms of a network have the same numbers.
    private func draw() -> (x: [String], t: [String], weights: [[[String]]], biases: [[String]]) {
        var random = SplitMix64(seed: seed)
        func number(_ scale: Double) -> String {
            let hundredths = (((random.nextUnit() * 2 - 1) * scale) * 100).rounded()
            return hundredths == 0 ? "0" : String(hundredths / 100)
        }
        let x = (0..<inputs).map { _ in number(1) }
        let t = (0..<outputs).map { _ in number(1) }
        var weights: [[[String]]] = [], biases: [[String]] = []
        for l in 1..<widths.count {
            let scale = 1 / Double(widths[l - 1]).squareRoot()
            weights.append((0..<widths[l]).map { _ in (0..<widths[l - 1]).map { _ in number(scale) } })
            biases.append((0..<widths[l]).map { _ in number(0.1) })
        }
        return (x, t, weights, biases)
    }

    private var widths: [Int] { [inputs] + Array(repeating: hidden, count: layers) + [outputs] }

    /// The lesson as YAML.
    public func yaml() -> String {
        let (x, t, weights, biases) = draw()
        let widths = self.widths
        var out = ["title: Generated tanh network (\(inputs) inputs, \(layers) hidden layers of \(hidden), \(outputs) outputs, \(form.rawValue) form)",
                   "description: Made by teach generate mlp for measuring how teach scales (seed \(seed)).",
                   "inputs:"]
        func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }
        switch form {
        case .scalar:
            for i in 1...inputs { out.append("  x\(i): \(x[i - 1])") }
            for k in 1...outputs { out.append("  t\(k): \(t[k - 1])") }
            out.append("parameters:")
            for l in 1..<widths.count {
                for j in 1...widths[l] {
                    for i in 1...widths[l - 1] { out.append("  w\(l)_\(j)_\(i): \(weights[l - 1][j - 1][i - 1])") }
                    out.append("  b\(l)_\(j): \(biases[l - 1][j - 1])")
                }
            }
            out.append("equations:")
            for l in 1..<widths.count {
                let previous = { (i: Int) in l == 1 ? "x\(i)" : "h\(l - 1)_\(i)" }
                for j in 1...widths[l] {
                    let sum = (1...widths[l - 1]).map { "w\(l)_\(j)_\($0)*\(previous($0))" }.joined(separator: " + ")
                    let name = l == widths.count - 1 ? "y\(j)" : "a\(l)_\(j)"
                    out.append("  - \(name) = \(sum) + b\(l)_\(j)")
                    if l < widths.count - 1 { out.append("  - h\(l)_\(j) = tanh(a\(l)_\(j))") }
                }
            }
            out.append("  - L = 1/2*(" + (1...outputs).map { "(y\($0) - t\($0))^2" }.joined(separator: " + ") + ")")
        case .vector:
            out.append("  x: " + list(x))
            out.append("  t: " + list(t))
            out.append("parameters:")
            for l in 1..<widths.count {
                out.append("  W\(l): " + list(weights[l - 1].map(list)))
                out.append("  b\(l): " + list(biases[l - 1]))
            }
            out.append("equations:")
            for l in 1..<widths.count {
                let previous = l == 1 ? "x" : "h\(l - 1)"
                if l == widths.count - 1 {
                    out.append("  - y = W\(l) @ \(previous) + b\(l)")
                } else {
                    out.append("  - a\(l) = W\(l) @ \(previous) + b\(l)")
                    out.append("  - h\(l) = tanh(a\(l))")
                }
            }
            out.append("  - L = 1/2*sum((y - t)^2)")
        }
        out.append("loss: L")
        return out.joined(separator: "\n") + "\n"
    }
}
