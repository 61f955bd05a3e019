import TeachCore

/// Writes the DOT of a lesson's graph: once with placeholder labels for the layout, then once
/// per frame with every position pinned (`pos="x,y!"`) and the frame's own text. A frame's
/// DOT stands alone: `neato -n2 -Tsvg` draws it exactly as teach does.
///
/// Structure and presentation stay apart: node names and ids are ours (`n3`, `e7`), and all
/// lesson text reaches DOT only inside HTML-like labels, escaped.
struct DOTWriter {
    let storyboard: Storyboard
    /// The last statement of each node and edge: a frame writes again only what changed.
    private let nodeMemo: DrawingMemo<NodeState>, edgeMemo: DrawingMemo<EdgeState>
    /// What a node's statement says in a frame: where it stands and what it shows.
    private struct NodeState: Equatable {
        let geometry: GraphvizLayout.Node
        let title: String
        let highlighted: Bool
        let rows: [Storyboard.Row]
    }
    /// What an edge's statement says in a frame.
    private struct EdgeState: Equatable {
        let geometry: GraphvizLayout.Edge
        let highlighted: Bool
        let lines: [String]
    }

    init(storyboard: Storyboard) {
        self.storyboard = storyboard
        let graph = storyboard.trace.graph
        nodeMemo = DrawingMemo(count: graph.nodes.count)
        edgeMemo = DrawingMemo(count: graph.edges.count)
    }

    static func nodeName(_ id: Int) -> String { "n\(id)" }
    static func edgeID(_ id: Int) -> String { "e\(id)" }

    private var graph: Graph { storyboard.trace.graph }

    // MARK: Layout

