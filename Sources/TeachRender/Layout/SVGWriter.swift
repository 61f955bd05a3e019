import TeachCore

/// Draws a picture on the pinned layout as SVG directly, the same picture Graphviz draws from
/// the picture's DOT (`neato -n2 -Tsvg` on a frame's `.dot` gives the same boxes, edges and
/// texts at the same places), without a Graphviz render per frame: the layout is computed once,
/// so each frame is only text, and teach writes it in a fraction of the time libgvc takes.
///
/// Boxes as in the DOT: inputs rounded, parameters with a double border, the loss heavy, the
/// current step's box filled and outlined heavily; a node's title in bold over its rows,
/// centred in the box as Graphviz centres a label; an adjoint row shaded, a tangent row lightly
/// and in italics; edge labels on white at Graphviz's label position.
struct SVGWriter {
    let storyboard: Storyboard
    /// Where the layout's points stand in the SVG.
    let geometry: LayoutGeometry
    // What every frame shares, worked out once.
    /// Each node's box.
    private let boxes: [LayoutGeometry.Box?]
    /// Each node's outline, plain and highlighted, and the x of its text.
    private let outlines: [[String]]
    private let centers: [String]
    /// Each edge's path and arrowhead, plain and highlighted.
    private let edgeStrokes: [(plain: String, highlighted: String)?]
    /// Each edge label's centre and box.
    private let labels: [(center: LayoutGeometry.Point, width: Double, height: Double)?]
    /// The last drawing of each node and edge: a frame draws again only what changed.
    private let nodeMemo: DrawingMemo<NodeState>, edgeMemo: DrawingMemo<EdgeState>
    /// What a node's drawing shows in a frame.
    private struct NodeState: Equatable {
        let title: String
        let highlighted: Bool
        let rows: [Storyboard.Row]
    }
    /// What an edge's drawing shows in a frame.
    private struct EdgeState: Equatable {
        let highlighted: Bool
        let lines: [String]
    }
    /// Where a picture on `layout` draws: the layout with the margin and the parameters'
    /// outer borders, as the SVG's canvas is sized.
    static func geometry(of layout: FrameLayout, _ storyboard: Storyboard) -> LayoutGeometry {
        var geometry = LayoutGeometry(layout: layout, margin: margin)
        geometry.reach(around: storyboard.trace.graph.parameters.map(\.id))
        return geometry
    }

    /// Graphviz's `pad=0.15` in points.
    static let margin = 10.8
    private static let fontSize = FrameLayout.decimal(FrameLayout.fontSize, places: 2)
    private static let edgeFontSize = FrameLayout.decimal(FrameLayout.edgeFontSize, places: 2)

    /// A writer for pictures on `layout`; `labelSizes` (by edge) for a layout that sized its
    /// labels itself (a focus frame), instead of each edge's widest label.
    init(storyboard: Storyboard, layout: FrameLayout, labelSizes: [(width: Double, height: Double)?]? = nil) {
        self.storyboard = storyboard
        let geometry = Self.geometry(of: layout, storyboard)
        self.geometry = geometry
        let graph = storyboard.trace.graph
        let boxes = graph.nodes.map { geometry.box($0.id) }
        self.boxes = boxes
        outlines = graph.nodes.map { node in
            guard let box = boxes[node.id] else { return ["", ""] }
            return [false, true].map { Self.outline(node, box, loss: node.id == graph.loss, highlighted: $0, geometry.number) }
        }
        centers = boxes.map { box in box.map { geometry.number($0.centerX) } ?? "0" }
        edgeStrokes = graph.edges.map { edge in
            geometry.edge(edge.id).map { (Self.stroke($0, highlighted: false), Self.stroke($0, highlighted: true)) }
        }
        labels = graph.edges.map { edge in
            guard let center = geometry.labelCenter(edge.id),
                  let size = labelSizes.map({ $0[edge.id] }) ?? FrameLayout.labelSize(edge.id, storyboard) else { return nil }
            return (center, size.width, size.height)
        }
        nodeMemo = DrawingMemo(count: graph.nodes.count)
        edgeMemo = DrawingMemo(count: graph.edges.count)
    }

    private var graph: Graph { storyboard.trace.graph }

