import TeachCore

/// The one-line caption of each step, e.g. `Backward 6 of 7: ∂L_reg/∂w collects two
/// contributions: through z (−0.0891) and through R (+0.08); sum −0.0091`. It is the frame's
/// SVG title and alt text, its line in `index.md` and, later, its slide's subtitle.
struct Caption {
    let storyboard: Storyboard
    /// Each step's number within its phase, by step index, and each phase's step count:
    /// counted once, so a caption costs the same at step 10 as at step 10,000.
    private let numberInPhase: [Int]
    private let phaseCounts: [Trace.Phase: Int]

    init(storyboard: Storyboard) {
        self.storyboard = storyboard
        var counts: [Trace.Phase: Int] = [:]
        numberInPhase = storyboard.trace.steps.map { step in
            counts[step.phase, default: 0] += 1
            return counts[step.phase]!
        }
        phaseCounts = counts
    }

    private var trace: Trace { storyboard.trace }
    private var rule: ChainRule { storyboard.rule }

    /// `Forward 1 of 5`, `Update 2 of 2 (iteration 1)`.
    func heading(_ step: Trace.Step) -> String {
        let name: String
        switch step.phase {
        case .forward: name = "Forward"
        case .backward: name = "Backward"
        case .tangent: name = "Forward mode"
        case .update: name = "Update"
        }
        let iteration = step.update.map { trace.descent.count > 2 ? " (iteration \($0.iteration))" : "" } ?? ""
        return "\(name) \(numberInPhase[step.index]) of \(phaseCounts[step.phase, default: 0])\(iteration)"
    }

    /// A slide's title: the heading and what the step does, `Backward 6 of 7: ∂ℒ_reg/∂w, the two
    /// paths from w meet`, with `math` writing each formula and `words` the words between them
    /// (LaTeX or Markdown), the formulas from `latex`.
    func slideTitle(_ step: Trace.Step, latex: ChainRule, math: (String) -> String, words: (String) -> String) -> String {
        let graph = trace.graph, node = step.node
        let head = words(heading(step) + ": ")
        switch step.phase {
        case .forward:
            return head + math(latex.equation(graph.nodes[node]))
        case .backward:
            let edges = step.terms.flatMap(\.edges)
            guard !edges.isEmpty else { return head + words("the seed ") + math(latex.adjoint(node) + " = 1") }
            if edges.count > 1 {
                return head + math(latex.adjoint(node)) + words(", the \(Self.word(edges.count)) paths from ") + math(latex.typesetter.name(graph.nodes[node].name)) + words(" meet")
            }
            return head + math(latex.adjoint(node)) + words(" through ") + math(latex.typesetter.name(graph.nodes[step.terms[0].consumer].name))
        case .tangent:
            return head + math(latex.totalDerivative(node))
        case .update:
            return head + words("updating ") + math(latex.typesetter.name(graph.nodes[node].name))
        }
    }

    func text(_ step: Trace.Step) -> String {
        heading(step) + ": " + body(step)
    }

    private func body(_ step: Trace.Step) -> String {
        guard step.phase == .backward else { return rule.line(step) }
        guard !step.terms.isEmpty else { return "seed " + rule.adjoint(step.node) + " = " + rule.value(step.result, .adjoints) }
        let edges = step.terms.flatMap(\.edges)
        return edges.count > 1 ? fanOut(step, edges: edges) : rule.backwardLine(step)
    }

    /// `∂ℒ/∂w collects two contributions: through z (−0.0891) and through R (+0.08); sum −0.0091`.
    private func fanOut(_ step: Trace.Step, edges: [Int]) -> String {
        let graph = trace.graph
        let parts = edges.map { edge -> String in
            let consumer = graph.edges[edge].to
            let through = "through " + rule.typesetter.name(graph.nodes[consumer].name) + rule.referenceNote(edge)
            guard let contribution = trace.edgeContributions[edge], contribution.isScalar else { return through }
            let value = contribution.scalar
            return through + " (" + (value > 0 ? "+" : "") + rule.value(contribution, .adjoints) + ")"
        }
        let counted = Self.word(edges.count)
        let listed = parts.dropLast().joined(separator: ", ") + " and " + parts[parts.count - 1]
        return rule.adjoint(step.node) + " collects \(counted) contributions: " + listed + "; sum " + rule.value(step.result, .adjoints)
    }

    /// `two` for 2, up to ten; digits beyond.
    private static func word(_ count: Int) -> String { numberWords.indices.contains(count) ? numberWords[count] : String(count) }
    private static let numberWords = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
}
