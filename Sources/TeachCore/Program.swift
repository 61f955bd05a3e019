/// An expression compiled to a flat list of instructions in evaluation order, so that values,
/// vector–Jacobian products and Jacobian–vector products are computed without recursion.
/// Each instruction's rules come from its `Operation`.
///
/// Each variable reference is one *occurrence*; occurrences are numbered in reading order and
/// each is one edge of the graph, so `x * x` has two edges from `x`.
public struct Program: Sendable {
    public struct Instruction: Sendable {
        public let kind: Expr.Kind
        /// The rules of the operation, nil for a leaf or an element access.
        let operation: Operation?
        let operands: [Int]
        let location: SourceLocation?
        let shape: Shape
    }

    public let instructions: [Instruction]

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
            instructions.append(Instruction(kind: e.kind, operation: e.operation, operands: operands,
                                            location: e.location, shape: e.shape!))
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
            guard result.isFinite else { throw EvaluationError(message: Self.notFinite, location: instruction.location) }
            values.append(result)
        }
        return values
    }

    static let notFinite = "the result is not a finite number (overflow to ±∞ or NaN)"

    /// The value of the whole expression.
    public func value(_ lookup: (Expr.Kind) -> Tensor) throws(EvaluationError) -> Tensor {
        try evaluate(lookup).last!
    }

    private static func value(of instruction: Instruction, operands x: [Tensor],
                              _ lookup: (Expr.Kind) -> Tensor) throws(EvaluationError) -> Tensor {
        switch instruction.kind {
        case .number(let v): return Tensor(v)
        case .variable, .adjoint: return lookup(instruction.kind)
        case .ones(let shape): return .filled(1, shape: shape)
        case .basis(let indices, let shape): return .basis(indices, shape: shape)
        case .index(_, let indices): return Tensor(x[0].scalars[x[0].offset(of: indices)])
        case .negate, .binary, .call:
            do {
                return try instruction.operation!.value(x)
            } catch {
                throw EvaluationError(message: error.message, location: instruction.location)
            }
        }
    }

    /// The operations whose operands sit where they are not differentiable (relu at 0, a tie
    /// of max), each once, in evaluation order.
    public func kinks(values: [Tensor]) -> [Expr.Kind] {
        instructions.filter { instruction in
            instruction.operation?.isAtKink(instruction.operands.map { values[$0] }) ?? false
        }.map(\.kind)
    }

    /// A replacement for one instruction's vector–Jacobian product, or nil to keep the
    /// operation's own: how a caller replays an altered reverse pass.
    public typealias LocalVJP = (_ instruction: Instruction, _ slot: Int, _ operands: [Tensor],
                                 _ result: Tensor, _ adjoint: Tensor) -> Tensor?

    /// Reverse mode through the expression: given the values and the adjoint `seed` of the
    /// result, the contribution that reaches each occurrence,
    ///
    ///     contributionₖ = (∂result/∂occurrenceₖ)ᵀ seed,
    ///
    /// accumulated with `+=` wherever a subexpression feeds more than one place.
    public func contributions(values: [Tensor], seed: Tensor, replacing local: LocalVJP? = nil) -> [Tensor] {
        var adjoints = [Tensor?](repeating: nil, count: instructions.count)
        adjoints[root] = seed
        for index in instructions.indices.reversed() {
            guard let adjoint = adjoints[index] else { continue }
            let instruction = instructions[index]
            let operands = instruction.operands.map { values[$0] }
            for (slot, operand) in instruction.operands.enumerated() {
                let part = local?(instruction, slot, operands, values[index], adjoint)
                    ?? Self.vjp(instruction, slot: slot, operands: operands, result: values[index], adjoint: adjoint)
                adjoints[operand] = adjoints[operand].map { $0 + part } ?? part
            }
        }
        return occurrenceInstructions.map { adjoints[$0] ?? .zeros(instructions[$0].shape) }
    }

    /// The vector–Jacobian product of one operand of one instruction.
    private static func vjp(_ instruction: Instruction, slot: Int, operands x: [Tensor],
                            result: Tensor, adjoint g: Tensor) -> Tensor {
        if case .index(_, let indices) = instruction.kind {
            return Tensor.basis(indices, shape: x[slot].shape).map { $0 * g.scalar }
        }
        return instruction.operation!.vjp(slot, x, result, g)
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
            if case .index(_, let indices) = instruction.kind {
                dots[index] = Tensor(filled[0].scalars[filled[0].offset(of: indices)])
            } else {
                dots[index] = instruction.operation!.jvp(operands, values[index], filled)
            }
        }
        return dots[root] ?? .zeros(instructions[root].shape)
    }
}
