import TeachCore

/// The one-line caption of each step, e.g. `Backward 6 of 7: ∂L_reg/∂w collects two
/// contributions: through z (−0.0891) and through R (+0.08); sum −0.0091`. It is the frame's
/// SVG title and alt text, its line in `index.md` and, later, its slide's subtitle.
struct Caption {
    let storyboard: Storyboard
    /// Each step's number within its phase (a forward-mode pass of several: within its pass),
    /// by step index, and each group's step count: counted once, so a caption costs the same at
    /// step 10 as at step 10,000.
    private let numberInPhase: [Int]
    private let groupCounts: [Group: Int]

    /// A phase, and for forward mode by several variables, the variable of the pass.
    private struct Group: Hashable {
        let phase: Trace.Phase
        let variable: Int?
    }

    init(storyboard: Storyboard) {
        self.storyboard = storyboard
        var counts: [Group: Int] = [:]
        let passes = storyboard.trace.forwardModes.count
        numberInPhase = storyboard.trace.steps.map { step in
            let group = Group(phase: step.phase, variable: passes > 1 ? step.variable : nil)
            counts[group, default: 0] += 1
            return counts[group]!
        }
        groupCounts = counts
    }

    private var trace: Trace { storyboard.trace }
    private var rule: ChainRule { storyboard.rule }

    /// `Forward 1 of 5`, `Forward mode by x₂ 1 of 4` (of several passes), `Update 2 of 2 (iteration 1)`.
    func heading(_ step: Trace.Step) -> String {
        let name: String
        switch step.phase {
        case .forward: name = "Forward"
        case .backward: name = "Backward"
        case .tangent: name = "Forward mode"
        case .update: name = "Update"
        }
        let iteration = step.update.map { trace.descent.count > 2 ? " (iteration \($0.iteration))" : "" } ?? ""
        let several = trace.forwardModes.count > 1
        let pass = several ? step.variable.map { " by " + rule.typesetName($0) } ?? "" : ""
        let count = groupCounts[Group(phase: step.phase, variable: several ? step.variable : nil), default: 0]
        return "\(name)\(pass) \(numberInPhase[step.index]) of \(count)\(iteration)"
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
                return head + math(latex.adjoint(node)) + words(", the \(Self.word(edges.count)) paths from ") + math(latex.typesetName(node)) + words(" meet")
            }
            return head + math(latex.adjoint(node)) + words(" through ") + math(latex.typesetName(step.terms[0].consumer))
        case .tangent:
            return head + math(latex.totalDerivative(node, by: step.variable!))
        case .update:
            return head + words("updating ") + math(latex.typesetName(node))
        }
    }

    func text(_ step: Trace.Step) -> String {
        heading(step) + ": " + body(step)
    }

    private func body(_ step: Trace.Step) -> String {
        guard step.phase == .backward else { return rule.line(step) + staleNote(step) }
        guard !step.terms.isEmpty else { return "seed " + rule.adjoint(step.node) + " = " + rule.value(step.result, .adjoints) }
        let edges = step.terms.flatMap(\.edges)
        return edges.count > 1 ? fanOut(step, edges: edges) : rule.backwardLine(step)
    }

    /// `∂ℒ/∂w collects two contributions: through z (−0.0891) and through R (+0.08); sum −0.0091`.
    private func fanOut(_ step: Trace.Step, edges: [Int]) -> String {
        let graph = trace.graph
        let parts = edges.map { edge -> String in
            let consumer = graph.edges[edge].to
            let through = "through " + rule.typesetName(consumer) + rule.referenceNote(edge)
            guard let contribution = trace.edgeContributions[edge], contribution.isScalar else { return through }
            let value = contribution.scalar
            return through + " (" + (value > 0 ? "+" : "") + rule.value(contribution, .adjoints) + ")"
        }
        let counted = Self.word(edges.count)
        let listed = parts.dropLast().joined(separator: ", ") + " and " + parts[parts.count - 1]
        return rule.adjoint(step.node) + " collects \(counted) contributions: " + listed + "; sum " + rule.value(step.result, .adjoints)
    }

    /// `; the stale-weight erratum takes ∂L/∂w₁ through this new w₂, where the old w₂ = −0.5
    /// belongs` at the update whose weight the erratum uses too early (`compare_stale`).
    private func staleNote(_ step: Trace.Step) -> String {
        guard let early = storyboard.usedTooEarly, early.step == step.index, let update = step.update else { return "" }
        let weight = rule.typesetName(early.weight)
        return "; the stale-weight erratum takes " + rule.adjoint(early.parameter) + " through this new " + weight
            + ", where the old " + weight + " = " + rule.value(update.old) + " belongs"
    }

    /// `two` for 2, up to ten; digits beyond.
    private static func word(_ count: Int) -> String { numberWords.indices.contains(count) ? numberWords[count] : String(count) }
    private static let numberWords = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
}
