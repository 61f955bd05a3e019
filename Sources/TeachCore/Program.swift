/// An expression compiled to a flat list of instructions in evaluation order, so that values,
/// vector–Jacobian products and Jacobian–vector products are computed without recursion.
///
/// Each variable reference is one *occurrence*; occurrences are numbered in reading order and
/// each is one edge of the graph, so `x * x` has two edges from `x`.
public struct Program: Sendable {
    struct Instruction: Sendable {
        let kind: Expr.Kind
        let operands: [Int]
        let location: SourceLocation?
        let shape: Shape

        /// σ or tanh: the activations whose derivative is written with their own value.
        var isActivation: Bool {
            if case .call(let function, _) = kind { return function == .sigmoid || function == .tanh }
            return false
        }
    }

    let instructions: [Instruction]

    /// The instruction of each occurrence, in reading order.
    public let occurrenceInstructions: [Int]
    /// The variable each occurrence reads.
    public let occurrenceNames: [String]

    /// Compiles a shape-annotated expression.
    public init(_ expr: Expr) {
        var instructions: [Instruction] = []
        var occurrences: [Int] = []
        var names: [String] = []
        func emit(_ e: Expr) -> Int {
            let operands = e.children.map(emit)
            instructions.append(Instruction(kind: e.kind, operands: operands, location: e.location, shape: e.shape!))
            if case .variable(let name) = e.kind {
                occurrences.append(instructions.count - 1)
                names.append(name)
            }
            return instructions.count - 1
        }
        _ = emit(expr)
        self.instructions = instructions
        self.occurrenceInstructions = occurrences
        self.occurrenceNames = names
    }

    var root: Int { instructions.count - 1 }

    /// `true` when the program calls `function` somewhere.
    public func calls(_ function: Function) -> Bool {
        instructions.contains { if case .call(function, _) = $0.kind { true } else { false } }
    }

    /// The value of every instruction; the last is the expression's value.
    ///
    /// `lookup` gives the value of a variable or, for `.adjoint(name)`, of that node's adjoint.
    public func evaluate(_ lookup: (Expr.Kind) -> Tensor) throws(EvaluationError) -> [Tensor] {
        var values: [Tensor] = []
        values.reserveCapacity(instructions.count)
        for instruction in instructions {
            let result = try Self.value(of: instruction, operands: instruction.operands.map { values[$0] }, lookup)
            guard result.isFinite else {
                throw EvaluationError(message: "the result is not a finite number (overflow to ±∞ or NaN)",
                                      location: instruction.location)
            }
            values.append(result)
        }
        return values
    }

    /// The value of the whole expression.
    public func value(_ lookup: (Expr.Kind) -> Tensor) throws(EvaluationError) -> Tensor {
        try evaluate(lookup).last!
    }

    private static func value(of instruction: Instruction, operands x: [Tensor],
                              _ lookup: (Expr.Kind) -> Tensor) throws(EvaluationError) -> Tensor {
        func fail(_ message: String) -> EvaluationError { EvaluationError(message: message, location: instruction.location) }
        switch instruction.kind {
        case .number(let v): return Tensor(v)
        case .variable, .adjoint: return lookup(instruction.kind)
        case .ones(let shape): return .filled(1, shape: shape)
        case .basis(let indices, let shape): return .basis(indices, shape: shape)
        case .negate: return x[0].map { -$0 }
        case .index(_, let indices): return Tensor(x[0].scalars[x[0].offset(of: indices)])
        case .binary(let op, _, _):
            switch op {
            case .add: return Tensor.zip(x[0], x[1], +)!
            case .subtract: return Tensor.zip(x[0], x[1], -)!
            case .multiply: return Tensor.zip(x[0], x[1], *)!
            case .divide:
                if x[1].scalars.contains(0) { throw fail("division by zero") }
                return Tensor.zip(x[0], x[1], /)!
            case .power:
                let result = Tensor.zip(x[0], x[1], Foundation_pow)!
                if result.scalars.contains(where: \.isNaN) {
                    throw fail("a negative number raised to a non-integer power")
                }
                return result
            case .matmul: return Tensor.matmul(x[0], x[1])
            }
        case .call(let function, _):
            switch function {
            case .log:
                if let bad = x[0].scalars.first(where: { $0 <= 0 }) {
                    throw fail("log of \(bad == 0 ? "zero" : "a negative number (\(NumberFormat().format(bad)))")")
                }
            case .sqrt:
                if let bad = x[0].scalars.first(where: { $0 < 0 }) { throw fail("square root of a negative number (\(NumberFormat().format(bad)))") }
            default: break
            }
            switch function {
            case .softmax: return x[0].softmax
            case .sum: return x[0].sum
            case .transpose: return x[0].transposed
            case .outer: return Tensor.outer(x[0], x[1])
            default: return x[0].map(function.apply)
            }
        }
    }

