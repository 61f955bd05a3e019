/// The whole graph in miniature beside a focus frame: every box and edge (above `detailLimit`
/// nodes, the shown ones only), no text, the step's node filled and the shown nodes and edges
/// outlined in the highlight colour, so a lecturer sees where in the graph the step stands. Coordinates are Graphviz points (y upward) on the
/// focus frame's canvas.
struct Thumbnail {
    enum Mark { case plain, shown, current }
    struct Box { let node: Int; let x: Double; let y: Double; let width: Double; let height: Double; let mark: Mark }
    struct Line { let from: (x: Double, y: Double); let to: (x: Double, y: Double); let highlighted: Bool }

    let boxes: [Box]
    let lines: [Line]
    /// The thumbnail's own frame, around the miniature: its centre and size.
    let frame: (x: Double, y: Double, width: Double, height: Double)
    /// The canvas holding the focus drawing (from the origin) and the thumbnail.
    let canvas: (width: Double, height: Double)

    static let gap = 14.0
    /// Above this many nodes the thumbnail shows only what the focus frame shows, at its place.
    static let detailLimit = 300
    /// Between the thumbnail's frame and the miniature inside it.
    static let padding = 4.0
    /// The thumbnail's width: 20% of the lesson's focus drawings' width, within these bounds.
    static let widths = 70.0...110.0

    /// The one size of a lesson's thumbnails beside focus drawings of up to `drawn`: the whole
    /// graph's shape, `widths` wide (20% of the drawing's width), no taller than the drawing.
    static func size(whole: FrameLayout, beside drawn: (width: Double, height: Double)) -> (width: Double, height: Double) {
        let aspect = max(whole.boundingBox[2] - whole.boundingBox[0], 1) / max(whole.boundingBox[3] - whole.boundingBox[1], 1)
        let width = min(max(drawn.width * 0.2, widths.lowerBound), widths.upperBound)
        let height = (width - 2 * padding) / aspect + 2 * padding
        let tallest = max(drawn.height, 40)
        return height <= tallest ? (width, height) : ((tallest - 2 * padding) * aspect + 2 * padding, tallest)
    }

    /// A thumbnail of `size` at the top right beside a focus drawing that takes `drawn`
    /// (`onTheRight`), else below it at the right.
    static func place(whole: FrameLayout, beside drawn: (width: Double, height: Double), size: (width: Double, height: Double),
                      onTheRight: Bool, storyboard: Storyboard, step: Int, shown: [Int], edges: [Int]) -> Thumbnail {
        let graph = storyboard.trace.graph
        let wholeWidth = max(whole.boundingBox[2] - whole.boundingBox[0], 1)
        let origin = onTheRight ? (x: drawn.width + gap, y: 0.0) : (x: max(drawn.width - size.width, 0), y: drawn.height + gap)
        let canvas = (width: max(drawn.width, origin.x + size.width), height: max(drawn.height, origin.y + size.height))
        // The miniature inside the frame, `padding` from its border.
        let scale = (size.width - 2 * padding) / wholeWidth
        let inner = (x: origin.x + padding, y: origin.y + padding)
        let geometry = LayoutGeometry(layout: whole, margin: 0)
        func point(_ x: Double, _ y: Double) -> (x: Double, y: Double) { (inner.x + x * scale, canvas.height - (inner.y + y * scale)) }
        let current = storyboard.trace.steps[step].node
        var boxes: [Box] = []
        var sides: [(left: (x: Double, y: Double), right: (x: Double, y: Double))?] = Array(repeating: nil, count: graph.nodes.count)
        // Above `detailLimit` nodes only the shown nodes and the step's edges: the rest would be
        // a blur at this size, and would cost every frame time in proportion to the whole graph.
        let drawn = graph.nodes.count > detailLimit ? shown.sorted() : graph.nodes.map(\.id)
        for id in drawn {
            let node = graph.nodes[id]
            guard let box = geometry.box(node.id) else { continue }
            let center = point(box.centerX, box.top + box.height / 2)
            let mark: Mark = node.id == current ? .current : shown.contains(node.id) ? .shown : .plain
            boxes.append(Box(node: node.id, x: center.x, y: center.y, width: box.width * scale, height: box.height * scale, mark: mark))
            sides[node.id] = (point(box.left, box.top + box.height / 2), point(box.left + box.width, box.top + box.height / 2))
        }
        let candidates = graph.nodes.count > detailLimit ? edges.map { graph.edges[$0] } : graph.edges
        let lines = candidates.compactMap { edge -> Line? in
            guard let tail = sides[edge.from], let head = sides[edge.to] else { return nil }
            return Line(from: tail.right, to: head.left, highlighted: edges.contains(edge.id))
        }
        let frame = (x: origin.x + size.width / 2, y: canvas.height - origin.y - size.height / 2, width: size.width, height: size.height)
        return Thumbnail(boxes: boxes, lines: lines, frame: frame, canvas: canvas)
    }

