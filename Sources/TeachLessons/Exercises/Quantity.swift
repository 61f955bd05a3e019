import TeachCore

/// One number (or tensor) of a trace that a student can be asked to compute by hand.
///
///     value z                  z
///     adjoint w                ∂ℒ/∂w, all contributions summed
///     contribution w via R     ∂ℒ/∂R · ∂R/∂w, one term of that sum
///     partial z/w              ∂z/∂w, the local partial
///     tangent y                ẏ = dy/du in forward mode (`tangent y wrt x1`: by x1, of several)
///     update w                 w after one gradient-descent step (`update w step 2`: after two)
///     value Err6               a quantity of the lesson's `show:`, such as Err₆ = −∂E/∂I₆
///
/// Any of them may pick one element, 1-based as the lectures write it: `adjoint W[2, 1]`.
public struct Quantity: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case value, adjoint
        /// `dnode/du` in forward mode by `variable`; nil where the lesson has one variable `u`.
        case tangent(variable: Int?)
        case contribution(consumer: Int)
        /// `∂node/∂operand`.
        case partial(operand: Int)
        case update(iteration: Int)
        /// The node's value (the loss's, for `loss step k`) after `iteration` descent steps.
        case valueAfter(iteration: Int)
        /// The lesson's `show:` quantity at `index` (named `name`); `node` is the first node it reads.
        case derived(index: Int, name: String)
    }

    public let kind: Kind
    public let node: Int
    /// One element, 1-based; nil for the whole quantity.
    public let element: [Int]?

    public init(kind: Kind, node: Int, element: [Int]? = nil) {
        self.kind = kind
        self.node = node
        self.element = element
    }

    /// The same quantity without an element selected.
    public var whole: Quantity { Quantity(kind: kind, node: node) }

    /// The words of the `ask:` line that names this quantity.
    public func ask(in graph: Graph) -> String {
        let element = self.element.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" } ?? ""
        let name = graph.nodes[node].name + element
        switch kind {
        case .value: return "value \(name)"
        case .adjoint: return "adjoint \(name)"
        case .tangent(let variable): return "tangent \(name)" + (variable.map { " wrt " + graph.nodes[$0].name } ?? "")
        case .contribution(let consumer): return "contribution \(name) via \(graph.nodes[consumer].name)"
        case .partial(let operand): return "partial \(name)/\(graph.nodes[operand].name)"
        case .update(let iteration): return iteration == 1 ? "update \(name)" : "update \(name) step \(iteration)"
        case .valueAfter(let iteration): return "value \(name) step \(iteration)"
        case .derived(_, let shown): return "value \(shown)" + element
        }
    }
}
