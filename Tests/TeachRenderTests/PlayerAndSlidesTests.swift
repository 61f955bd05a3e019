import Foundation
import Testing
import TeachTestSupport
import TeachCore
import TeachLessons
@testable import TeachRender

/// The player in a real browser, the Beamer deck through pdflatex, the handout printed by
/// Chromium. Each tool test is reported skipped where its tool is absent; CI installs them
/// (`.ci/run`).
@Suite struct PlayerAndSlidesTests {
    /// A shipped lesson rendered into a fresh temporary folder.
    static func renderedFolder(_ id: String, documents: [any Document.Type] = Documents.all.filter { $0.isDefault }) throws -> (folder: URL, renderer: LessonRenderer) {
        let (lesson, trace) = try shipped(id)
        return try renderedFolder(lesson, trace, documents: documents)
    }

    /// A lesson rendered into a fresh temporary folder.
    static func renderedFolder(_ lesson: Lesson, _ trace: Trace, documents: [any Document.Type] = Documents.all.filter { $0.isDefault },
                               aspect: SlideAspect = .wide) throws -> (folder: URL, renderer: LessonRenderer) {
        let renderer = LessonRenderer(lesson: lesson, trace: trace, documents: documents, aspect: aspect)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("teach-player-\(UUID().uuidString)")
        for file in try renderer.render() {
            let url = folder.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.bytes).write(to: url)
        }
        return (folder, renderer)
    }

    static let chromiumArguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--virtual-time-budget=5000"]

    /// Ten presses of → in Chromium: the body, the highlighted node and the caption follow the trace.
    @Test(.enabled(if: Tool.chromium.isInstalled, Tool.chromium.missing), arguments: ["l2reg", "chain-rule"])
    func keyboardStepsFollowTheTraceInChromium(_ id: String) throws {
        let (folder, renderer) = try Self.renderedFolder(id)
        defer { try? FileManager.default.removeItem(at: folder) }
        let last = renderer.trace.steps.count - 1, lastBackward = renderer.trace.steps(.backward).last!.index
        // Steps forward, a jump to the end and back, and steps back across a phase: each shows
        // exactly what its step shows, however the player got there (it updates only what changes).
        for (keys, index) in [([String](), 0), (Array(repeating: "ArrowRight", count: 3), min(3, last)), (Array(repeating: "ArrowRight", count: 10), min(10, last)),
                              (Array(repeating: "ArrowRight", count: 40), last), (["End", "Home", "ArrowRight", "ArrowRight"], 2),
                              (["End"] + Array(repeating: "ArrowLeft", count: last - lastBackward), lastBackward)] {
            let page = folder.appendingPathComponent("index.html").absoluteString + (keys.isEmpty ? "" : "?keys=" + keys.joined(separator: ","))
            let dom = try Tool.chromium.run(Self.chromiumArguments + ["--dump-dom", page], in: folder).output
            Self.expectShowsStep(index, of: renderer, in: dom, after: keys)
            #expect(Self.undrawnTiles(dom) == 0, "a drawing this small is drawn whole")
        }
        let screenshot = folder.appendingPathComponent("player.png")
        try Tool.chromium.run(Self.chromiumArguments + ["--window-size=1400,900", "--screenshot=\(screenshot.path)",
                                                        folder.appendingPathComponent("index.html").absoluteString + "?keys=End"], in: folder)
        #expect(((try? Data(contentsOf: screenshot))?.count ?? 0) > 10_000, "a screenshot of the player")
    }

    /// What the player's DOM shows is step `index`'s: the body's step and node, the caption,
    /// the current node highlighted, and each drawn timed text shown exactly when it should be.
    static func expectShowsStep(_ index: Int, of renderer: LessonRenderer, in dom: String, after keys: [String],
                                sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let step = renderer.trace.steps[index], graph = renderer.trace.graph
        #expect(dom.contains("<body data-step=\"\(step.index + 1)\" data-node=\"n\(step.node)\""), "after \(keys)", sourceLocation: sourceLocation)
        let drawn = dom.replacingOccurrences(of: #"(?s)<script type="text/x-teach-tile".*?</script>"#, with: "", options: .regularExpression)
        for tag in matches(#"<[a-z]+ [^>]*data-from="-?\d+"[^>]*>"#, in: drawn).map({ $0[0] }) {
            let from = Int(matches(#"data-from="(-?\d+)""#, in: tag)[0][1])!
            let until = matches(#"data-until="(\d+)""#, in: tag).first.map { Int($0[1])! } ?? Int.max
            let phases = matches(#"data-phases="([^"]*)""#, in: tag).first.map { $0[1].split(separator: " ").map(String.init) }
            let shown = from <= index && index < until && (phases?.contains(step.phase.rawValue) ?? true)
            #expect(tag.contains("hidden") == !shown, "after \(keys): \(tag)", sourceLocation: sourceLocation)
        }
        // The caption: the heading and the step's equation as MathML, or (for a lesson too large to
        // typeset every step) the caption's text.
        let caption = renderer.trace.steps.count <= StepSelection.autoLimit
            ? Escape.xml(renderer.context.captions.heading(step)) + ": <math>" : Escape.xml(renderer.caption(step)) + "</p>"
        #expect(dom.contains("<p id=\"caption\" aria-live=\"polite\">" + caption), "after \(keys)", sourceLocation: sourceLocation)
        #expect(drawn.contains("<g id=\"n\(step.node)\" class=\"node \(PlayerPage.kind(graph.nodes[step.node], graph)) current\""),
                "after \(keys): the current node is drawn and highlighted", sourceLocation: sourceLocation)
    }

    /// The tiles of the drawing the player has not drawn yet.
    static func undrawnTiles(_ dom: String) -> Int { dom.components(separatedBy: "<script type=\"text/x-teach-tile\"").count - 1 }

    /// A 253-node network, 6,000 by 15,000 units, in a 1400×900 window: the player draws only
    /// the tiles near the screen, and whatever is on screen is drawn, after steps, after a jump
    /// and after scrolling to the drawing's far corner (a probe appended to a copy of the page
    /// scrolls, waits a frame, and counts the undrawn tiles whose box meets the visible part).
    @Test(.enabled(if: Tool.chromium.isInstalled, Tool.chromium.missing))
    func largeDrawingsAreDrawnWhereTheScreenIs() throws {
        let generator = MLPGenerator(inputs: 6, hidden: 10, layers: 2, outputs: 2)
        let lesson = try LessonLoader().load(bytes: Array(generator.yaml().utf8), file: "mlp.yaml", id: "mlp").lesson
        let renderer = LessonRenderer(lesson: lesson, trace: try lesson.trace(), documents: [PlayerDocument.self])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("teach-player-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let page = String(decoding: try #require(try renderer.render().first { $0.path == "index.html" }).bytes, as: UTF8.self)
        let probe = """
        <script>(function () {
          const figure = document.getElementById('graph'), svg = figure.querySelector('svg'), view = svg.viewBox.baseVal;
          function undrawnOnScreen() {
            const box = svg.getBoundingClientRect(), frame = figure.getBoundingClientRect(), scale = box.width / view.width;
            const x0 = view.x + (Math.max(frame.left, 0) - box.left) / scale, x1 = view.x + (Math.min(frame.right, innerWidth) - box.left) / scale;
            const y0 = view.y + (Math.max(frame.top, 0) - box.top) / scale, y1 = view.y + (Math.min(frame.bottom, innerHeight) - box.top) / scale;
            return Array.from(document.querySelectorAll('script.tile')).filter(function (tile) {
              const b = tile.dataset.box.split(' ').map(Number);
              return b[0] < x1 && b[2] > x0 && b[1] < y1 && b[3] > y0;
            }).length;
          }
          document.body.dataset.undrawnAtStep = String(undrawnOnScreen());
          figure.scrollLeft = figure.scrollWidth;
          figure.scrollTop = figure.scrollHeight / 3;
          // The page draws the tiles a scroll brings near after the scroll event: read the count
          // once they are drawn, or after 2 s (a loaded machine may take longer than a frame).
          let tries = 0;
          (function check() {
            const left = undrawnOnScreen();
            if (left === 0 || ++tries >= 40) { document.body.dataset.undrawnScrolled = String(left); } else { setTimeout(check, 50); }
          })();
        })();</script>
        """
        try (page.replacingOccurrences(of: "</body>", with: probe + "\n</body>")).write(to: folder.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        let tiles = Self.undrawnTiles(page)
        #expect(tiles > 20, "\(tiles) tiles")
        let last = renderer.trace.steps.count - 1
        for (keys, index) in [([String](), 0), (Array(repeating: "ArrowRight", count: 30), 30), (["End"], last), (["End", "Home", "ArrowRight"], 1)] {
            let address = folder.appendingPathComponent("index.html").absoluteString + (keys.isEmpty ? "" : "?keys=" + keys.joined(separator: ","))
            let dom = try Tool.chromium.run(Self.chromiumArguments + ["--window-size=1400,900", "--dump-dom", address], in: folder).output
            Self.expectShowsStep(index, of: renderer, in: dom, after: keys)
            #expect(dom.contains("<figure id=\"graph\" class=\"actual\">"))
            #expect(dom.contains("data-undrawn-at-step=\"0\"") && dom.contains("data-undrawn-scrolled=\"0\""), "after \(keys): undrawn tiles on screen")
            // Opened, it draws what is near the screen; stepping draws the tiles each step scrolls past.
            #expect(Self.undrawnTiles(dom) > (keys.isEmpty ? tiles / 2 : 0), "after \(keys): \(Self.undrawnTiles(dom)) of \(tiles) tiles wait")
        }
    }

    /// A network of more than `PlayerPage.inlineRows` nodes: its table's rows after the first
    /// `rowChunk` wait in the page as scripts of that many, and in Chromium every row is added once the page is ready,
    /// each text shown as the step shows it and the step's row highlighted, whether the keys
    /// came before the rows or not.
    @Test(.enabled(if: Tool.chromium.isInstalled, Tool.chromium.missing))
    func aLargeTableIsAddedOnceThePageIsReady() throws {
        let generator = MLPGenerator(inputs: 10, hidden: 15, layers: 4, outputs: 3)
        let lesson = try LessonLoader().load(bytes: Array(generator.yaml().utf8), file: "mlp.yaml", id: "mlp").lesson
        let (folder, renderer) = try Self.renderedFolder(lesson, try lesson.trace(), documents: [PlayerDocument.self])
        defer { try? FileManager.default.removeItem(at: folder) }
        let nodes = renderer.trace.graph.nodes.count, last = renderer.trace.steps.count - 1
        #expect(nodes > PlayerPage.inlineRows)
        let html = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        let rowScript = #"(?s)<script type="text/x-teach-rows" class="rows">.*?</script>"#
        #expect(matches(rowScript, in: html).count == (nodes - 1) / PlayerPage.rowChunk)
        let written = html.replacingOccurrences(of: rowScript, with: "", options: .regularExpression).components(separatedBy: "<tr id=\"row-n").count - 1
        #expect(written == PlayerPage.rowChunk, "the first rows are written in the table")
        for (keys, index) in [([String](), 0), (["End"], last), (Array(repeating: "ArrowRight", count: 5), 5)] {
            let address = folder.appendingPathComponent("index.html").absoluteString + (keys.isEmpty ? "" : "?keys=" + keys.joined(separator: ","))
            let dom = try Tool.chromium.run(Self.chromiumArguments + ["--window-size=1400,900", "--dump-dom", address], in: folder).output
            #expect(!dom.contains("text/x-teach-rows") && dom.contains("data-rows-ms=\""), "after \(keys): every row added")
            #expect(dom.components(separatedBy: "<tr id=\"row-n").count - 1 == nodes, "after \(keys)")
            Self.expectShowsStep(index, of: renderer, in: dom, after: keys)
            #expect(dom.contains("<tr id=\"row-n\(renderer.trace.steps[index].node)\" class=\"current\">"), "after \(keys): the step's row")
        }
    }

    /// The page of a lesson whose rows wait, and every shipped lesson's, are valid HTML to tidy.
    @Test(.enabled(if: Tool.tidy.isInstalled, Tool.tidy.missing))
    func playerIsValidHTML() throws {
        let generator = MLPGenerator(inputs: 10, hidden: 15, layers: 4, outputs: 3)
        let large = try LessonLoader().load(bytes: Array(generator.yaml().utf8), file: "mlp.yaml", id: "mlp").lesson
        for (lesson, trace) in [(large, try large.trace())] + (try shippedLessonIDs.map(shipped)) {
            let (folder, _) = try Self.renderedFolder(lesson, trace, documents: [PlayerDocument.self])
            defer { try? FileManager.default.removeItem(at: folder) }
            let tidy = try Tool.tidy.run(["-e", "-q", "-f", "/dev/stdout", "index.html"], in: folder)
            // tidy writes its warnings to standard error, here sent to standard output, and exits 0 only without any.
            #expect(tidy.status == 0 && tidy.output.isEmpty, "\(lesson.id): \(tidy.output.prefix(600))")
        }
    }

    /// At 1920×1080 every shipped lesson's drawing, as far as it is on screen, takes at least 70%
    /// of the viewport's width or height; and the tab's history steps: after three presses of →,
    /// Back shows step 3 and Forward step 4 again (a probe appended to a copy of the page goes
    /// back, then forward, and records the step each time).
    @Test(.enabled(if: Tool.chromium.isInstalled, Tool.chromium.missing), arguments: shippedLessons)
    func theDrawingUsesTheScreenAndHistorySteps(_ id: String) throws {
        let (folder, _) = try Self.renderedFolder(id, documents: [PlayerDocument.self])
        defer { try? FileManager.default.removeItem(at: folder) }
        let probe = """
        <script>(function () {
          const figure = document.getElementById('graph');
          let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
          const view = figure.getBoundingClientRect();
          for (const element of document.querySelectorAll('#graph g.node, #graph g.edge')) {
            const r = element.getBoundingClientRect();
            left = Math.min(left, r.left); top = Math.min(top, r.top); right = Math.max(right, r.right); bottom = Math.max(bottom, r.bottom);
          }
          const width = Math.min(right, view.right, innerWidth) - Math.max(left, view.left, 0);
          const height = Math.min(bottom, view.bottom, innerHeight) - Math.max(top, view.top, 0);
          document.body.dataset.drawingShare = String(Math.round(100 * Math.max(width / innerWidth, height / innerHeight)));
          addEventListener('popstate', function once() {
            removeEventListener('popstate', once);
            document.body.dataset.afterBack = document.body.dataset.step;
            addEventListener('popstate', function () { document.body.dataset.afterForward = document.body.dataset.step; });
            setTimeout(function () { history.forward(); }, 20);
          });
          setTimeout(function () { history.back(); }, 20);
        })();</script>
        """
        let page = folder.appendingPathComponent("index.html")
        let html = try String(contentsOf: page, encoding: .utf8)
        try html.replacingOccurrences(of: "</body>", with: probe + "\n</body>").write(to: page, atomically: true, encoding: .utf8)
        let dom = try Tool.chromium.run(Self.chromiumArguments + ["--window-size=1920,1080", "--dump-dom",
                                                                  page.absoluteString + "?keys=ArrowRight,ArrowRight,ArrowRight"], in: folder).output
        let share = Int(matches(#"data-drawing-share="(\d+)""#, in: dom).first?[1] ?? "") ?? 0
        #expect(share >= 70, "\(id): the drawing takes \(share)% of the screen")
        #expect(dom.contains("data-after-back=\"3\"") && dom.contains("data-after-forward=\"4\""), "\(id): Back and Forward")
    }

    /// N shows the lesson's description as speaker notes, and N again hides them.
    @Test(.enabled(if: Tool.chromium.isInstalled, Tool.chromium.missing))
    func speakerNotesShowWithN() throws {
        let (folder, renderer) = try Self.renderedFolder("l2reg", documents: [PlayerDocument.self])
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("index.html").absoluteString
        let firstWords = String(try #require(renderer.lesson.summary).split(separator: " ").prefix(4).joined(separator: " "))
        let shown = try Tool.chromium.run(Self.chromiumArguments + ["--dump-dom", page + "?keys=n"], in: folder).output
        #expect(shown.contains("<aside id=\"notes\" aria-label=\"speaker notes\"><p>" + Escape.xml(firstWords)), "\(firstWords)")
        #expect(shown.contains("id=\"notes-button\" aria-pressed=\"true\""))
        let hidden = try Tool.chromium.run(Self.chromiumArguments + ["--dump-dom", page + "?keys=n,N"], in: folder).output
        #expect(hidden.contains("<aside id=\"notes\" aria-label=\"speaker notes\" hidden=\"\">"))
    }

    /// In a 1400-pixel window l2reg (1,613 units wide) fits at 85%; mlp-weight-decay (2,863) would
    /// shrink to 47%, so it opens at actual size, and Z switches it to fitted.
    @Test(.enabled(if: Tool.chromium.isInstalled, Tool.chromium.missing),
          arguments: [("l2reg", "", "fit"), ("mlp-weight-decay", "", "actual"), ("mlp-weight-decay", "?keys=z", "fit")])
    func wideGraphsOpenAtActualSize(_ id: String, _ keys: String, _ expected: String) throws {
        let (folder, _) = try Self.renderedFolder(id)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("index.html").absoluteString + keys
        let dom = try Tool.chromium.run(Self.chromiumArguments + ["--window-size=1400,900", "--dump-dom", page], in: folder).output
        #expect(dom.contains("<figure id=\"graph\" class=\"\(expected)\">"))
        #expect(dom.contains("aria-pressed=\"\(expected == "fit")\""))
    }

    /// One drawing and one record per step: the page grows with nodes + steps.
    @Test func playerHoldsEachTextOnce() throws {
        let (lesson, trace) = try shipped("mlp-weight-decay")
        let files = try LessonRenderer(lesson: lesson, trace: trace, formats: []).render()
        let page = String(decoding: try #require(files.first { $0.path == "index.html" }).bytes, as: UTF8.self)
        #expect(page.components(separatedBy: "class=\"node ").count - 1 == trace.graph.nodes.count)
        #expect(page.components(separatedBy: "\"caption\":").count - 1 == trace.steps.count)
        #expect(!page.contains("http://") || page.components(separatedBy: "http://").count - 1 == 1, "only the SVG namespace")
        #expect(!page.contains("https://") && !page.contains("src="))
    }

    /// Gradient descent on slides: by default the first iteration's updates a slide each and the
    /// later iterations one table slide, whose numbers are the closed form of logistic's descent
    /// (z = wx + b, ∂L/∂z = (σ(z) − t)σ(z)(1 − σ(z)), w ← w − η x ∂L/∂z, b ← b − η ∂L/∂z);
    /// `descent: each` a slide per update; `steps` picks the steps; the same in deck.md,
    /// deck.html and slides.tex.
    @Test func lessonsChooseWhichStepsBecomeSlides() throws {
        let (lesson, trace) = try shipped("logistic")
        func decks(_ plan: SlidePlan) -> (markdown: String, html: String, beamer: String) {
            let deck = SlideDeck(renderer: LessonRenderer(lesson: lesson.withSlides(plan), trace: trace, formats: [.svg]).context)
            return (deck.markdown(), deck.html(), deck.beamer())
        }
        func counts(_ decks: (markdown: String, html: String, beamer: String)) -> [Int] {
            [decks.markdown.components(separatedBy: "\n## ").count - 1, decks.html.components(separatedBy: "<script>")[0].components(separatedBy: "<section class=\"slide\">").count - 1,
             decks.beamer.components(separatedBy: "\n\\teachslide{").count - 1 + decks.beamer.components(separatedBy: "\\begin{frame}[t]{Gradient descent").count - 1]
        }
        // 3 forward, 5 backward, then iteration 1's two updates and one table for iterations 2 and 3.
        let byDefault = decks(SlidePlan())
        #expect(counts(byDefault) == [11, 11, 11])
        #expect(counts(decks(SlidePlan(descent: .each))) == [14, 14, 14])
        #expect(counts(decks(SlidePlan(steps: try StepSelection.parse("backward").get()))) == [5, 5, 5])
        var (w, b) = (0.8, -0.3)
        var expected: [[Double]] = []
        for _ in 0..<3 {
            let y = 1 / (1 + exp(-(w * 1.5 + b)))
            let dz = (y - 1) * y * (1 - y)
            (w, b) = (w - 0.5 * 1.5 * dz, b - 0.5 * dz)
            expected.append([w, b])
        }
        let format = NumberFormat(digits: 4)
        let table = try #require(byDefault.markdown.components(separatedBy: "## Gradient descent: iterations 2 to 3").dropFirst().first)
        for (name, column) in [("w", 0), ("b", 1)] {
            let row = try #require(table.split(separator: "\n").first { $0.hasPrefix("| $\(name)$") })
            let shown = expected.map { "$" + format.format($0[column]).replacingOccurrences(of: "−", with: "-") + "$" }
            #expect(row == "| $\(name)$ | $\(name == "w" ? "0.8" : "-0.3")$ | " + shown.joined(separator: " | ") + " |")
        }
    }

    /// Slide titles say what the step does: the equation computed, the adjoint and the consumer
    /// it comes through, and at a fan-out that the paths meet.
    @Test func slideTitlesSayWhatTheStepDoes() throws {
        let (folder, _) = try Self.renderedFolder("l2reg")
        defer { try? FileManager.default.removeItem(at: folder) }
        let deck = try String(contentsOf: folder.appendingPathComponent("deck.md"), encoding: .utf8)
        #expect(deck.contains("## Forward 2 of 5: $y = \\sigma\\left(z\\right)$"))
        #expect(deck.contains("## Backward 5 of 7: $\\frac{\\partial \\mathcal{L}_{\\mathrm{reg}}}{\\partial z}$ through $y$"))
        #expect(deck.contains("## Backward 6 of 7: $\\frac{\\partial \\mathcal{L}_{\\mathrm{reg}}}{\\partial w}$, the two paths from $w$ meet"))
    }

    /// `slides.tex` compiles with pdflatex at 16:9 (the default) and 4:3 (`--aspect 4:3`): a title
    /// slide and one per step (and its continuation), pages of that shape, and no box overfull
    /// by more than 3 pt.
    @Test(.enabled(if: Tool.pdflatex.isInstalled && Tool.pdfinfo.isInstalled, Tool.pdflatex.missing),
          arguments: [("l2reg", SlideAspect.wide), ("mlp-weight-decay", .wide), ("softmax", .wide), ("l2reg", .standard), ("softmax", .standard)])
    func slidesCompileWithPdflatex(_ id: String, _ aspect: SlideAspect) throws {
        let (lesson, trace) = try shipped(id)
        let (folder, renderer) = try Self.renderedFolder(lesson, trace, documents: Documents.all, aspect: aspect)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Tool.pdflatex.run(["-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "slides.tex"], in: folder)
        #expect(result.status == 0, "\(id): pdflatex failed: \(result.output.suffix(800))")
        let info = try Tool.pdfinfo.run(["slides.pdf"], in: folder).output
        // A step whose equation does not fit under its picture goes on over a slide "(cont.)".
        let text = try Tool.pdftotext.run(["-layout", "slides.pdf", "-"], in: folder).output
        let continued = text.components(separatedBy: "(cont.)").count - 1
        #expect(continued <= renderer.trace.steps.count)
        #expect(info.contains("Pages:") && info.contains(" \(renderer.trace.steps.count + 1 + continued)\n"), "a title slide and one per step, and its continuation")
        // `Page size:       453.543 x 255.118 pts`: 16:9 is 160 × 90 mm, 4:3 is 128 × 96 mm.
        let size = matches(#"Page size: +([0-9.]+) x ([0-9.]+) pts"#, in: info).first.map { (Double($0[1])!, Double($0[2])!) }
        let ratio = aspect == .wide ? 16.0 / 9 : 4.0 / 3
        #expect(size.map { abs($0.0 / $0.1 - ratio) < 0.01 } == true, "\(id) at \(aspect.rawValue): \(String(describing: size))")
        let log = try String(contentsOf: folder.appendingPathComponent("slides.log"), encoding: .isoLatin1)
        let overfull = matches(#"Overfull \\[hv]box \(([0-9.]+)pt too (?:wide|high)\)"#, in: log).compactMap { Double($0[1]) }
        #expect(overfull.allSatisfy { $0 <= 3 }, "\(id) at \(aspect.rawValue): boxes overfull by \(overfull) pt")
        let deck = try String(contentsOf: folder.appendingPathComponent("deck.md"), encoding: .utf8)
        #expect(deck.contains("\naspectratio: \(aspect == .wide ? "169" : "43")\n"), "deck.md tells pandoc's Beamer the shape too")
    }

    /// `deck.md` builds with pandoc as the README says, without a warning: a Beamer PDF through
    /// pdflatex (SVG frames converted by rsvg-convert) with a title slide and one per step, and
    /// reveal.js HTML with MathJax and the same slides.
    @Test(.enabled(if: Tool.pandoc.isInstalled && Tool.pdflatex.isInstalled && Tool.rsvgConvert.isInstalled && Tool.pdfinfo.isInstalled,
                   "pandoc, pdflatex, pdfinfo or rsvg-convert is not installed (apt-get install pandoc librsvg2-bin texlive-latex-recommended poppler-utils)"),
          arguments: ["l2reg", "mlp-weight-decay"])
    func deckBuildsWithPandoc(_ id: String) throws {
        let (folder, renderer) = try Self.renderedFolder(id)
        defer { try? FileManager.default.removeItem(at: folder) }
        let slides = renderer.trace.steps.count + 1
        let beamer = try Tool.pandoc.run(["--fail-if-warnings", "-t", "beamer", "deck.md", "-o", "deck.pdf"], in: folder)
        #expect(beamer.status == 0, "pandoc -t beamer failed")
        #expect(try Tool.pdfinfo.run(["deck.pdf"], in: folder).output.contains(" \(slides)\n"), "a title slide and one per step")
        let reveal = try Tool.pandoc.run(["--fail-if-warnings", "-t", "revealjs", "-s", "--mathjax", "deck.md", "-o", "reveal.html"], in: folder)
        #expect(reveal.status == 0, "pandoc -t revealjs failed")
        let html = (try? String(contentsOf: folder.appendingPathComponent("reveal.html"), encoding: .utf8)) ?? ""
        #expect(html.components(separatedBy: "<section").count - 1 == slides)
    }

    /// `deck.md` by Marp's rules (Marp itself installs from npm, which this machine cannot reach):
    /// YAML front matter between the first two rulers with `marp: true` and the slide `size`,
    /// then a slide at every later `---`: one per step, none empty (no blank first slide), each
    /// with its picture and its `$…$` equation. Where pandoc is installed, the Marp keys change
    /// nothing in what pandoc makes of the deck (Beamer and reveal.js).
    @Test func deckFollowsMarpsRules() throws {
        let (lesson, trace) = try shipped("l2reg")
        let files = try LessonRenderer(lesson: lesson, trace: trace, formats: [.svg], documents: [FramesDocument.self, DeckDocument.self]).render()
        let deck = String(decoding: try #require(files.first { $0.path == "deck.md" }).bytes, as: UTF8.self)
        let lines = deck.components(separatedBy: "\n")
        #expect(lines.first == "---")
        let close = try #require(lines.dropFirst().firstIndex(of: "---"))
        let frontMatter = lines[1..<close]
        #expect(frontMatter.contains("marp: true") && frontMatter.contains("size: 16:9"))
        var slides: [[String]] = [[]]
        for line in lines[(close + 1)...] { if line == "---" { slides.append([]) } else { slides[slides.count - 1].append(line) } }
        #expect(slides.count == trace.steps.count)
        for (index, slide) in slides.enumerated() {
            let text = slide.joined(separator: "\n")
            #expect(text.contains("## ") && text.contains("](focus/") && text.contains("$"), "slide \(index + 1): \(text.prefix(200))")
        }
        guard Tool.pandoc.isInstalled else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("teach-marp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try deck.write(to: folder.appendingPathComponent("deck.md"), atomically: true, encoding: .utf8)
        try deck.replacingOccurrences(of: "marp: true\n", with: "").replacingOccurrences(of: "size: 16:9\n", with: "")
            .write(to: folder.appendingPathComponent("plain.md"), atomically: true, encoding: .utf8)
        for format in ["beamer", "revealjs"] {
            let withKeys = try Tool.pandoc.run(["-s", "-t", format, "deck.md"], in: folder).output
            let without = try Tool.pandoc.run(["-s", "-t", format, "plain.md"], in: folder).output
            #expect(withKeys == without && withKeys.count > 1000, "pandoc \(format) reads the Marp keys")
        }
    }

    /// `deck.html` in Chromium at 1920×1080 and 1024×768, from `file://`: it names nothing on the network; a
    /// title slide and one per step; on every slide exactly that slide shows, its frame loaded
    /// and its equation, MathML with stacked fractions, inside the screen and never set smaller
    /// (the fan-out's long one goes on over lines); → and Back move between slides.
    @Test(.enabled(if: Tool.chromium.isInstalled, Tool.chromium.missing), arguments: ["l2reg", "mlp-weight-decay", "softmax-scalar"])
    func theHTMLDeckShowsEverySlideOffline(_ id: String) throws {
        let (folder, renderer) = try Self.renderedFolder(id)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("deck.html")
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(matches(#"(?:src|href)="(?:https?:)?//"#, in: html).isEmpty, "no address on the network")
        let body = html.replacingOccurrences(of: #"(?s)<script>.*?</script>"#, with: "", options: .regularExpression)
        #expect(body.components(separatedBy: "<section class=\"slide").count - 1 == renderer.trace.steps.count + 1)
        let probe = """
        <script>addEventListener('load', function () { setTimeout(function () {
          const report = [];
          for (const slide of document.querySelectorAll('section.slide')) {
            const shown = Array.from(document.querySelectorAll('section.slide')).filter(function (s) { return !s.hidden; });
            const image = slide.querySelector('img'), math = slide.querySelector('.equation math');
            const parts = Array.from(slide.querySelectorAll('.equation math'));
            const box = math ? slide.querySelector('.equation').getBoundingClientRect() : null;
            const whole = parts.every(function (m) { return m.style.fontSize === ''; });
            const fractions = math ? Array.from(math.querySelectorAll('mfrac')) : [];
            const stacked = fractions.every(function (f) { return f.children[0].getBoundingClientRect().bottom <= f.children[1].getBoundingClientRect().top + 1; });
            report.push([shown.length === 1 && shown[0] === slide, !image || (image.complete && image.naturalWidth > 0),
                         !box || (box.left >= 0 && box.right <= innerWidth && box.bottom <= innerHeight) && parts.every(function (m) {
                           const b = m.getBoundingClientRect(); return b.left >= 0 && b.right <= innerWidth && b.bottom <= innerHeight; }),
                         stacked, whole].map(Number).join(''));
            dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight'}));
          }
          document.body.dataset.report = report.join(' ');
          document.body.dataset.afterKeys = document.body.dataset.slide;
          addEventListener('popstate', function () { document.body.dataset.afterBack = document.body.dataset.slide; });
          history.back();
        }, 100); });</script>
        """
        try html.replacingOccurrences(of: "</body>", with: probe + "\n</body>").write(to: page, atomically: true, encoding: .utf8)
        // 1024×768 too, where the fan-out's equation is wider than the screen until it is fitted.
        for window in ["1920,1080", "1024,768"] {
            let dom = try Tool.chromium.run(Self.chromiumArguments + ["--window-size=" + window, "--dump-dom", page.absoluteString], in: folder).output
            let report = matches(#"data-report="([01 ]+)""#, in: dom).first?[1].split(separator: " ").map(String.init) ?? []
            #expect(report.count == renderer.trace.steps.count + 1, "\(id) at \(window): every slide was visited")
            for (index, flags) in report.enumerated() {
                #expect(flags == "11111", "\(id) at \(window), slide \(index + 1): shown alone, frame loaded, equation inside the screen, fractions stacked, not set smaller: \(flags)")
            }
            let last = renderer.trace.steps.count + 1
            #expect(dom.contains("data-after-keys=\"\(last)\"") && dom.contains("data-after-back=\"\(last - 1)\""), "\(id): → and Back")
        }
    }

    @Test(.enabled(if: Tool.chromium.isInstalled && Tool.pdftotext.isInstalled, Tool.chromium.missing))
    func handoutPrintsToPDFInChromium() throws {
        let (folder, _) = try Self.renderedFolder("l2reg")
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = try String(contentsOf: folder.appendingPathComponent("handout.html"), encoding: .utf8)
        #expect(!html.contains("src=") && !html.contains("https://") && html.contains("<svg"))
        let pdf = folder.appendingPathComponent("handout.pdf")
        try Tool.chromium.run(Self.chromiumArguments + ["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)",
                                                        folder.appendingPathComponent("handout.html").absoluteString], in: folder)
        #expect(((try? Data(contentsOf: pdf))?.count ?? 0) > 10_000)
        // The tables flow onto shared pages; the key frames start one of their own.
        let pages = try Tool.pdftotext.run(["-layout", pdf.path, "-"], in: folder).output.split(separator: "\u{0C}")
            .map { $0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
            .filter { !$0.isEmpty }
        #expect(pages.count >= 2 && pages.count < html.components(separatedBy: "<section>").count - 1, "\(pages.count) pages")
        #expect(pages.contains { $0.first == "Key frames" })
        #expect(!pages.contains { $0.last.map { ["Gradient check", "Backward pass", "Forward pass"].contains($0) } ?? false }, "a heading ends a page")
    }

    /// The handout and the worksheet printed to A4 from Chromium keep every glyph at 7 pt or more (read from the
    /// PDF by pdfminer.six): its key frames are the close-ups, the whole graph prints in parts,
    /// and its math keeps fractions and scripts large enough (before: 2.8 pt in
    /// mlp-weight-decay's frames, 4.4 pt in softmax-scalar's tables).
    @Test(.enabled(if: Tool.chromium.isInstalled, Tool.chromium.missing),
          .enabled(if: PythonPackages.pdfMeasure.isInstalled, PythonPackages.pdfMeasure.missing),
          arguments: ["l2reg", "mlp-weight-decay", "softmax-scalar", "xi-chain"])
    func handoutPrintsNoGlyphUnder7pt(_ id: String) throws {
        let (lesson, trace) = try shipped(id)
        let (folder, _) = try Self.renderedFolder(lesson, trace, documents: [HandoutDocument.self] + Documents.sheet)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The handout, and the student's worksheet (whose graph, before, printed at 2.1 pt).
        for page in ["handout", "worksheet"] {
            let pdf = folder.appendingPathComponent("\(page).pdf")
            try Tool.chromium.run(Self.chromiumArguments + ["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)",
                                                            folder.appendingPathComponent("\(page).html").absoluteString], in: folder)
            let measured = try PythonPackages.pdfMeasure.run([SlideGlyphTests.script.path, pdf.path])
            try #require(measured.status == 0, "\(measured.output)")
            let pages = try #require(try JSONSerialization.jsonObject(with: Data(measured.output.utf8)) as? [[String: [Double]]])
            let sizes = pages.flatMap { $0["figure"]! + $0["text"]! }
            #expect(sizes.count > 500, "\(id) \(page): \(sizes.count) glyphs")
            #expect(sizes.allSatisfy { $0 >= 6.95 }, "\(id) \(page): \(sizes.filter { $0 < 6.95 }.count) glyphs under 7 pt, the smallest \(sizes.min() ?? 0) pt")
        }
    }

    /// The handout inlines several key frames: no two elements share an id (each figure's are
    /// prefixed), and HTML Tidy finds nothing to warn about.
    @Test(.enabled(if: Tool.tidy.isInstalled, Tool.tidy.missing), arguments: ["l2reg", "mlp-weight-decay", "softmax"])
    func handoutIsValidHTML(_ id: String) throws {
        let (folder, _) = try Self.renderedFolder(id)
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = try String(contentsOf: folder.appendingPathComponent("handout.html"), encoding: .utf8)
        let ids = matches(#"\sid="([^"]+)""#, in: html).map { $0[1] }
        #expect(ids.count > 10 && Set(ids).count == ids.count, "\(ids.count - Set(ids).count) repeated ids")
        let tidy = try Tool.tidy.run(["-e", "-q", "-f", "/dev/stdout", "handout.html"], in: folder)
        // tidy writes its warnings to standard error, here sent to standard output, and exits 0 only without any.
        #expect(tidy.status == 0 && tidy.output.isEmpty, "\(tidy.output.prefix(600))")
    }

    /// The handout's math is MathML in every shipped lesson (no formula left as source), a
    /// matrix a table of rows; in Chromium, mlp-weight-decay's matrices stand row above row and
    /// every fraction's numerator above its denominator.
    @Test(arguments: shippedLessons)
    func handoutSetsItsMathAsMathML(_ id: String) throws {
        let (lesson, trace) = try shipped(id)
        let files = try LessonRenderer(lesson: lesson, trace: trace, formats: [.svg], documents: [HandoutDocument.self]).render()
        let html = String(decoding: try #require(files.first { $0.path == "handout.html" }).bytes, as: UTF8.self)
        #expect(!html.contains("<code>"), "\(id): a formula the MathML translation refused")
        #expect(!html.contains("class=\"math\"") && html.components(separatedBy: "<math").count > 20)
        if trace.graph.nodes.contains(where: { $0.shape.rank == 2 }) { #expect(html.contains("<mtable")) }
    }

    /// The page `path` that `document` writes for a generated lesson of more steps than the pages
    /// typeset as MathML.
    static func largeLessonPage(_ document: any Document.Type, _ path: String) throws -> (lesson: Lesson, trace: Trace, html: String) {
        let generator = MLPGenerator(inputs: 8, hidden: 16, layers: 2, outputs: 2)
        let lesson = try LessonLoader().load(bytes: Array(generator.yaml().utf8), file: "mlp.yaml", id: "mlp").lesson
        let trace = try lesson.trace()
        #expect(trace.steps.count > StepSelection.autoLimit)
        let files = try LessonRenderer(lesson: lesson, trace: trace, formats: [.svg], documents: [document]).render()
        return (lesson, trace, String(decoding: try #require(files.first { $0.path == path }).bytes, as: UTF8.self))
    }

    /// A lesson of more steps than the player typesets (`StepSelection.autoLimit`) keeps the
    /// handout's math as Unicode text, so that its thousands of table rows cost what they did.
    @Test func aLargeHandoutKeepsUnicodeMath() throws {
        let (_, _, html) = try Self.largeLessonPage(HandoutDocument.self, "handout.html")
        #expect(!html.contains("<math") && html.contains("<span class=\"math\">∂"))
    }

    /// So does a large deck: its titles and equations in Unicode text, one slide per step.
    @Test func aLargeDeckKeepsUnicodeMath() throws {
        let (lesson, trace, html) = try Self.largeLessonPage(DeckDocument.self, "deck.html")
        #expect(!html.contains("<math"))
        #expect(html.components(separatedBy: "<p class=\"equation\">").count - 1 == trace.steps.count)
        let text = ChainRule(trace: trace, typesetter: lesson.typesetter(.text))
        for step in [trace.steps[0], trace.steps[trace.steps.count - 1]] {
            #expect(html.contains("<p class=\"equation\">" + Escape.xml(text.line(step)) + "</p>"))
        }
    }

    @Test(.enabled(if: Tool.chromium.isInstalled, Tool.chromium.missing))
    func handoutMathIsLaidOutInChromium() throws {
        let (folder, _) = try Self.renderedFolder("mlp-weight-decay", documents: [HandoutDocument.self])
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("handout.html")
        let probe = """
        <script>addEventListener('load', function () {
          var rows = 0, stacked = 0, fractions = 0, over = 0;
          document.querySelectorAll('mtable').forEach(function (t) {
            var tops = Array.prototype.map.call(t.querySelectorAll(':scope > mtr'), function (r) { return r.getBoundingClientRect().top; });
            rows += 1; if (tops.length < 2 || tops.every(function (y, i) { return i == 0 || y > tops[i - 1]; })) stacked += 1;
          });
          document.querySelectorAll('mfrac').forEach(function (f) {
            fractions += 1;
            if (f.children[0].getBoundingClientRect().bottom <= f.children[1].getBoundingClientRect().top + 1) over += 1;
          });
          document.body.dataset.report = [rows, stacked, fractions, over].join(' ');
        });</script>
        """
        let html = try String(contentsOf: page, encoding: .utf8)
        try html.replacingOccurrences(of: "</body>", with: probe + "\n</body>").write(to: page, atomically: true, encoding: .utf8)
        let dom = try Tool.chromium.run(Self.chromiumArguments + ["--window-size=1920,1080", "--dump-dom", page.absoluteString], in: folder).output
        let report = try #require(matches(#"data-report="(\d+) (\d+) (\d+) (\d+)""#, in: dom).first).dropFirst().map { Int($0)! }
        #expect(report[0] > 10 && report[1] == report[0], "matrices with their rows stacked: \(report[1]) of \(report[0])")
        #expect(report[2] > 10 && report[3] == report[2], "fractions with the numerator above: \(report[3]) of \(report[2])")
    }

    @Test func pdfFramesCarryAFixedCreationDate() {
        let pdf = Array("%PDF-1.5\n<< /Producer (cairo) /CreationDate (D:20261122134213Z) >>\n".utf8)
        let fixed = FramesDocument.fixingCreationDate(pdf)
        #expect(String(decoding: fixed, as: UTF8.self) == "%PDF-1.5\n<< /Producer (cairo) /CreationDate (D:20000101000000Z) >>\n")
        #expect(FramesDocument.fixingCreationDate(Array("no date".utf8)) == Array("no date".utf8))
    }
}
