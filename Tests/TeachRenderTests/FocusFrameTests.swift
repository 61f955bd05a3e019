import Foundation
import Testing
import TeachCore
import TeachLessons
import TeachTestSupport
@testable import TeachRender

/// The slides' pictures: focus frames where the whole graph would not read on a slide, measured
/// by the legibility figure against its target, and checked for what they show and that nothing
/// in them overlaps.
@Suite struct FocusFrameTests {
    /// The pictures `deck.md` shows, by path, from its image links.
    static func slidePictures(_ files: [String: String]) throws -> [(path: String, svg: String)] {
        let deck = try #require(files["deck.md"])
        return try matches(#"\]\(((?:frames|focus)/[^)]+\.svg)\)"#, in: deck).map { link in
            (link[1], try #require(files[link[1]], "deck.md links \(link[1]), which the render does not write"))
        }
    }

    /// Every picture the slides show reaches the target: its smallest text at least 1.5% of the
    /// slide's width for a graph of up to 12 nodes, 1.0% above (measured as `Legibility` does,
    /// from the SVG itself), and `slides.tex` includes the same pictures as PDF.
    @Test(arguments: shippedLessons)
    func slidePicturesReachTheLegibilityTarget(_ id: String) throws {
        let (lesson, trace) = try shipped(id)
        let files = try rendered(id, formats: [.svg])
        let pictures = try Self.slidePictures(files)
        let deck = SlideDeck(renderer: LessonRenderer(lesson: lesson, trace: trace, formats: [.svg]).context)
        #expect(pictures.count == deck.slides.filter { if case .step = $0 { true } else { false } }.count)
        let target = Legibility.target(nodes: trace.graph.nodes.count)
        for picture in pictures {
            let share = try #require(Legibility.smallestTextShare(svg: picture.svg))
            #expect(share >= target, "\(id): \(picture.path) reads at \(share * 100)% of the slide's width, under the target \(target * 100)%")
        }
        let renderer = LessonRenderer(lesson: lesson, trace: trace, formats: [.svg], documents: [BeamerDocument.self])
        let beamer = String(decoding: try #require(try renderer.render().first { $0.path == "slides.tex" }).bytes, as: UTF8.self)
        let included = matches(#"\\includegraphics\[[^\]]*\]\{([^}]+)\.pdf\}"#, in: beamer).map { $0[1] }
        #expect(included == pictures.map { String($0.path.dropLast(4)) })
    }

    /// l2reg's fan-out step: the focus frame shows w and the two nodes it feeds, z and R, with
    /// both contributions, ∂ℒ/∂z · x and λ w (the closed forms of the fan-out test), and a
    /// thumbnail of all ten nodes that marks w as the step's node and z and R as shown.
    @Test func fanOutFocusShowsTheNeighbourhood() throws {
        let files = try rendered("l2reg", formats: [.svg])
        let svg = try #require(files["focus/011-backward-w.svg"])
        let graph = try shipped("l2reg").trace.graph
        let drawn = matches(#"<g id="(n\d+)" class="node">"#, in: svg).map { graph.nodes[Int($0[1].dropFirst())!].name }
        #expect(drawn.sorted() == ["R", "w", "z"])
        let x = 1.5, t = 1.0, lambda = 0.1, w = 0.8, b = -0.3
        let y = 1 / (1 + exp(-(w * x + b)))
        let format = NumberFormat(digits: 4)
        #expect(svg.contains("◀ " + format.format((y - t) * y * (1 - y) * x).replacingOccurrences(of: "-", with: "−")))
        #expect(svg.contains("◀ " + format.format(lambda * w)))
        let thumbnail = try #require(svg.range(of: "<g class=\"thumbnail\"").map { String(svg[$0.lowerBound...]) })
        let boxes = matches(#"<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" fill="([^"]+)" stroke="([^"]+)""#, in: thumbnail)
        #expect(boxes.count == graph.nodes.count, "one box per node")
        #expect(boxes.filter { $0[1] == FrameStyle.highlightFill }.count == 1)
        #expect(boxes.filter { $0[2] == FrameStyle.highlight }.count == 3)
        #expect(!thumbnail.contains("<text"), "the thumbnail has no text, which would be too small to read")
    }

    /// In every focus frame of every shipped lesson, no two boxes, labels or the thumbnail
    /// overlap, and all lie inside the canvas.
    @Test(arguments: shippedLessons)
    func nothingInAFocusFrameOverlaps(_ id: String) throws {
        let files = try rendered(id, formats: [.svg])
        let focus = frames(files, "svg", folder: "focus")
        #expect(!focus.isEmpty)
        for frame in focus {
            let box = matches(#"viewBox="0 0 ([\d.]+) ([\d.]+)""#, in: frame.text)[0].compactMap { Double($0) }
            var rects: [(name: String, x: Double, y: Double, w: Double, h: Double)] = []
            for group in matches(#"<g id="([ne]\d+)" class="(?:node|edge)">(.*?)</g>"#, in: frame.text) {
                // A node's outer outline; an edge's label background.
                let pattern = group[1].hasPrefix("n") ? #"<rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)""#
                    : #"<rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="white""#
                if let r = matches(pattern, in: group[2]).first {
                    rects.append((group[1], Double(r[1])!, Double(r[2])!, Double(r[3])!, Double(r[4])!))
                }
            }
            let thumb = try #require(matches(#"<g class="thumbnail"[^>]*>\n<rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)""#, in: frame.text).first)
            rects.append(("thumbnail", Double(thumb[1])!, Double(thumb[2])!, Double(thumb[3])!, Double(thumb[4])!))
            for (i, a) in rects.enumerated() {
                #expect(a.x >= -0.01 && a.y >= -0.01 && a.x + a.w <= box[0] + 0.01 && a.y + a.h <= box[1] + 0.01, "\(frame.path): \(a.name) leaves the canvas")
                for b in rects[(i + 1)...] {
                    let apart = a.x + a.w <= b.x + 0.5 || b.x + b.w <= a.x + 0.5 || a.y + a.h <= b.y + 0.5 || b.y + b.h <= a.y + 0.5
                    #expect(apart, "\(frame.path): \(a.name) overlaps \(b.name)")
                }
            }
        }
    }

    /// `layout:` chooses: `whole` keeps the slides on the whole-graph frames, `focus` puts them
    /// on focus frames, and `auto` keeps a small graph whole where its frames already read
    /// (y = 3x: two boxes, 4.4% of the slide's width and more).
    @Test func layoutKeyChoosesWhatTheSlidesShow() throws {
        func deck(_ yaml: String) throws -> (links: [String], focus: Int) {
            let lesson = try lesson(yaml)
            let files = try LessonRenderer(lesson: lesson, trace: try lesson.trace(), formats: [.svg]).render()
            let text = String(decoding: try #require(files.first { $0.path == "deck.md" }).bytes, as: UTF8.self)
            return (matches(#"\]\(([a-z]+)/"#, in: text).map { $0[1] }, files.filter { $0.path.hasPrefix("focus/") }.count)
        }
        let small = "title: t\ninputs: {x: 2}\nequations: [y = 3*x]\nloss: y\n"
        let whole = try deck(small)
        #expect(Set(whole.links) == ["frames"] && whole.focus == 0)
        let focused = try deck(small + "layout: focus\n")
        #expect(Set(focused.links) == ["focus"] && focused.focus == focused.links.count)
        let l2reg = try String(contentsOf: repositoryRoot.appendingPathComponent("lessons/l2reg.yaml"), encoding: .utf8)
        #expect(Set(try deck(l2reg).links) == ["focus"], "auto: l2reg's whole frames read at 0.68%")
        #expect(Set(try deck(l2reg + "\nlayout: whole\n").links) == ["frames"])
    }
}