    /// Reverse mode through the expression: given the values and the adjoint `seed` of the
    /// result, the contribution that reaches each occurrence,
    ///
    ///     contributionₖ = (∂result/∂occurrenceₖ)ᵀ seed,
    ///
    /// accumulated with `+=` wherever a subexpression feeds more than one place.
    ///
    /// `activationForDerivative` replays a classic slip: `σ(a)` where `σ′(a)` belongs (and
    /// `tanh(a)` for `tanh′(a)`).
    public func contributions(values: [Tensor], seed: Tensor, activationForDerivative: Bool = false) -> [Tensor] {
        var adjoints = [Tensor?](repeating: nil, count: instructions.count)
        adjoints[root] = seed
        for index in instructions.indices.reversed() {
            guard let adjoint = adjoints[index] else { continue }
            let instruction = instructions[index]
            let operands = instruction.operands.map { values[$0] }
            for (slot, operand) in instruction.operands.enumerated() {
                let part = activationForDerivative && instruction.isActivation
                    ? Tensor.zip(adjoint, values[index], *)!
                    : Self.vjp(instruction, slot: slot, operands: operands, result: values[index], adjoint: adjoint)
                adjoints[operand] = adjoints[operand].map { $0 + part } ?? part
            }
        }
        return occurrenceInstructions.map { adjoints[$0] ?? .zeros(instructions[$0].shape) }
    }

    /// The vector–Jacobian product of one operand of one instruction.
    private static func vjp(_ instruction: Instruction, slot: Int, operands x: [Tensor],
                            result: Tensor, adjoint g: Tensor) -> Tensor {
        let target = x[slot].shape
        switch instruction.kind {
        case .number, .variable, .adjoint, .ones, .basis: preconditionFailure("leaves have no operands")
        case .negate: return g.map { -$0 }
        case .index(_, let indices): return Tensor.basis(indices, shape: target).map { $0 * g.scalar }
        case .binary(let op, _, _):
            let partial: Tensor
            switch op {
            case .add: partial = g
            case .subtract: partial = slot == 0 ? g : g.map { -$0 }
            case .multiply: partial = Tensor.zip(g, x[1 - slot], *)!
            case .divide:
                partial = slot == 0 ? Tensor.zip(g, x[1], /)!
                    : Tensor.zip(g, Tensor.zip(result, x[1], /)!, { -$0 * $1 })!
            case .power:
                partial = slot == 0
                    ? Tensor.zip(g, Tensor.zip(x[0], x[1], { $1 * Foundation_pow($0, $1 - 1) })!, *)!
                    : Tensor.zip(g, Tensor.zip(result, x[0], { $1 > 0 ? $0 * Foundation_log($1) : 0 })!, *)!
            case .matmul:
                return matmulVJP(slot: slot, a: x[0], b: x[1], g: g)
            }
            return partial.unbroadcast(to: target)
        case .call(let function, _):
            switch function {
            case .softmax:
                let centred = g.map { $0 - Tensor.dot(g, result) }
                return Tensor.zip(result, centred, *)!
            case .sum: return .filled(g.scalar, shape: target)
            case .transpose: return g.transposed
            case .outer: return slot == 0 ? Tensor.matmul(g, x[1]) : Tensor.matmul(g.transposed, x[0])
            case .exp: return Tensor.zip(g, result, *)!
            case .sqrt: return Tensor.zip(g, result, { $0 / (2 * $1) })!
            case .tanh: return Tensor.zip(g, result, { $0 * (1 - $1 * $1) })!
            case .sigmoid: return Tensor.zip(g, result, { $0 * $1 * (1 - $1) })!
            case .log, .sin, .cos, .relu, .step:
                return Tensor.zip(g, x[0].map { elementwiseDerivative(function, $0) }, *)!
            }
        }
    }

