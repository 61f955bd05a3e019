/// A graph whose every value is a single number, compiled to one flat list of instructions on
/// `Double`s: each equation node's `Program`, instruction for instruction, its variables
/// resolved to node ids. A forward pass over it allocates nothing per instruction, which is
/// what a large scalar lesson's gradient check (dozens of forward passes) needs.
///
/// It computes exactly what `Program.evaluate` computes: each operation's own
/// `Operation.ScalarRule`, the same domain errors and the same check that every instruction's
/// value is finite, each located at the same instruction.
struct ScalarTape: Sendable {
    enum Code: Sendable {
        case number(Double)
        /// The value of the node with this id.
        case node(Int)
        case unary(Operation.ScalarRule, Int)
        case binary(Operation.ScalarRule, Int, Int)
    }

    /// Every equation node's instructions in lecture order; operands are indices into `code`.
    let code: [Code]
    /// Per node, where its instructions are in `code` (empty for a given value).
    let ranges: [Range<Int>]
    /// Per node, its given value (0 for an equation node).
    let given: [Double]

    /// Nil unless every node and every instruction is a scalar computed by a scalar rule.
    init?(nodes: [Graph.Node], id: (String) -> Int?) {
        guard nodes.allSatisfy({ $0.shape.isScalar }) else { return nil }
        var code: [Code] = []
        code.reserveCapacity(nodes.reduce(0) { $0 + ($1.program?.instructions.count ?? 0) })
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(nodes.count)
        var given: [Double] = []
        given.reserveCapacity(nodes.count)
        for node in nodes {
            let start = code.count
            for instruction in node.program?.instructions ?? [] {
                guard instruction.shape.isScalar else { return nil }
                let operands = instruction.operands
                switch (instruction.kind, instruction.operation?.scalar) {
                case (.number(let v), _): code.append(.number(v))
                case (.variable(let name), _):
                    guard let id = id(name) else { return nil }
                    code.append(.node(id))
                case (_, let rule?) where rule.arity == operands.count:
                    code.append(operands.count == 1 ? .unary(rule, start + operands[0]) : .binary(rule, start + operands[0], start + operands[1]))
                default: return nil
                }
            }
            ranges.append(start..<code.count)
            given.append(node.given?.scalar ?? 0)
        }
        self.code = code
        self.ranges = ranges
        self.given = given
    }

    /// A failure at instruction `index` of `code`.
    struct Failure: Error {
        let index: Int
        let message: String
    }

    /// One forward pass: every instruction's value into `values` (as long as `code`) and every
    /// node's into `nodes` (as long as `ranges`). A node's value is its last instruction's,
    /// or its given value, unless `overrides` has another for it (nodes past its end have
    /// none); `rounding` then rounds it, as `Tracer.forwardPass` does. From node `start` on
    /// only, where `nodes` already holds the values of the nodes before it.
    func run(from start: Int = 0, overrides: [Double?], rounding: ((Double) -> Double)?,
             values: inout [Double], nodes: inout [Double]) throws(Failure) {
        for id in start..<ranges.count {
            let range = ranges[id]
            for index in range {
                let value: Double
                switch code[index] {
                case .number(let v): value = v
                case .node(let id): value = nodes[id]
                case .unary(.unary(let f, _, let domain), let a):
                    let x = values[a]
                    if let problem = domain?(x) { throw Failure(index: index, message: problem) }
                    value = f(x)
                case .binary(.binary(let f, _, let domain), let a, let b):
                    let (x, y) = (values[a], values[b])
                    value = f(x, y)
                    if let problem = domain?(x, y, value) { throw Failure(index: index, message: problem) }
                case .unary, .binary: preconditionFailure("an instruction's rule has its arity")
                }
                guard value.isFinite else { throw Failure(index: index, message: Program.notFinite) }
                values[index] = value
            }
            var value = (id < overrides.count ? overrides[id] : nil) ?? (range.isEmpty ? given[id] : values[range.upperBound - 1])
            if let rounding { value = rounding(value) }
            nodes[id] = value
        }
    }

    /// Reverse mode through node `id`'s instructions, as `Program.contributions` computes it:
    /// given their values `locals` and the adjoint `seed` of the node's value, the contribution
    /// that reaches each of its variable references, in reading order,
    ///
    ///     contributionₖ = (∂value/∂referenceₖ) · seed,
    ///
    /// summed in the same order wherever an instruction feeds more than one place.
    func contributions(of id: Int, locals: [Tensor], seed: Double) -> [Double] {
        let range = ranges[id]
        var adjoints = [Double?](repeating: nil, count: range.count)
        adjoints[range.count - 1] = seed
        func add(_ part: Double, to operand: Int) {
            let i = operand - range.lowerBound
            adjoints[i] = adjoints[i].map { $0 + part } ?? part
        }
        for index in range.reversed() {
            guard let g = adjoints[index - range.lowerBound] else { continue }
            let r = locals[index - range.lowerBound].scalar
            switch code[index] {
            case .unary(.unary(_, let scaled, _), let a):
                add(scaled(g, locals[a - range.lowerBound].scalar, r), to: a)
            case .binary(.binary(_, let scaled, _), let a, let b):
                let (x, y) = (locals[a - range.lowerBound].scalar, locals[b - range.lowerBound].scalar)
                add(scaled(0, g, x, y, r), to: a)
                add(scaled(1, g, x, y, r), to: b)
            default: continue
            }
        }
        return range.compactMap { index in
            guard case .node = code[index] else { return nil }
            return adjoints[index - range.lowerBound] ?? 0
        }
    }

    /// The node and the instruction of that node's program at `index` of `code`.
    func origin(of index: Int) -> (node: Int, instruction: Int) {
        let node = ranges.firstIndex { $0.contains(index) }!
        return (node, index - ranges[node].lowerBound)
    }
}
