/// A whole-graph frame printed on a page too narrow for it to read: the same drawing as
/// overlapping parts, left to right, each narrow enough that the page prints its smallest
/// text (the edge labels' 11 points) at 7 points or more.
enum PrintedFigure {
    /// How far consecutive parts overlap, in the frame's points: wider than any box, so each
    /// box stands whole in one part.
    static let overlap = 300.0

    /// The widest part a page whose text is `page` points wide prints with its smallest text
    /// at `smallest` points.
    static func widest(page: Double, smallest: Double = 7) -> Double { page * FrameLayout.edgeFontSize / smallest }

    /// `svg` printed on a page whose text is `page` points wide: one `<figure>` inlined in HTML
    /// per part, each captioned `caption` (and `, part 2 of 3, left to right` where there are
    /// several), their element ids prefixed with `idPrefix` and the part's number (a figure of
    /// one part keeps its ids where `prefixingOnePart` is false: the page holds it once).
    static func html(_ svg: String, page: Double, caption: String, idPrefix: String, prefixingOnePart: Bool = true) -> String {
        let parts = self.parts(of: svg, widest: widest(page: page))
        return parts.enumerated().map { index, part in
            let numbered = parts.count > 1 ? ", part \(index + 1) of \(parts.count), left to right" : ""
            let prefix = parts.count > 1 || prefixingOnePart ? idPrefix + "\(index + 1)-" : nil
            return "<figure>" + RenderContext.inline(part, idPrefix: prefix) + "<figcaption>"
                + Escape.xml(caption + numbered) + "</figcaption></figure>"
        }.joined(separator: "\n")
    }

    /// `svg` (a frame as teach draws it) as the parts that each fit `widest`, left to right:
    /// the drawing with its view box moved; the frame itself where it fits already.
    static func parts(of svg: String, widest: Double) -> [String] {
        guard let box = svg.firstMatch(of: /viewBox="0 0 ([0-9.]+) ([0-9.]+)"/), let width = Double(box.1), let height = Double(box.2),
              width > widest else { return [svg] }
        let count = Int(((width - widest) / (widest - overlap)).rounded(.up)) + 1
        let step = (width - widest) / Double(count - 1)
        let part = FrameLayout.decimal(widest, places: 2)
        return (0..<count).map { index in
            let left = FrameLayout.decimal(Double(index) * step, places: 2)
            return svg.replacingOccurrences(of: "viewBox=\"0 0 \(box.1) \(box.2)\"", with: "viewBox=\"\(left) 0 \(part) \(box.2)\"")
                .replacingOccurrences(of: " width=\"\(box.1)pt\"", with: " width=\"\(part)pt\"")
                .replacingOccurrences(of: "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
                                      with: "<rect x=\"\(left)\" width=\"\(part)\" height=\"\(FrameLayout.decimal(height, places: 2))\" fill=\"white\"/>")
        }
    }
}
