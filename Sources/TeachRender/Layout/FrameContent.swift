/// What one picture on the lesson's layout shows: each node's rows, each edge's label, and
/// what is highlighted. The DOT and the SVG of a frame are drawn from the same content.
struct FrameContent {
    let rows: (Int) -> [Storyboard.Row]
    let edgeLines: (Int) -> [String]
    let highlightedNode: Int?
    let highlightedEdges: [Int]
    /// Each node's heading: its name, or its equation (`Storyboard.title`).
    let title: (Int) -> String
}

extension Storyboard {
    /// The content of the frame of `step`: the rows and labels as far as the step has come,
    /// the step's node and the edges it uses highlighted.
    func content(at step: Int) -> FrameContent {
        FrameContent(rows: { rows($0, at: step) }, edgeLines: { edgeLines($0, at: step) },
                     highlightedNode: trace.steps[step].node, highlightedEdges: highlightedEdges(at: step), title: title)
    }

    /// The content of the focus frame of `step`, a close-up whose boxes are as large as what
    /// they show: the step's node with its rows known at the step and its equation (its name
    /// alone where the equation is wider than `FocusLayout.widestLine`); every other node by
    /// its name and the one row the step reads of it (an operand's value, a consumer's
    /// adjoint, an operand's tangent); each edge label's partial shortened to its symbol and
    /// value where the formula would make it wider than `FocusLayout.widestLabel`. Every line
    /// wider than `FocusLayout.widestLine` breaks before an `=` (`wrapped`).
    func focusContent(at step: Int) -> FrameContent {
        let frame = content(at: step)
        let center = trace.steps[step].node
        let read: Storyboard.RowKind? = switch trace.steps[step].phase {
        case .forward: .value
        case .backward: .adjoint
        case .tangent: .tangent
        case .update: nil
        }
        func fits(_ line: String, bold: Bool = false) -> Bool {
            TextMetrics.width(of: line, fontSize: FrameLayout.fontSize, bold: bold) <= FocusLayout.widestLine
        }
        /// A far node's one line where what the step reads of it is one line (`x₁ = 1`,
        /// `∂ℒ/∂z = −0.0594`), which then stands as its heading.
        func oneLine(_ node: Int) -> String? {
            guard node != center, let row = frame.rows(node).first(where: { $0.known && $0.kind == read }), row.lines.count == 1 else { return nil }
            return row.kind == .value ? rule.typesetName(node) + " = " + row.lines[0] : row.lines[0]
        }
        return FrameContent(
            rows: { node in
                guard oneLine(node) == nil else { return [] }
                return frame.rows(node).filter { $0.known && (node == center || $0.kind == read) }.map { row in
                    Row(kind: row.kind, lines: row.lines.flatMap { Self.wrapped($0, fontSize: FrameLayout.fontSize) }, known: true)
                }
            },
            edgeLines: { compactEdgeLines($0, at: step, width: FocusLayout.widestLabel).flatMap { Self.wrapped($0, fontSize: FrameLayout.edgeFontSize) } },
            highlightedNode: frame.highlightedNode, highlightedEdges: frame.highlightedEdges,
            title: { node in oneLine(node) ?? (node == center && fits(title(node), bold: true) ? title(node) : rule.typesetName(node)) })
    }

    /// `line` in lines no wider than `FocusLayout.widestLine`: broken before an ` = `, then
    /// before a ` + ` or ` − ` where one part is still wider; a part wider than that alone
    /// stays whole.
    static func wrapped(_ line: String, fontSize: Double) -> [String] {
        func width(_ text: String) -> Double { TextMetrics.width(of: text, fontSize: fontSize) }
        guard width(line) > FocusLayout.widestLine else { return [line] }
        let indent = line.prefix { $0 == " " }
        var pieces: [String] = []
        for (index, part) in line.components(separatedBy: " = ").enumerated() {
            let relation = index == 0 ? "" : "= "
            guard width(relation + part) > FocusLayout.widestLine else { pieces.append(relation + part); continue }
            let terms = part.replacingOccurrences(of: " + ", with: "\u{0}+ ").replacingOccurrences(of: " − ", with: "\u{0}− ")
                .replacingOccurrences(of: ", ", with: ",\u{0}").components(separatedBy: "\u{0}")
            pieces += terms.enumerated().map { $0 == 0 ? relation + $1 : $1 }
        }
        var lines: [String] = []
        for piece in pieces {
            if let last = lines.last, width(last + " " + piece) <= FocusLayout.widestLine { lines[lines.count - 1] = last + " " + piece }
            else { lines.append(lines.isEmpty ? piece : indent + piece) }
        }
        return lines
    }
}

/// The frames' fonts and colours, for the DOT Graphviz draws and the SVG teach draws.
enum FrameStyle {
    static let font = "DejaVu Sans"
    /// The current step's outline, edges and edge labels.
    static let highlight = "#1f4e9c"
    /// The current step's box.
    static let highlightFill = "#fff2b3"
    /// An adjoint row.
    static let adjointFill = "#e4e4e4"
    /// A tangent row.
    static let tangentFill = "#f2f2f2"
    /// A focus frame's thumbnail of the whole graph: its background, and its boxes and lines.
    static let thumbnailFill = "#f7f7f7"
    static let thumbnailStroke = "#a8a8a8"
}