    /// The SVG document of `content`, with `caption` as its accessible name and title, and
    /// `overlay` (a focus frame's thumbnail) drawn last. Nodes and edges the layout does not
    /// place are not drawn.
    func picture(_ content: FrameContent, caption: String, overlay: String? = nil) -> String {
        let width = geometry.number(geometry.width), height = geometry.number(geometry.height)
        let title = Escape.xml(caption)
        var out = ["<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>",
                   "<svg role=\"img\" aria-label=\"\(title)\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)pt\" height=\"\(height)pt\" "
                   + "viewBox=\"0 0 \(width) \(height)\" font-family=\"\(FrameStyle.font)\" text-anchor=\"middle\">",
                   "<title>\(title)</title>",
                   "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"]
        for edge in graph.edges where edgeStrokes[edge.id] != nil {
            let state = EdgeState(highlighted: content.highlightedEdges.contains(edge.id), lines: content.edgeLines(edge.id))
            out.append(edgeMemo.drawing(edge.id, in: state) { edgeDrawing(edge, state) })
        }
        for node in graph.nodes where boxes[node.id] != nil {
            let state = NodeState(title: content.title(node.id), highlighted: node.id == content.highlightedNode, rows: content.rows(node.id))
            out.append(nodeMemo.drawing(node.id, in: state) { nodeDrawing(node, state) })
        }
        if let overlay { out.append(overlay) }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// A node's outline, plain or as the current step's: the same in every frame.
    private static func outline(_ node: Graph.Node, _ box: LayoutGeometry.Box, loss: Bool, highlighted: Bool, _ n: (Double) -> String) -> String {
        let stroke = highlighted ? FrameStyle.highlight : "black"
        let strokeWidth = highlighted ? 3 : loss ? 2 : 1
        let fill = highlighted ? FrameStyle.highlightFill : "none"
        // A parameter's second border lies 4 points outside its box, as Graphviz draws it.
        let outer = node.kind == .parameter ? 4.0 : 0
        var out = "<rect x=\"\(n(box.left - outer))\" y=\"\(n(box.top - outer))\" width=\"\(n(box.width + 2 * outer))\" "
            + "height=\"\(n(box.height + 2 * outer))\"" + (node.kind == .input ? " rx=\"6\"" : "")
            + " fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"\(strokeWidth)\"/>"
        if node.kind == .parameter {
            out += "\n<rect x=\"\(n(box.left))\" y=\"\(n(box.top))\" width=\"\(n(box.width))\" height=\"\(n(box.height))\" "
                + "fill=\"none\" stroke=\"\(stroke)\"/>"
        }
        return out
    }

    private func nodeDrawing(_ node: Graph.Node, _ state: NodeState) -> String {
        guard let box = boxes[node.id] else { return "" }
        let n = geometry.number
        var out = ["<g id=\"\(DOTWriter.nodeName(node.id))\" class=\"node\">", outlines[node.id][state.highlighted ? 1 : 0]]
        // The title and every row's lines, one `lineHeight` each, centred in the box.
        let rows = state.rows
        let lineCount = 1 + rows.map(\.lines.count).reduce(0, +)
        var top = box.top + (box.height - Double(lineCount) * FrameLayout.lineHeight) / 2
        let x = centers[node.id]
        func line(_ text: String, _ attributes: String = "") -> String {
            "<text x=\"\(x)\" y=\"\(n(top + FrameLayout.lineHeight - 4))\" font-size=\"\(Self.fontSize)\"\(attributes)>" + Self.text(text) + "</text>"
        }
        out.append(line(state.title, " font-weight=\"bold\""))
        top += FrameLayout.lineHeight
        for row in rows {
            let shade = row.known ? (row.kind == .adjoint ? FrameStyle.adjointFill : row.kind == .tangent ? FrameStyle.tangentFill : nil) : nil
            if let shade {
                out.append("<rect x=\"\(n(box.left + 5))\" y=\"\(n(top + 1))\" width=\"\(n(box.width - 10))\" "
                           + "height=\"\(n(Double(row.lines.count) * FrameLayout.lineHeight - 1))\" fill=\"\(shade)\"/>")
            }
            for text in row.lines {
                if !text.isEmpty { out.append(line(text, row.known && row.kind == .tangent ? " font-style=\"italic\"" : "")) }
                top += FrameLayout.lineHeight
            }
        }
        out.append("</g>")
        return out.joined(separator: "\n")
    }

    private func edgeDrawing(_ edge: Graph.Edge, _ state: EdgeState) -> String {
        guard let strokes = edgeStrokes[edge.id] else { return "" }
        let n = geometry.number
        let highlighted = state.highlighted
        var out = ["<g id=\"\(DOTWriter.edgeID(edge.id))\" class=\"edge\">", highlighted ? strokes.highlighted : strokes.plain]
        let lines = state.lines
        if !lines.isEmpty, let (center, width, height) = labels[edge.id] {
            out.append("<rect x=\"\(n(center.x - width / 2))\" y=\"\(n(center.y - height / 2))\" width=\"\(n(width))\" "
                       + "height=\"\(n(height))\" fill=\"white\"/>")
            let top = center.y - Double(lines.count) * FrameLayout.edgeLineHeight / 2
            let color = highlighted ? FrameStyle.highlight : "black"
            for (index, text) in lines.enumerated() {
                out.append("<text x=\"\(n(center.x))\" y=\"\(n(top + Double(index + 1) * FrameLayout.edgeLineHeight - 4))\" "
                           + "font-size=\"\(Self.edgeFontSize)\" fill=\"\(color)\">\(Self.text(text))</text>")
            }
        }
        out.append("</g>")
        return out.joined(separator: "\n")
    }

    /// A line as SVG character data: escaped, its leading spaces (a matrix's continued rows)
    /// no-break spaces, which SVG keeps where it collapses ordinary ones.
    private static func text(_ line: String) -> String {
        let indent = line.prefix { $0 == " " }
        return String(repeating: "\u{A0}", count: indent.count) + Escape.xml(String(line.dropFirst(indent.count)))
    }

    /// An edge's path and arrowhead, plain or as one the current step uses.
    private static func stroke(_ drawn: (path: String, arrowhead: String?), highlighted: Bool) -> String {
        let color = highlighted ? FrameStyle.highlight : "black"
        var out = "<path d=\"\(drawn.path)\" fill=\"none\" stroke=\"\(color)\"" + (highlighted ? " stroke-width=\"2.5\"" : "") + "/>"
        if let head = drawn.arrowhead { out += "\n<polygon points=\"\(head)\" fill=\"\(color)\" stroke=\"\(color)\"/>" }
        return out
    }
}
