import TeachCore

/// The focus view of one step, for slides of a graph too wide to read whole: only the step's
/// node and the far ends of the edges the step uses (a backward step's consumers, a forward
/// step's operands), laid out large, beside a thumbnail of the whole graph that marks where
/// they are. Unlike the whole-graph frames it is laid out afresh for each step, by teach, in
/// time linear in what it shows.
///
/// - Tiers, along the chosen direction: what feeds the step's node, the node, what it feeds
///   (each node one tier past the deepest shown node feeding it); within a tier, in the whole
///   layout's top-to-bottom order.
/// - Labels: each edge's label stands in the gap beside its far end (the end that is not the
///   step's node), level with it; a node's slot across the tier is as wide as its box or as
///   its labels side by side, whichever is more, so that no two labels overlap.
/// - Edges: a curve from the tail into the label, straight through it, a curve on to the head;
///   where several edges meet the step's node they meet it spread over its side.
///
/// Every focus frame of a lesson reads the same way, so that slide after slide holds still:
/// left to right, as the whole graph and the forward pass run (a backward edge's `◀` points
/// the way its contribution flows), each box as large as what it shows at that step, on a
/// canvas as wide as the lesson's widest drawing (`Canvas`) with the drawing centred across
/// it, and the thumbnail at one size at its top right (or below the drawing, at the right).
struct FocusLayout {
    /// The room every focus frame of a lesson gives its drawing, and the thumbnail's size.
    struct Canvas {
        let drawing: (width: Double, height: Double)
        let thumbnail: (width: Double, height: Double)
        /// Whether the thumbnail stands beside the drawing (else below it), on the right.
        let beside: Bool

        /// The canvas of a lesson whose focus drawings (`FocusLayout.drawingSize`) are `sizes`,
        /// with a thumbnail of the whole layout `whole` beside them or below them, whichever
        /// lets the canvas stand larger in a slide's picture room (`room`, width by height).
        init(sizes: [(width: Double, height: Double)], whole: FrameLayout, room: (width: Double, height: Double)) {
            drawing = (sizes.map(\.width).max() ?? 0, sizes.map(\.height).max() ?? 0)
            thumbnail = Thumbnail.size(whole: whole, beside: drawing)
            let gap = Thumbnail.gap
            let besideScale = min(room.width / (drawing.width + gap + thumbnail.width), room.height / max(drawing.height, thumbnail.height))
            let belowScale = min(room.width / max(drawing.width, thumbnail.width), room.height / (drawing.height + gap + thumbnail.height))
            beside = besideScale >= belowScale
        }
    }

    /// Positions for the shown nodes and edges only (the others have none, and are not drawn).
    let layout: FrameLayout
    /// Each shown edge's label size, for the labels the step shows.
    let labelSizes: [(width: Double, height: Double)?]
    let thumbnail: Thumbnail

    static let curve = 12.0
    /// The widest an edge label's partial may stand with its formula, in points (a third of
    /// a slide-wide frame); a wider one shows the partial's symbol and value.
    static let widestLabel = 250.0
    /// The widest a line of a focus frame's box or label stands before it breaks, in points.
    static let widestLine = 150.0
    static let labelGap = 4.0

    /// The shown nodes (the step's node first) and edges of `step`.
    static func neighbourhood(_ storyboard: Storyboard, step: Int) -> (nodes: [Int], edges: [Int]) {
        let graph = storyboard.trace.graph
        let node = storyboard.trace.steps[step].node
        var edges: [Int] = []
        for edge in storyboard.highlightedEdges(at: step) where !edges.contains(edge) { edges.append(edge) }
        edges.sort()
        var nodes = [node]
        for edge in edges {
            for end in [graph.edges[edge].from, graph.edges[edge].to] where !nodes.contains(end) { nodes.append(end) }
        }
        return (nodes, edges)
    }

    /// The size of `step`'s focus drawing without its thumbnail, for the lesson's `Canvas`.
    static func drawingSize(_ storyboard: Storyboard, step: Int, whole: FrameLayout) -> (width: Double, height: Double) {
        make(storyboard, step: step, whole: whole, canvas: nil).drawn
    }

    static func make(_ storyboard: Storyboard, step: Int, whole: FrameLayout, canvas: Canvas) -> FocusLayout {
        make(storyboard, step: step, whole: whole, canvas: Optional(canvas)).layout!
    }