    /// `f′(a)` for the elementwise functions whose derivative needs the operand, not the result.
    private static func elementwiseDerivative(_ function: Function, _ a: Double) -> Double {
        switch function {
        case .log: return 1 / a
        case .sin: return Foundation_cos(a)
        case .cos: return -Foundation_sin(a)
        case .relu: return a > 0 ? 1 : 0
        default: return 0
        }
    }

    /// Adjoints of a matrix product `C = A B` given `Ḡ = ∂ℒ/∂C`: `Ā = Ḡ Bᵀ`, `B̄ = Aᵀ Ḡ`,
    /// with vectors as columns on the right and rows on the left.
    private static func matmulVJP(slot: Int, a: Tensor, b: Tensor, g: Tensor) -> Tensor {
        switch (a.shape.rank, b.shape.rank, slot) {
        case (1, 1, 0): return b.map { $0 * g.scalar }
        case (1, 1, _): return a.map { $0 * g.scalar }
        case (2, 1, 0): return Tensor.outer(g, b)
        case (1, 2, 0): return Tensor.matmul(b, g)
        case (1, 2, _): return Tensor.outer(a, g)
        case (_, _, 0): return Tensor.matmul(g, b.transposed)
        default: return Tensor.matmul(a.transposed, g)
        }
    }

    /// Forward mode through the expression: the tangent of the result when occurrence `k`
    /// moves with tangent `tangents[k]` (nil: held still),
    ///
    ///     ṙ = Σₖ (∂result/∂occurrenceₖ) ṫₖ.
    public func tangent(values: [Tensor], tangents: [Tensor?]) -> Tensor {
        var dots = [Tensor?](repeating: nil, count: instructions.count)
        for (occurrence, tangent) in tangents.enumerated() { dots[occurrenceInstructions[occurrence]] = tangent }
        for (index, instruction) in instructions.enumerated() where !instruction.operands.isEmpty {
            let operandDots = instruction.operands.map { dots[$0] }
            guard operandDots.contains(where: { $0 != nil }) else { continue }
            let operands = instruction.operands.map { values[$0] }
            let filled = zip(operandDots, operands).map { $0 ?? .zeros($1.shape) }
            dots[index] = Self.jvp(instruction, operands: operands, result: values[index], dots: filled)
        }
        return dots[root] ?? .zeros(instructions[root].shape)
    }

    /// The Jacobian–vector product of one instruction, all operand tangents at once.
    private static func jvp(_ instruction: Instruction, operands x: [Tensor], result: Tensor, dots d: [Tensor]) -> Tensor {
        switch instruction.kind {
        case .number, .variable, .adjoint, .ones, .basis: preconditionFailure("leaves have no operands")
        case .negate: return d[0].map { -$0 }
        case .index(_, let indices): return Tensor(d[0].scalars[d[0].offset(of: indices)])
        case .binary(let op, _, _):
            switch op {
            case .add: return Tensor.zip(d[0], d[1], +)!
            case .subtract: return Tensor.zip(d[0], d[1], -)!
            case .multiply: return Tensor.zip(Tensor.zip(d[0], x[1], *)!, Tensor.zip(x[0], d[1], *)!, +)!
            case .divide:
                let numerator = Tensor.zip(Tensor.zip(d[0], x[1], *)!, Tensor.zip(x[0], d[1], *)!, -)!
                return Tensor.zip(numerator, Tensor.zip(x[1], x[1], *)!, /)!
            case .power:
                let base = Tensor.zip(d[0], Tensor.zip(x[0], x[1], { $1 * Foundation_pow($0, $1 - 1) })!, *)!
                let exponent = Tensor.zip(d[1], Tensor.zip(result, x[0], { $1 > 0 ? $0 * Foundation_log($1) : 0 })!, *)!
                return Tensor.zip(base, exponent, +)!
            case .matmul:
                return Tensor.matmul(d[0], x[1]) + Tensor.matmul(x[0], d[1])
            }
        case .call(let function, _):
            switch function {
            case .softmax:
                let centred = d[0].map { $0 - Tensor.dot(d[0], result) }
                return Tensor.zip(result, centred, *)!
            case .sum: return d[0].sum
            case .transpose: return d[0].transposed
            case .outer: return Tensor.outer(d[0], x[1]) + Tensor.outer(x[0], d[1])
            default:
                // An elementwise function: ṙ = f′(a) ȧ, the same local derivative as reverse mode.
                return vjp(instruction, slot: 0, operands: x, result: result, adjoint: d[0])
            }
        }
    }
}
