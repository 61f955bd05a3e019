import TeachCore

/// The work a lesson asks for, estimated from its shapes before anything is evaluated, so an
/// untrusted lesson cannot make teach allocate a huge tensor or run for hours within the
/// file-size limit: every value's size, and the scalar operations of the whole trace. It is
/// the one gate every expression teach evaluates passes, whatever key it comes from: the
/// equations and the shown quantities (`show:`).
///
/// One forward pass costs `Σ` over operations of the result's elements (a matrix product
/// `[r,k]@[k,c]` costs `r·k·c`); the trace makes about three passes' worth for the forward and
/// backward passes, two per forward-mode run, two per parameter element or direction the
/// gradient check perturbs, and three per descent step. The shown quantities are evaluated
/// once per pass the frames show: the first, and one per descent step.
enum WorkEstimate {
    static func check(_ graph: Graph, options: Tracer.Options, limits: LessonLimits, file: String) throws(Diagnostic) {
        var forward = 0.0
        for node in graph.equations {
            forward += try cost(node.definition!, at: node.location, limits: limits, file: file)
        }
        var shown = 0.0
        for quantity in options.derived {
            shown += try cost(quantity.definition, at: quantity.location, limits: limits, file: file)
        }
        let checked = Double(Tracer.checkedElements(graph.parameters).map(\.elements.count).reduce(0, +) + Tracer.directionCount(graph.parameters))
        let passes = 3 + 2 * Double(options.tangentVariables.count) + 2 * checked + 3 * Double(options.descentSteps)
        let shownTotal = shown * (1 + Double(options.descentSteps))
        let total = forward * passes + shownTotal
        guard total <= limits.work else {
            let quantities = options.derived.isEmpty ? "" : ", \(Self.scientific(shownTotal)) for the shown quantities"
            throw Diagnostic(file: file, location: nil, message: "tracing the lesson would take about \(Self.scientific(total)) scalar operations "
                             + "(\(Self.scientific(forward)) for one forward pass\(quantities); the backward pass, the gradient check and descent make "
                             + "\(Int(passes)) passes), over the limit of \(Self.scientific(limits.work)); use smaller parameters")
        }
    }

    /// The scalar operations of one evaluation of `expr`; a value over the size limit is an
    /// error at the operation that makes it.
    private static func cost(_ expr: Expr, at location: SourceLocation?, limits: LessonLimits, file: String) throws(Diagnostic) -> Double {
        var total = 0.0
        try expr.forEachChild { (child) throws(Diagnostic) in total += try cost(child, at: location, limits: limits, file: file) }
        let shape = expr.shape ?? .scalar
        guard shape.count <= limits.elementsPerValue else {
            throw Diagnostic(file: file, location: expr.location ?? location,
                             message: "this value would hold \(shape.count) elements (a \(shape)), over the limit of \(limits.elementsPerValue)")
        }
        switch expr.kind {
        case .number, .variable, .adjoint, .ones, .basis: return total
        case .index: return total + 1
        case .binary(.matmul, let a, let b):
            let (left, right) = (a.shape ?? .scalar, b.shape ?? .scalar)
            let rows = left.rank == 2 ? left.dimensions[0] : 1, inner = left.dimensions.last ?? 1
            let columns = right.rank == 2 ? right.dimensions[1] : 1
            return total + Double(rows) * Double(inner) * Double(columns)
        default:
            return total + Double(max(shape.count, expr.children.map { $0.shape?.count ?? 1 }.max() ?? 1))
        }
    }

    static func scientific(_ value: Double) -> String { NumberFormat(digits: 2).format(value) }
}
