/// The pinned layout in SVG's coordinates, for every drawing teach writes itself (the frames'
/// SVG, the player): Graphviz's points have y upward from the bounding box's bottom; SVG's
/// have y downward from its top, shifted by `margin` on every side, on a canvas that also
/// holds what reaches past the layout's bounding box (`overhang`).
struct LayoutGeometry {
    let layout: FrameLayout
    let margin: Double
    /// How far drawing reaches past the bounding box on each side: a parameter's outer border,
    /// 4 points outside its box, as Graphviz draws a second periphery; zero for the player.
    var overhang = (left: 0.0, bottom: 0.0, right: 0.0, top: 0.0)

    struct Point { let x: Double; let y: Double }
    struct Box { let left: Double; let top: Double; let width: Double; let height: Double; var centerX: Double { left + width / 2 } }

    /// The drawing's size with its margins.
    var width: Double { layout.boundingBox[2] - layout.boundingBox[0] + overhang.left + overhang.right + 2 * margin }
    var height: Double { layout.boundingBox[3] - layout.boundingBox[1] + overhang.bottom + overhang.top + 2 * margin }

    func point(x: Double, y: Double) -> Point {
        Point(x: x - layout.boundingBox[0] + overhang.left + margin, y: layout.boundingBox[3] + overhang.top - y + margin)
    }

    /// The overhang of the outer borders of `parameters` (4 points around each box).
    mutating func reach(around parameters: [Int]) {
        let box = layout.boundingBox
        for node in parameters {
            guard let extent = extent(node) else { continue }
            let halfWidth = extent.halfWidth + 4, halfHeight = extent.halfHeight + 4
            overhang.left = max(overhang.left, box[0] - (extent.x - halfWidth))
            overhang.right = max(overhang.right, extent.x + halfWidth - box[2])
            overhang.bottom = max(overhang.bottom, box[1] - (extent.y - halfHeight))
            overhang.top = max(overhang.top, extent.y + halfHeight - box[3])
        }
    }

    /// `x,y` as Graphviz writes a position.
    func point(_ pair: Substring) -> Point? {
        Self.coordinates(pair).map { point(x: $0.x, y: $0.y) }
    }

    private static func coordinates(_ pair: Substring) -> (x: Double, y: Double)? {
        let parts = pair.split(separator: ",").compactMap { Double($0) }
        return parts.count == 2 ? (parts[0], parts[1]) : nil
    }

    /// A node's centre and half its size in Graphviz's points (its size is in inches, 72 points each).
    private func extent(_ node: Int) -> (x: Double, y: Double, halfWidth: Double, halfHeight: Double)? {
        let geometry = layout.nodes[node]
        guard let center = Self.coordinates(geometry.position[...]), let w = Double(geometry.width), let h = Double(geometry.height) else { return nil }
        return (center.x, center.y, w * 36, h * 36)
    }

    /// A node's box.
    func box(_ node: Int) -> Box? {
        guard let extent = extent(node) else { return nil }
        let center = point(x: extent.x, y: extent.y)
        return Box(left: center.x - extent.halfWidth, top: center.y - extent.halfHeight, width: 2 * extent.halfWidth, height: 2 * extent.halfHeight)
    }

    /// An edge's spline as an SVG path (`M` then cubic Béziers), and its arrowhead: a triangle
    /// from the spline's last point to Graphviz's end point `e,x,y`, 7 points wide.
    func edge(_ edge: Int) -> (path: String, arrowhead: String?)? {
        var tip: Point?
        var points: [Point] = []
        for part in layout.edges[edge].spline.split(separator: " ") {
            if part.hasPrefix("e,") { tip = point(part.dropFirst(2)) } else if !part.hasPrefix("s,"), let p = point(part) { points.append(p) }
        }
        guard let start = points.first else { return nil }
        var path = "M\(number(start.x)),\(number(start.y))"
        for index in stride(from: 1, to: points.count - 2, by: 3) {
            path += " C" + points[index..<(index + 3)].map { "\(number($0.x)),\(number($0.y))" }.joined(separator: " ")
        }
        guard let tip, let base = points.last else { return (path, nil) }
        let dx = tip.x - base.x, dy = tip.y - base.y, length = max((dx * dx + dy * dy).squareRoot(), 0.001)
        let nx = -dy / length * 3.5, ny = dx / length * 3.5
        let head = "\(number(tip.x)),\(number(tip.y)) \(number(base.x + nx)),\(number(base.y + ny)) \(number(base.x - nx)),\(number(base.y - ny))"
        return (path, head)
    }

    /// Where an edge's label is centred, if it ever has one.
    func labelCenter(_ edge: Int) -> Point? { layout.edges[edge].labelPosition.flatMap { point($0[...]) } }

    /// A coordinate to two decimals, as Graphviz writes them.
    func number(_ value: Double) -> String { FrameLayout.decimal(value, places: 2) }
}