    /// The layout of `step` on `canvas` (nil: only the size of its drawing, to measure it), and
    /// the size of its drawing.
    private static func make(_ storyboard: Storyboard, step: Int, whole: FrameLayout, canvas: Canvas?)
        -> (layout: FocusLayout?, drawn: (width: Double, height: Double)) {
        let graph = storyboard.trace.graph
        let content = storyboard.focusContent(at: step)
        let (shown, edges) = neighbourhood(storyboard, step: step)
        let center = shown[0]
        // Sizes along the direction of the edges (left to right), and across it.
        func along(_ size: (width: Double, height: Double)) -> Double { size.width }
        func breadth(_ size: (width: Double, height: Double)) -> Double { size.height }
        let nodeSizes = Dictionary(uniqueKeysWithValues: shown.map { node in
            (node, FrameLayout.nodeSize(title: content.title(node), lines: content.rows(node).flatMap(\.lines)))
        })
        var labelSizes = [(width: Double, height: Double)?](repeating: nil, count: graph.edges.count)
        for edge in edges { labelSizes[edge] = FrameLayout.labelSize(lines: content.edgeLines(edge)) }

        // Tiers: each shown node one past the deepest shown node feeding it (what feeds the step's
        // node, the node, what it feeds), so every edge runs forward. Node ids follow the order
        // of computation, so a node's operands come first.
        var tierOf = [Int: Int]()
        for node in shown.sorted() {
            tierOf[node] = edges.filter { graph.edges[$0].to == node }.map { tierOf[graph.edges[$0].from]! + 1 }.max() ?? 0
        }
        let wholeGeometry = LayoutGeometry(layout: whole, margin: 0)
        let wholeMiddle = shown.map { wholeGeometry.box($0).map { $0.top + $0.height / 2 } ?? 0 }
        var tiers = (0...(tierOf.values.max() ?? 0)).map { tier in shown.indices.filter { tierOf[shown[$0]] == tier } }
        for t in tiers.indices { tiers[t].sort { wholeMiddle[$0] != wholeMiddle[$1] ? wholeMiddle[$0] < wholeMiddle[$1] : shown[$0] < shown[$1] } }

        // Each edge's label stands beside its far end, in the gap toward the other end.
        func farEnd(_ edge: Int) -> Int {
            let e = graph.edges[edge]
            return e.from == center ? e.to : e.to == center ? e.from : e.from
        }
        func gap(_ edge: Int) -> Int {
            let e = graph.edges[edge], far = farEnd(edge)
            return far == e.from ? tierOf[far]! : tierOf[far]! - 1
        }
        let anchored = Dictionary(grouping: edges.filter { labelSizes[$0] != nil }, by: farEnd)

        // Along: tiers as deep as their deepest box, gaps as deep as their deepest label.
        var tierStart: [Double] = [], tierDepth: [Double] = []
        var cursor = 0.0
        for (t, tier) in tiers.enumerated() {
            let depth = tier.map { along(nodeSizes[shown[$0]]!) }.max() ?? 0
            tierStart.append(cursor)
            tierDepth.append(depth)
            let labels = edges.filter { gap($0) == t }.compactMap { labelSizes[$0].map(along) }
            cursor += depth + (labels.max().map { $0 + 2 * curve } ?? LayeredLayout.rankGap)
        }
        // Across: each node's slot holds its box and its labels side by side, slots centred.
        var slotCenter = [Int: Double](), labelCenter = [Int: (along: Double, across: Double)]()
        for tier in tiers {
            let slots = tier.map { index -> Double in
                let node = shown[index]
                let labels = (anchored[node] ?? []).map { breadth(labelSizes[$0]!) }
                return max(breadth(nodeSizes[node]!), labels.reduce(0, +) + labelGap * Double(max(0, labels.count - 1)))
            }
            var start = -(slots.reduce(0, +) + LayeredLayout.nodeGap * Double(max(0, slots.count - 1))) / 2
            for (index, slot) in zip(tier, slots) {
                let node = shown[index]
                slotCenter[node] = start + slot / 2
                let labels = anchored[node] ?? []
                var labelStart = start + slot / 2 - (labels.map { breadth(labelSizes[$0]!) }.reduce(0, +) + labelGap * Double(max(0, labels.count - 1))) / 2
                for edge in labels {
                    let size = labelSizes[edge]!
                    let gapIndex = gap(edge)
                    let gapStart = tierStart[gapIndex] + tierDepth[gapIndex]
                    let gapEnd = gapIndex + 1 < tierStart.count ? tierStart[gapIndex + 1] : gapStart + along(size) + 2 * curve
                    labelCenter[edge] = ((gapStart + gapEnd) / 2, labelStart + breadth(size) / 2)
                    labelStart += breadth(size) + labelGap
                }
                start += slot + LayeredLayout.nodeGap
            }
        }
        func nodeAlong(_ node: Int) -> Double { tierStart[tierOf[node]!] + tierDepth[tierOf[node]!] / 2 }
        // An edge without a label of its own that repeats a labelled one (a second reference
        // to the same operand in forward mode, whose label says "all 2 references") would run
        // along the same route: it is drawn once.
        let drawn = edges.filter { edge in
            let e = graph.edges[edge]
            return labelCenter[edge] != nil
                || !edges.contains { graph.edges[$0].from == e.from && graph.edges[$0].to == e.to && labelCenter[$0] != nil }
        }

        // Where each edge leaves its tail and enters its head, across: level with its label at
        // the far end, spread over the side of the step's node.
        var crossing = [Int: (tail: Double, head: Double)]()
        for edge in drawn {
            let e = graph.edges[edge]
            func level(_ node: Int) -> Double {
                let half = breadth(nodeSizes[node]!) / 2 - 4
                return min(max(labelCenter[edge]?.across ?? slotCenter[node]!, slotCenter[node]! - half), slotCenter[node]! + half)
            }
            crossing[edge] = (level(e.from), level(e.to))
        }
        for side in [true, false] {
            let meeting = drawn.filter { side ? graph.edges[$0].to == center : graph.edges[$0].from == center && graph.edges[$0].to != center }
                .sorted { slotCenter[farEnd($0)]! < slotCenter[farEnd($1)]! }
            let spacing = min(12, breadth(nodeSizes[center]!) * 0.8 / Double(max(1, meeting.count)))
            for (i, edge) in meeting.enumerated() {
                let offset = (Double(i) - Double(meeting.count - 1) / 2) * spacing
                if side { crossing[edge]!.head = slotCenter[center]! + offset } else { crossing[edge]!.tail = slotCenter[center]! + offset }
            }
        }

        // Bounds, in (x, y) with y downward.
        func point(_ a: Double, _ c: Double) -> (x: Double, y: Double) { (a, c) }
        var low = (x: Double.infinity, y: Double.infinity), high = (x: -Double.infinity, y: -Double.infinity)
        func include(_ p: (x: Double, y: Double), _ size: (width: Double, height: Double)) {
            low = (min(low.x, p.x - size.width / 2), min(low.y, p.y - size.height / 2))
            high = (max(high.x, p.x + size.width / 2), max(high.y, p.y + size.height / 2))
        }
        for node in shown { include(point(nodeAlong(node), slotCenter[node]!), nodeSizes[node]!) }
        for (edge, label) in labelCenter { include(point(label.along, label.across), labelSizes[edge]!) }
        // Parameters' second border reaches 4 points further.
        low = (low.x - 4, low.y - 4)
        high = (high.x + 4, high.y + 4)

        let size = (width: high.x - low.x, height: high.y - low.y)
        guard let canvas else { return (nil, size) }
        // The drawing centred across the lesson's width for it and as tall as itself, the
        // thumbnail at the top right (or below, at the right).
        low = (low.x - (canvas.drawing.width - size.width) / 2, low.y)
        let thumbnail = Thumbnail.place(whole: whole, beside: (canvas.drawing.width, size.height), size: canvas.thumbnail, onTheRight: canvas.beside,
                                        storyboard: storyboard, step: step, shown: shown, edges: edges)
        // The canvas to the hundredth of a point, as the DOT's corners write it.
        let height = (thumbnail.canvas.height * 100).rounded(.up) / 100
        func gv(_ p: (x: Double, y: Double)) -> String {
            "\(FrameLayout.decimal(p.x - low.x, places: 2)),\(FrameLayout.decimal(height - (p.y - low.y), places: 2))"
        }

        var nodes = graph.nodes.map { _ in GraphvizLayout.Node(position: "", width: "0", height: "0") }
        for node in shown {
            let size = nodeSizes[node]!
            nodes[node] = GraphvizLayout.Node(position: gv(point(nodeAlong(node), slotCenter[node]!)),
                                              width: FrameLayout.decimal(size.width / 72, places: 4),
                                              height: FrameLayout.decimal(size.height / 72, places: 4))
        }
        var routes = graph.edges.map { _ in GraphvizLayout.Edge(spline: "", labelPosition: nil) }
        for edge in drawn {
            let e = graph.edges[edge]
            let start = nodeAlong(e.from) + along(nodeSizes[e.from]!) / 2
            let tip = nodeAlong(e.to) - along(nodeSizes[e.to]!) / 2
            let (from, to) = crossing[edge]!
            let end = tip - LayeredLayout.arrowLength
            var points: [(Double, Double)] = [(start, from)]
            func curve(to target: (Double, Double)) {
                let last = points.last!, middle = (last.0 + target.0) / 2
                points += [(middle, last.1), (middle, target.1), target]
            }
            func line(to target: (Double, Double)) {
                let last = points.last!
                points += [1.0 / 3, 2.0 / 3, 1].map { t in (last.0 + (target.0 - last.0) * t, last.1 + (target.1 - last.1) * t) }
            }
            var labelPosition: String?
            if let label = labelCenter[edge], let size = labelSizes[edge] {
                curve(to: (label.along - along(size) / 2, label.across))
                line(to: (label.along + along(size) / 2, label.across))
                labelPosition = gv(point(label.along, label.across))
            }
            curve(to: (end, to))
            let spline = "e,\(gv(point(tip, to))) " + points.map { gv(point($0.0, $0.1)) }.joined(separator: " ")
            routes[edge] = GraphvizLayout.Edge(spline: spline, labelPosition: labelPosition)
        }
        let layout = FocusLayout(layout: FrameLayout(boundingBox: [0, 0, (thumbnail.canvas.width * 100).rounded(.up) / 100, height], nodes: nodes, edges: routes),
                                 labelSizes: labelSizes, thumbnail: thumbnail)
        return (layout, size)
    }
}