    /// The graph for `dot` to lay out left to right, every box and edge label a fixed-size
    /// placeholder, so the layout depends on our text estimates only, never on fonts.
    func layoutGraph(nodeSizes: [(width: Double, height: Double)], labelSizes: [(width: Double, height: Double)?]) -> String {
        var out = ["digraph layout {",
                   "  graph [rankdir=LR, nodesep=0.3, ranksep=0.45];",
                   "  node [shape=box, fixedsize=true, label=\"\"];"]
        for node in graph.nodes {
            let size = nodeSizes[node.id]
            out.append("  \(Self.nodeName(node.id)) [width=\(inches(size.width)), height=\(inches(size.height))\(shapeAttributes(node))];")
        }
        for edge in graph.edges {
            var attributes = "id=\(Self.edgeID(edge.id))"
            if let size = labelSizes[edge.id] {
                attributes += ", label=<<TABLE FIXEDSIZE=\"TRUE\" WIDTH=\"\(Int(size.width.rounded(.up)))\" HEIGHT=\"\(Int(size.height.rounded(.up)))\""
                    + " BORDER=\"0\" CELLPADDING=\"0\" CELLSPACING=\"0\"><TR><TD></TD></TR></TABLE>>"
            }
            out.append("  \(Self.nodeName(edge.from)) -> \(Self.nodeName(edge.to)) [\(attributes)];")
        }
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: Frames

    /// The pinned DOT of a picture on the lesson's layout (a frame, a worksheet) or on a focus
    /// layout, headed by its caption as a comment, with `extra` statements (a focus frame's
    /// thumbnail) last. Nodes and edges the layout does not place are left out.
    func picture(_ content: FrameContent, layout: FrameLayout, caption: String, extra: [String] = []) -> String {
        let box = layout.boundingBox
        var out = [Escape.dotComment(caption),
                   "digraph frame {",
                   "  graph [bgcolor=white, pad=0.15, margin=0, splines=true];",
                   "  node [shape=box, fixedsize=true, fontname=\"\(FrameStyle.font)\", fontsize=\(number(FrameLayout.fontSize)), margin=0];",
                   "  edge [fontname=\"\(FrameStyle.font)\", fontsize=\(number(FrameLayout.edgeFontSize)), arrowsize=0.8];",
                   "  // Two invisible corners fix the canvas to the layout's bounding box in every frame.",
                   "  corner0 [pos=\"\(number(box[0])),\(number(box[1]))!\", shape=point, width=0, height=0, style=invis, label=\"\"];",
                   "  corner1 [pos=\"\(number(box[2])),\(number(box[3]))!\", shape=point, width=0, height=0, style=invis, label=\"\"];"]
        for node in graph.nodes where !layout.nodes[node.id].position.isEmpty {
            let state = NodeState(geometry: layout.nodes[node.id], title: content.title(node.id), highlighted: node.id == content.highlightedNode,
                                  rows: content.rows(node.id))
            out.append(nodeMemo.drawing(node.id, in: state) { nodeStatement(node, state) })
        }
        for edge in graph.edges where !layout.edges[edge.id].spline.isEmpty {
            let state = EdgeState(geometry: layout.edges[edge.id], highlighted: content.highlightedEdges.contains(edge.id),
                                  lines: content.edgeLines(edge.id))
            out.append(edgeMemo.drawing(edge.id, in: state) { edgeStatement(edge, state) })
        }
        out += extra
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    private func nodeStatement(_ node: Graph.Node, _ state: NodeState) -> String {
        let geometry = state.geometry
        var attributes = "id=\"\(Self.nodeName(node.id))\", pos=\"\(geometry.position)!\", width=\(geometry.width), height=\(geometry.height)"
        attributes += shapeAttributes(node, highlighted: state.highlighted)
        attributes += ", label=<" + nodeLabel(title: state.title, rows: state.rows) + ">"
        return "  \(Self.nodeName(node.id)) [\(attributes)];"
    }

    private func edgeStatement(_ edge: Graph.Edge, _ state: EdgeState) -> String {
        var attributes = "id=\"\(Self.edgeID(edge.id))\", pos=\"\(state.geometry.spline)\""
        if let position = state.geometry.labelPosition, !state.lines.isEmpty {
            attributes += ", lp=\"\(position)\", label=<" + edgeLabel(state.lines, highlighted: state.highlighted) + ">"
        }
        if state.highlighted { attributes += ", color=\"\(FrameStyle.highlight)\", penwidth=2.5" }
        return "  \(Self.nodeName(edge.from)) -> \(Self.nodeName(edge.to)) [\(attributes)];"
    }

    /// Inputs are rounded boxes, parameters have a double border, the loss a heavy one; the
    /// current step's node is filled and outlined heavily, so the cue survives greyscale.
    private func shapeAttributes(_ node: Graph.Node, highlighted: Bool = false) -> String {
        var styles: [String] = []
        var attributes = ""
        switch node.kind {
        case .input: styles.append("rounded")
        case .parameter: attributes += ", peripheries=2"
        case .equation: if node.id == graph.loss { attributes += ", penwidth=2" }
        }
        if highlighted {
            styles.append("filled")
            attributes += ", penwidth=3, color=\"\(FrameStyle.highlight)\", fillcolor=\"\(FrameStyle.highlightFill)\""
        }
        return (styles.isEmpty ? "" : ", style=\"\(styles.joined(separator: ","))\"") + attributes
    }

    /// The node's title in bold, then each row; an adjoint row shaded, a tangent row lightly.
    private func nodeLabel(title: String, rows shown: [Storyboard.Row]) -> String {
        var rows = ["<TR><TD><B>\(Escape.graphvizHTML(title))</B></TD></TR>"]
        for row in shown {
            let text = row.lines.map { $0.isEmpty ? "&#160;" : Escape.graphvizHTML($0) }.joined(separator: "<BR/>")
            switch (row.kind, row.known) {
            case (.adjoint, true): rows.append("<TR><TD BGCOLOR=\"\(FrameStyle.adjointFill)\">\(text)</TD></TR>")
            case (.tangent, true): rows.append("<TR><TD BGCOLOR=\"\(FrameStyle.tangentFill)\"><I>\(text)</I></TD></TR>")
            default: rows.append("<TR><TD>\(text)</TD></TR>")
            }
        }
        return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">" + rows.joined() + "</TABLE>"
    }

    private func edgeLabel(_ lines: [String], highlighted: Bool) -> String {
        let text = lines.map(Escape.graphvizHTML).joined(separator: "<BR/>")
        let colored = highlighted ? "<FONT COLOR=\"\(FrameStyle.highlight)\">\(text)</FONT>" : text
        return "<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\" BGCOLOR=\"white\"><TR><TD>\(colored)</TD></TR></TABLE>"
    }

    private func inches(_ points: Double) -> String { number((points / 72 * 10_000).rounded(.up) / 10_000) }

    /// A coordinate as DOT writes it: no trailing zeros, never exponent notation.
    private func number(_ value: Double) -> String {
        if let whole = Int(exactly: value) { return String(whole) }
        var text = String(value)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
