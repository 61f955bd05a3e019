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
        case unary(@Sendable (Double) -> Double, domain: (@Sendable (Double) -> String?)?, Int)
        case binary(@Sendable (Double, Double) -> Double, domain: (@Sendable (Double, Double, Double) -> String?)?, Int, Int)
    }

    /// Every equation node's instructions in lecture order; operands are indices into `code`.
    let code: [Code]
    /// Per node, where its instructions are in `code` (empty for a given value).
    let ranges: [Range<Int>]
    /// Per node, its given value (0 for an equation node).
    let given: [Double]

    /// Nil unless every node and every instruction is a scalar computed by a scalar rule.
    init?(nodes: [Graph.Node], id: (String) -> Int?) {
        var code: [Code] = []
        var ranges: [Range<Int>] = []
        var given: [Double] = []
        for node in nodes {
            guard node.shape.isScalar else { return nil }
            let start = code.count
            for instruction in node.program?.instructions ?? [] {
                guard instruction.shape.isScalar else { return nil }
                let operands = instruction.operands.map { start + $0 }
                switch (instruction.kind, instruction.operation?.scalar) {
                case (.number(let v), _): code.append(.number(v))
                case (.variable(let name), _):
                    guard let id = id(name) else { return nil }
                    code.append(.node(id))
                case (_, .unary(let f, let domain)?): code.append(.unary(f, domain: domain, operands[0]))
                case (_, .binary(let f, let domain)?): code.append(.binary(f, domain: domain, operands[0], operands[1]))
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
    /// or its given value, unless `overrides` has another for it; `rounding` then rounds it,
    /// as `Tracer.forwardPass` does.
    func run(overrides: [Double?], rounding: ((Double) -> Double)?,
             values: inout [Double], nodes: inout [Double]) throws(Failure) {
        for (id, range) in ranges.enumerated() {
            for index in range {
                let value: Double
                switch code[index] {
                case .number(let v): value = v
                case .node(let id): value = nodes[id]
                case .unary(let f, let domain, let a):
                    let x = values[a]
                    if let problem = domain?(x) { throw Failure(index: index, message: problem) }
                    value = f(x)
                case .binary(let f, let domain, let a, let b):
                    let (x, y) = (values[a], values[b])
                    value = f(x, y)
                    if let problem = domain?(x, y, value) { throw Failure(index: index, message: problem) }
                }
                guard value.isFinite else { throw Failure(index: index, message: Program.notFinite) }
                values[index] = value
            }
            var value = overrides[id] ?? (range.isEmpty ? given[id] : values[range.upperBound - 1])
            if let rounding { value = rounding(value) }
            nodes[id] = value
        }
    }

    /// The node and the instruction of that node's program at `index` of `code`.
    func origin(of index: Int) -> (node: Int, instruction: Int) {
        let node = ranges.firstIndex { $0.contains(index) }!
        return (node, index - ranges[node].lowerBound)
    }
}
