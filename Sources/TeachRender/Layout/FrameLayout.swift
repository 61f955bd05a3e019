import Foundation
import TeachCore

/// The one layout every frame of a lesson shares. Graphviz's `dot` places the graph once,
/// with each node and edge label sized for the widest text any frame will show; every frame
/// is then drawn at these pinned positions, so nothing moves from one frame to the next.
struct FrameLayout: Sendable {
    /// `llx,lly,urx,ury` in points.
    let boundingBox: [Double]
    /// By node id.
    let nodes: [GraphvizLayout.Node]
    /// By edge id; the label position is nil for an edge that never carries a label.
    let edges: [GraphvizLayout.Edge]

    static let fontSize = 12.0
    static let edgeFontSize = 11.0
    static let lineHeight = 16.0
    static let edgeLineHeight = 15.0
    static let padding = 12.0

    /// Lays out the storyboard's graph with Graphviz's `dot`, or with `LayeredLayout`, whose
    /// cost stays linear, where `dot` would take long: above `LayeredLayout.threshold` nodes, or
    /// when its edges would span more than `longEdgeLimit` ranks in all. `dot` routes an edge
    /// over k ranks through k virtual nodes (twice that with a label) and orders them all, so
    /// one variable feeding a 250-step chain (an expanded product) took it over five minutes.
    static func make(_ storyboard: Storyboard, graphviz: Graphviz = .shared) throws(GraphvizError) -> FrameLayout {
        let graph = storyboard.trace.graph
        let nodeSizes = graph.nodes.map { nodeSize($0.id, storyboard) }
        let labelSizes = graph.edges.map { labelSize($0.id, storyboard) }
        if graph.nodes.count > LayeredLayout.threshold || rankSpan(graph) > longEdgeLimit {
            return LayeredLayout.make(graph, nodeSizes: nodeSizes, labelSizes: labelSizes)
        }
        let dot = DOTWriter(storyboard: storyboard).layoutGraph(nodeSizes: nodeSizes, labelSizes: labelSizes)
        let placed = try graphviz.layout(dot, engine: "dot")
        var nodes: [GraphvizLayout.Node] = []
        for node in graph.nodes {
            guard let geometry = placed.nodes[DOTWriter.nodeName(node.id)] else {
                throw GraphvizError(message: "Graphviz: node '\(node.name)' has no position")
            }
            nodes.append(geometry)
        }
        var edges: [GraphvizLayout.Edge] = []
        for edge in graph.edges {
            guard let geometry = placed.edges[DOTWriter.edgeID(edge.id)] else {
                throw GraphvizError(message: "Graphviz: an edge into '\(graph.nodes[edge.to].name)' has no route")
            }
            edges.append(geometry)
        }
        let box = placed.boundingBox.split(separator: ",").compactMap { Double($0) }
        guard box.count == 4 else { throw GraphvizError(message: "Graphviz: no bounding box in '\(placed.boundingBox)'") }
        return FrameLayout(boundingBox: box, nodes: nodes, edges: edges)
    }

    /// The most ranks `dot`'s edges may span in all (a lecture graph spans a few dozen).
    static let longEdgeLimit = 1_000

    /// The ranks all edges span, with each node one rank below its deepest operand.
    static func rankSpan(_ graph: Graph) -> Int {
        var rank = [Int](repeating: 0, count: graph.nodes.count)
        for node in graph.nodes { rank[node.id] = node.incoming.map { rank[graph.edges[$0].from] + 1 }.max() ?? 0 }
        return graph.edges.reduce(0) { $0 + rank[$1.to] - rank[$1.from] }
    }

    /// Width and height in points of a node's box, from its widest text.
    static func nodeSize(_ node: Int, _ storyboard: Storyboard) -> (width: Double, height: Double) {
        nodeSize(title: storyboard.title(node), lines: storyboard.widestRows(node).flatMap(\.lines))
    }

    /// Width and height in points of a box with a bold `title` over `lines`.
    static func nodeSize(title: String, lines: [String]) -> (width: Double, height: Double) {
        let width = max(TextMetrics.width(of: title, fontSize: fontSize, bold: true),
                        lines.map { TextMetrics.width(of: $0, fontSize: fontSize) }.max() ?? 0)
        return (max(width + 2 * padding, 54), Double(lines.count + 1) * lineHeight + padding)
    }

    /// Width and height in points of an edge's label, or nil if it never has one.
    static func labelSize(_ edge: Int, _ storyboard: Storyboard) -> (width: Double, height: Double)? {
        labelSize(lines: storyboard.widestEdgeLines(edge))
    }

    /// Width and height in points of an edge label of `lines`, or nil for none.
    static func labelSize(lines: [String]) -> (width: Double, height: Double)? {
        guard !lines.isEmpty else { return nil }
        let width = lines.map { TextMetrics.width(of: $0, fontSize: edgeFontSize) }.max() ?? 0
        return (width + 8, Double(lines.count) * edgeLineHeight + 4)
    }

    /// `value` rounded to `places` decimals, without trailing zeros, as Graphviz writes numbers.
    static func decimal(_ value: Double, places: Int) -> String {
        let scale = Foundation.pow(10, Double(places))
        let rounded = (value * scale).rounded() / scale
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