    /// The thumbnail as SVG on a frame drawn by `geometry`: its frame, lines and boxes.
    func svg(_ geometry: LayoutGeometry) -> String {
        let n = geometry.number
        let corner = geometry.point(x: frame.x - frame.width / 2, y: frame.y + frame.height / 2)
        var out = ["<g class=\"thumbnail\" aria-hidden=\"true\">",
                   "<rect x=\"\(n(corner.x))\" y=\"\(n(corner.y))\" width=\"\(n(frame.width))\" height=\"\(n(frame.height))\" "
                   + "rx=\"4\" fill=\"\(FrameStyle.thumbnailFill)\" stroke=\"\(FrameStyle.thumbnailStroke)\"/>"]
        for line in lines {
            let a = geometry.point(x: line.from.x, y: line.from.y), b = geometry.point(x: line.to.x, y: line.to.y)
            out.append("<line x1=\"\(n(a.x))\" y1=\"\(n(a.y))\" x2=\"\(n(b.x))\" y2=\"\(n(b.y))\" stroke=\""
                       + (line.highlighted ? "\(FrameStyle.highlight)\" stroke-width=\"1.5\"/>" : "\(FrameStyle.thumbnailStroke)\"/>"))
        }
        for box in boxes {
            let c = geometry.point(x: box.x - box.width / 2, y: box.y + box.height / 2)
            let (fill, stroke, width) = style(box.mark)
            out.append("<rect x=\"\(n(c.x))\" y=\"\(n(c.y))\" width=\"\(n(box.width))\" height=\"\(n(box.height))\" "
                       + "fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"\(width)\"/>")
        }
        out.append("</g>")
        return out.joined(separator: "\n")
    }

    /// The thumbnail as DOT statements on a pinned frame: each box a filled node without a
    /// label, each line an edge without an arrowhead between two invisible points. Points to two
    /// decimals, sizes in inches to four, as the frames' DOT writes them.
    func dot() -> [String] {
        func p(_ value: Double) -> String { FrameLayout.decimal(value, places: 2) }
        func inches(_ points: Double) -> String { FrameLayout.decimal(points / 72, places: 4) }
        func at(_ x: Double, _ y: Double) -> String { p(x) + "," + p(y) }
        var out = ["  thumbnail [pos=\"\(at(frame.x, frame.y))!\", shape=box, style=\"rounded,filled\", "
                   + "width=\(inches(frame.width)), height=\(inches(frame.height)), "
                   + "fillcolor=\"\(FrameStyle.thumbnailFill)\", color=\"\(FrameStyle.thumbnailStroke)\", label=\"\"];"]
        for (index, line) in lines.enumerated() {
            let color = line.highlighted ? "\(FrameStyle.highlight)\", penwidth=1.5" : "\(FrameStyle.thumbnailStroke)\""
            let from = at(line.from.x, line.from.y), to = at(line.to.x, line.to.y)
            for (end, position) in [("a", from), ("b", to)] {
                out.append("  thumbnail_line\(index)\(end) [pos=\"\(position)!\", shape=point, width=0, height=0, label=\"\", style=invis];")
            }
            out.append("  thumbnail_line\(index)a -> thumbnail_line\(index)b [dir=none, color=\"\(color), pos=\"\(from) \(from) \(to) \(to)\"];")
        }
        for box in boxes {
            let (fill, stroke, width) = style(box.mark)
            out.append("  thumbnail_n\(box.node) [pos=\"\(at(box.x, box.y))!\", shape=box, style=filled, label=\"\", "
                       + "width=\(inches(box.width)), height=\(inches(box.height)), fillcolor=\"\(fill)\", color=\"\(stroke)\", penwidth=\(width)];")
        }
        return out
    }

    private func style(_ mark: Mark) -> (fill: String, stroke: String, width: String) {
        switch mark {
        case .plain: return ("white", FrameStyle.thumbnailStroke, "1")
        case .shown: return ("white", FrameStyle.highlight, "1.5")
        case .current: return (FrameStyle.highlightFill, FrameStyle.highlight, "2")
        }
    }
}
