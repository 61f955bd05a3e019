import TeachCore

/// A left-to-right layered layout computed directly, in time linear in nodes + edges, for
/// graphs too large for `dot`: its crossing minimisation grows far faster than N (85 s of
/// mincross and as long again placing nodes at 8,000 nodes of a dense network, even with
/// `mclimit` and `nslimit` bounded).
///
/// - Ranks: an equation's rank is 1 + the largest rank of its operands (longest path); an input
///   or parameter stands one rank before its first consumer, as `dot` would place it.
/// - Order within a rank: definition order, then one barycentre sweep each way (stable sorts):
///   forward, an equation by the mean height of its operands; backward, an input or parameter
///   by the mean height of its consumers. A generated network keeps its units in order.
/// - Coordinates: ranks stand `rankGap` apart plus the widest edge label leaving them; nodes
///   stack `nodeGap` apart, each rank centred on the same line.
/// - Edges: straight lines from the tail's right side to the head's left side (an edge that
///   skips ranks may cross a node), labels at their midpoints.
enum LayeredLayout {
    /// Above this many nodes teach lays out itself instead of asking `dot`.
    static let threshold = 1_500
    /// `dot`'s `ranksep=0.45` and `nodesep=0.3`, in points.
    static let rankGap = 32.4
    static let nodeGap = 21.6
    static let arrowLength = 8.0

    static func make(_ graph: Graph, nodeSizes: [(width: Double, height: Double)],
                     labelSizes: [(width: Double, height: Double)?]) -> FrameLayout {
        let rank = ranks(graph)
        var layers = Array(repeating: [Int](), count: (rank.max() ?? 0) + 1)
        for node in graph.nodes { layers[rank[node.id]].append(node.id) }

        var y = Array(repeating: 0.0, count: graph.nodes.count)
        func stack(_ layer: [Int]) {
            let height = layer.reduce(0) { $0 + nodeSizes[$1].height } + nodeGap * Double(max(0, layer.count - 1))
            var top = height / 2
            for node in layer {
                y[node] = top - nodeSizes[node].height / 2
                top -= nodeSizes[node].height + nodeGap
            }
        }
        func mean(_ values: [Double], or fallback: Double) -> Double {
            values.isEmpty ? fallback : values.reduce(0, +) / Double(values.count)
        }
        func sort(_ index: Int, by key: (Int) -> Double) {
            let keys = layers[index].map(key)
            layers[index] = layers[index].indices.sorted { keys[$0] != keys[$1] ? keys[$0] > keys[$1] : $0 < $1 }
                .map { layers[index][$0] }
            stack(layers[index])
        }
        layers.forEach(stack)
        // Forward: an equation follows its operands. Backward: an input or parameter follows its consumers.
        for index in layers.indices.dropFirst() {
            sort(index) { node in mean(graph.nodes[node].incoming.map { y[graph.edges[$0].from] }, or: y[node]) }
        }
        for index in layers.indices.reversed() {
            sort(index) { node in
                graph.nodes[node].incoming.isEmpty ? mean(graph.outgoing[node].map { y[graph.edges[$0].to] }, or: y[node]) : y[node]
            }
        }

        var x = Array(repeating: 0.0, count: graph.nodes.count)
        var left = 0.0
        for layer in layers {
            let width = layer.map { nodeSizes[$0].width }.max() ?? 0
            for node in layer { x[node] = left + width / 2 }
            let label = layer.flatMap { graph.outgoing[$0] }.compactMap { labelSizes[$0]?.width }.max() ?? 0
            left += width + rankGap + label
        }

        var low = (x: Double.infinity, y: Double.infinity), high = (x: -Double.infinity, y: -Double.infinity)
        func include(_ cx: Double, _ cy: Double, _ size: (width: Double, height: Double)) {
            low = (min(low.x, cx - size.width / 2), min(low.y, cy - size.height / 2))
            high = (max(high.x, cx + size.width / 2), max(high.y, cy + size.height / 2))
        }
        for node in graph.nodes { include(x[node.id], y[node.id], nodeSizes[node.id]) }
        let ends = graph.edges.map { edge in
            (start: (x: x[edge.from] + nodeSizes[edge.from].width / 2, y: y[edge.from]),
             end: (x: x[edge.to] - nodeSizes[edge.to].width / 2, y: y[edge.to]))
        }
        for edge in graph.edges {
            if let size = labelSizes[edge.id] {
                let (start, end) = ends[edge.id]
                include((start.x + end.x) / 2, (start.y + end.y) / 2, size)
            }
        }
        if graph.nodes.isEmpty { (low, high) = ((0, 0), (0, 0)) }
        func point(_ px: Double, _ py: Double) -> String { "\(FrameLayout.decimal(px - low.x, places: 2)),\(FrameLayout.decimal(py - low.y, places: 2))" }

        let nodes = graph.nodes.map { node in
            GraphvizLayout.Node(position: point(x[node.id], y[node.id]),
                                width: FrameLayout.decimal(nodeSizes[node.id].width / 72, places: 4),
                                height: FrameLayout.decimal(nodeSizes[node.id].height / 72, places: 4))
        }
        let edges = graph.edges.map { edge in
            let (start, end) = ends[edge.id]
            let length = max(1, ((end.x - start.x) * (end.x - start.x) + (end.y - start.y) * (end.y - start.y)).squareRoot())
            // The line stops an arrowhead's length (arrowsize 0.8 × 10 pt) short of the tip.
            let base = max(0, 1 - arrowLength / length)
            func along(_ t: Double) -> String { point(start.x + (end.x - start.x) * t, start.y + (end.y - start.y) * t) }
            return GraphvizLayout.Edge(spline: "e,\(along(1)) \(along(0)) \(along(base / 3)) \(along(base * 2 / 3)) \(along(base))",
                                       labelPosition: labelSizes[edge.id] == nil ? nil : along(0.5))
        }
        return FrameLayout(boundingBox: [0, 0, high.x - low.x, high.y - low.y], nodes: nodes, edges: edges)
    }

    /// Longest-path ranks, with inputs and parameters pulled up to one rank before their first consumer.
    static func ranks(_ graph: Graph) -> [Int] {
        var rank = Array(repeating: 0, count: graph.nodes.count)
        for node in graph.nodes where !node.incoming.isEmpty {
            rank[node.id] = 1 + (node.incoming.map { rank[graph.edges[$0].from] }.max() ?? 0)
        }
        for node in graph.nodes where node.incoming.isEmpty {
            let consumers = graph.outgoing[node.id].map { rank[graph.edges[$0].to] }
            rank[node.id] = max(0, (consumers.min() ?? 1) - 1)
        }
        return rank
    }
}
