/// What one picture on the lesson's layout shows: each node's rows, each edge's label, and
/// what is highlighted. The DOT and the SVG of a frame are drawn from the same content.
struct FrameContent {
    let rows: (Int) -> [Storyboard.Row]
    let edgeLines: (Int) -> [String]
    let highlightedNode: Int?
    let highlightedEdges: [Int]
}

extension Storyboard {
    /// The content of the frame of `step`: the rows and labels as far as the step has come,
    /// the step's node and the edges it uses highlighted.
    func content(at step: Int) -> FrameContent {
        FrameContent(rows: { rows($0, at: step) }, edgeLines: { edgeLines($0, at: step) },
                     highlightedNode: trace.steps[step].node, highlightedEdges: highlightedEdges(at: step))
    }

    /// The content of the focus frame of `step`: the frame's, with each edge label's partial
    /// shortened to its symbol and value where the formula would make it wider than
    /// `FocusLayout.widestLabel`.
    func focusContent(at step: Int) -> FrameContent {
        let frame = content(at: step)
        return FrameContent(rows: frame.rows, edgeLines: { compactEdgeLines($0, at: step, width: FocusLayout.widestLabel) },
                            highlightedNode: frame.highlightedNode, highlightedEdges: frame.highlightedEdges)
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
