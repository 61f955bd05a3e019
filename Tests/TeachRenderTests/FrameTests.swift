import Foundation
import Testing
import TeachTestSupport
import TeachCore
import TeachLessons
@testable import TeachRender

/// A shipped lesson rendered in memory, its files by path.
func rendered(_ id: String, formats: [LessonRenderer.Format] = [.svg, .dot]) throws -> [String: String] {
    let (lesson, trace) = try shipped(id)
    let files = try LessonRenderer(lesson: lesson, trace: trace, formats: formats).render()
    return Dictionary(uniqueKeysWithValues: files.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
}

/// The frames' (or the focus frames') files of one extension, in step order.
func frames(_ files: [String: String], _ ext: String, folder: String = "frames") -> [(path: String, text: String)] {
    files.filter { $0.key.hasPrefix(folder + "/") && $0.key.hasSuffix("." + ext) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
}

func matches(_ pattern: String, in text: String) -> [[String]] {
    let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
    return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
        (0..<match.numberOfRanges).map { Range(match.range(at: $0), in: text).map { String(text[$0]) } ?? "" }
    }
}

@Suite struct FrameTests {
    /// Reads each node's box and the canvas from the SVG: they must be identical in every frame
    /// of a lesson.
    @Test(arguments: shippedLessons)
    func nodesAndCanvasNeverMoveBetweenFrames(_ id: String) throws {
        let svgs = frames(try rendered(id, formats: [.svg]), "svg")
        let trace = try shipped(id).trace
        #expect(svgs.count == trace.steps.count)
        func geometry(_ svg: String) -> [String] {
            let canvas = matches(#"<svg [^>]*width="([^"]+)" height="([^"]+)" viewBox="([^"]+)""#, in: svg).map { $0[1...].joined(separator: " ") }
            let outlines = matches(#"<g id="(n\d+)" class="node">\n<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)""#, in: svg)
                .map { $0[1] + ": " + $0[2...].joined(separator: " ") }
            return canvas + outlines
        }
        let first = geometry(svgs[0].text)
        #expect(first.count == trace.graph.nodes.count + 1)
        for svg in svgs.dropFirst() { #expect(geometry(svg.text) == first, "\(svg.path) moved a node or resized the canvas") }
    }

    /// The files read as text (frames, player, HTML handout, captions) carry Unicode math only:
    /// a LaTeX command such as `\times` there is a number or formula typeset in the wrong style.
    @Test(arguments: shippedLessons)
    func textOutputsCarryNoLaTeX(_ id: String) throws {
        let files = try rendered(id)
        for (path, text) in files.sorted(by: { $0.key < $1.key })
        where path.hasSuffix(".svg") || path.hasSuffix(".dot") || ["index.html", "handout.html", "index.md"].contains(path) {
            let shown = text.replacingOccurrences(of: #"(?s)<script>.*?</script>"#, with: "", options: .regularExpression)
            // (`\u003c` is JSON's escape of `<` in the player's step records, not LaTeX.)
            let latex = #"\\(?!u[0-9a-f]{4})[A-Za-z]+"#
            #expect(matches(latex, in: shown).isEmpty, "\(path): \(matches(".{30}" + latex + ".{10}", in: shown).first?.first ?? "")")
        }
    }

    @Test(arguments: ["logistic", "l2reg", "softmax"])
    func framesAndTablesMatchSnapshots(_ id: String) throws {
        let files = try rendered(id)
        let dot = frames(files, "dot").map { "=== \($0.path)\n" + $0.text }.joined()
        try assertSnapshot(dot, named: "\(id).frames.dot")
        try assertSnapshot(files["tables.md"]!, named: "\(id).tables.md")
        try assertSnapshot(files["index.md"]!, named: "\(id).index.md")
    }

    @Test func renderIsByteIdenticalRunToRun() throws {
        #expect(try rendered("softmax-scalar", formats: [.dot]) == (try rendered("softmax-scalar", formats: [.dot])))
    }

    /// `neato -n2 -Tsvg frame.dot` draws the picture teach's own SVG shows (a frame's, and a
    /// focus frame's): every node's box at
    /// the same place and size (within half a point), the same texts in every node and on every
    /// edge, every edge from the same point, on a canvas of the same size. Read from Graphviz's
    /// SVG, whose coordinates are shifted by its graph transform.
    @Test(.enabled(if: Tool.neato.isInstalled, Tool.neato.missing))
    func pinnedDOTStandsAlone() throws {
        for id in ["l2reg", "softmax", "xi-chain"] {
            let files = try rendered(id)
            #expect(!frames(files, "dot", folder: "focus").isEmpty)
            for (dot, svg) in zip(frames(files, "dot") + frames(files, "dot", folder: "focus"), frames(files, "svg") + frames(files, "svg", folder: "focus")) {
                let drawn = try Tool.neato.run(["-n2", "-Tsvg"], input: Data(dot.text.utf8)).output
                let theirs = try DrawnPicture(graphviz: drawn), ours = try DrawnPicture(teach: svg.text)
                #expect(abs(theirs.width - ours.width) < 1 && abs(theirs.height - ours.height) < 1, "\(dot.path): canvas")
                #expect(theirs.texts == ours.texts, "\(dot.path): texts differ")
                #expect(theirs.boxes.keys.sorted() == ours.boxes.keys.sorted())
                for (node, box) in ours.boxes {
                    let other = try #require(theirs.boxes[node])
                    #expect(zip(box, other).allSatisfy { abs($0 - $1) < 0.5 }, "\(dot.path): \(node) at \(box) in teach's SVG, \(other) in neato's")
                }
                for (edge, start) in ours.edgeStarts {
                    let other = try #require(theirs.edgeStarts[edge])
                    #expect(abs(start.0 - other.0) < 0.5 && abs(start.1 - other.1) < 0.5, "\(dot.path): \(edge) starts elsewhere")
                }
            }
        }
    }

    /// The frame of ∂ℒ_reg/∂w against the closed form: through z, ∂ℒ/∂z · x with
    /// ∂ℒ/∂z = (y − t) σ(z)(1 − σ(z)); through R, λ w; and their sum.
    @Test func fanOutFrameShowsBothContributionsAndTheirSum() throws {
        let x = 1.5, t = 1.0, lambda = 0.1, w = 0.8, b = -0.3
        let y = 1 / (1 + exp(-(w * x + b)))
        let throughZ = (y - t) * y * (1 - y) * x, throughR = lambda * w
        let format = NumberFormat(digits: 4)
        let files = try rendered("l2reg", formats: [.dot])
        let frame = try #require(files["frames/011-backward-w.dot"])
        #expect(frame.contains("◀ " + format.format(throughZ)))
        #expect(frame.contains("◀ " + format.format(throughR)))
        #expect(frame.contains("∂ℒ_reg/∂w = \(format.format(throughZ)) + \(format.format(throughR)) = \(format.format(throughZ + throughR))"))
        #expect(frame.hasPrefix("// Backward 6 of 7: ∂ℒ_reg/∂w collects two contributions: through z (\(format.format(throughZ))) "
                                + "and through ℛ (+\(format.format(throughR))); sum \(format.format(throughZ + throughR))\n"))
        let highlighted = matches(#"(n\d+) -> (n\d+) \[[^\n]*penwidth=2.5"#, in: frame).map { $0[1] + "->" + $0[2] }
        let graph = try shipped("l2reg").trace.graph
        let w0 = graph.node(named: "w")!.id, z = graph.node(named: "z")!.id, r = graph.node(named: "R")!.id
        #expect(highlighted == ["n\(w0)->n\(z)", "n\(w0)->n\(r)"])
    }

    /// A value appears in the frame of its own forward step, not before; inputs from the start.
    @Test func valuesAreBlankUntilComputed() throws {
        let files = try rendered("l2reg", formats: [.dot])
        func row(_ frame: String, _ title: String) -> String? {
            matches(#"<B>\#(NSRegularExpression.escapedPattern(for: title))</B></TD></TR><TR><TD>([^<]*)</TD>"#, in: frame).first?[1]
        }
        let first = try #require(files["frames/001-forward-z.dot"]), second = try #require(files["frames/002-forward-y.dot"])
        #expect(row(first, "x") == "1.5")
        #expect(row(first, "z = w x + b") == "0.9")
        #expect(row(first, "y = σ(z)") == "&#160;")
        #expect(row(second, "y = σ(z)") == NumberFormat(digits: 4).format(1 / (1 + exp(-0.9))))
        #expect(!first.contains("◀"), "no adjoint before the backward pass")
    }

    @Test func everyFrameHasACaptionAsItsAccessibleName() throws {
        let files = try rendered("softmax", formats: [.svg])
        for svg in frames(files, "svg") {
            let label = try #require(matches(#"<svg role="img" aria-label="([^"]+)""#, in: svg.text).first?[1])
            #expect(svg.text.contains("<title>\(label)</title>"))
            #expect(label.hasPrefix("Forward") || label.hasPrefix("Backward"))
        }
    }
}

/// What a frame's SVG draws, read back from Graphviz's SVG or from teach's: the canvas, each
/// node's bounding box (left, top, right, bottom), the texts of each node and edge, and where
/// each edge starts, all in the SVG's absolute coordinates.
private struct DrawnPicture {
    var width = 0.0, height = 0.0
    var boxes: [String: [Double]] = [:]
    var texts: [String: [String]] = [:]
    var edgeStarts: [String: (Double, Double)] = [:]

    /// Graphviz writes y negated inside `translate(tx ty)`.
    init(graphviz svg: String) throws {
        let canvas = try #require(matches(#"<svg width="([\d.]+)pt" height="([\d.]+)pt""#, in: svg).first)
        (width, height) = (Double(canvas[1])!, Double(canvas[2])!)
        let shift = try #require(matches(#"translate\(([-\d.]+) ([-\d.]+)\)"#, in: svg).first)
        let (tx, ty) = (Double(shift[1])!, Double(shift[2])!)
        for group in matches(#"<g id="([ne]\d+)" class="(node|edge)">(.*?)</g>"#, in: svg) {
            let numbers = matches(#"(?:points|d)="([^"]+)""#, in: group[3]).flatMap { shape in
                matches(#"(-?[\d.]+),(-?[\d.]+)"#, in: shape[1]).map { (Double($0[1])! + tx, Double($0[2])! + ty) }
            }
            read(group, numbers)
        }
    }

    init(teach svg: String) throws {
        let canvas = try #require(matches(#"<svg [^>]*width="([\d.]+)pt" height="([\d.]+)pt""#, in: svg).first)
        (width, height) = (Double(canvas[1])!, Double(canvas[2])!)
        for group in matches(#"<g id="([ne]\d+)" class="(node|edge)">(.*?)</g>"#, in: svg) {
            var points: [(Double, Double)] = []
            if group[2] == "node", let outer = matches(#"<rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)""#, in: group[3]).first {
                let (x, y, w, h) = (Double(outer[1])!, Double(outer[2])!, Double(outer[3])!, Double(outer[4])!)
                points = [(x, y), (x + w, y + h)]
            } else if let path = matches(#"<path d="M([-\d.]+),([-\d.]+)"#, in: group[3]).first {
                points = [(Double(path[1])!, Double(path[2])!)]
            }
            read(group, points)
        }
    }

    private mutating func read(_ group: [String], _ points: [(Double, Double)]) {
        let shown = matches(#"<text[^>]*>([^<]*)</text>"#, in: group[3]).map { Self.unescaped($0[1]) }
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        texts[group[1]] = shown
        guard let first = points.first else { return }
        if group[2] == "node" {
            boxes[group[1]] = [points.map(\.0).min()!, points.map(\.1).min()!, points.map(\.0).max()!, points.map(\.1).max()!]
        } else {
            edgeStarts[group[1]] = first
        }
    }

    private static func unescaped(_ text: String) -> String {
        // A no-break space and a space read the same (Graphviz writes " &#160;" for two).
        text.replacingOccurrences(of: "&#45;", with: "-").replacingOccurrences(of: "&#160;", with: " ").replacingOccurrences(of: "\u{A0}", with: " ")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }
}
