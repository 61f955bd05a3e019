import Foundation

/// How large a frame's smallest text stands on a slide: the frame fit into the figure area of a
/// 16:9 slide (a 16:7 box, leaving room for the title and the equation under it), its smallest
/// font size as a share of the slide's width,
///
///     share = f · s · min(1/w, (7/16)/h)
///
/// for a `viewBox` w × h, a `scale(s)` transform on the drawing (1 without) and the smallest
/// `font-size` f. It does not depend on the size the SVG asks for, only on its proportions.
/// Beamer's `\tiny` is about 1.65% of its slide, PowerPoint's 18 pt about 1.9%.
public enum Legibility {
    /// The figure area of a 16:9 slide, width by height.
    public static let figureBox = (width: 16.0, height: 7.0)

    /// The share of the slide's width the smallest text of `svg` takes, or nil where the SVG
    /// has no `viewBox` or no text.
    public static func smallestTextShare(svg: String) -> Double? {
        guard let box = numbers(after: "viewBox=\"", in: svg), box.count == 4, box[2] > 0, box[3] > 0 else { return nil }
        let scale = numbers(after: "transform=\"scale(", in: svg)?.first ?? 1
        var smallest = Double.infinity
        var rest = svg[...]
        while let found = rest.range(of: "font-size=\"") {
            rest = rest[found.upperBound...]
            if let size = Double(rest.prefix { $0.isNumber || $0 == "." }), size > 0 { smallest = min(smallest, size) }
        }
        guard smallest.isFinite else { return nil }
        return share(fontSize: smallest * scale, width: box[2], height: box[3])
    }

    /// The share of the slide's width text of `fontSize` takes in a drawing `width` × `height`
    /// fit into the figure box.
    static func share(fontSize: Double, width: Double, height: Double) -> Double {
        fontSize * min(1 / width, figureBox.height / figureBox.width / height)
    }

    /// The share a frame teach draws reaches, on a canvas `width` × `height`: its smallest text
    /// is an edge label's where it shows one, else a node's.
    static func frameShare(width: Double, height: Double, labelled: Bool) -> Double {
        share(fontSize: labelled ? FrameLayout.edgeFontSize : FrameLayout.fontSize, width: width, height: height)
    }

    /// The share the smallest text of a slide's frame should reach: 1.5% for a graph of up to
    /// 12 nodes, 1.0% for a larger one (about Beamer's `\tiny` and a little below it).
    public static func target(nodes: Int) -> Double { nodes <= 12 ? 0.015 : 0.010 }

    /// The numbers right after `marker` (up to the closing quote or parenthesis).
    private static func numbers(after marker: String, in text: String) -> [Double]? {
        guard let found = text.range(of: marker) else { return nil }
        let field = text[found.upperBound...].prefix { $0 != "\"" && $0 != ")" }
        let values = field.split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
        return values.isEmpty ? nil : values
    }
}
