import Foundation
import Testing
import TeachCore
import TeachLessons
import TeachTestSupport
@testable import TeachRender

/// The Beamer slides as the lecture hall sees them: every shipped lesson's `slides.tex`
/// compiled with pdflatex and each glyph's size read from the PDF by pdfminer.six
/// (`SlideGlyphs/glyphs.py`; a figure glyph is one inside an included picture).
@Suite struct SlideGlyphTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("SlideGlyphs/glyphs.py")

    /// `sorted[⌊q (n − 1)⌋]`.
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[Int(q * Double(sorted.count - 1))]
    }

    /// On every step's slide the picture's text has one size (within ×1.15 from slide to slide),
    /// none of it under 6.3 pt, and in a lesson of up to 12 nodes a median of at least 9 pt; the
    /// equations are never shrunk: no glyph under 6 pt, a median of at least 9 pt.
    @Test(.enabled(if: Tool.pdflatex.isInstalled, Tool.pdflatex.missing),
          .enabled(if: PythonPackages.pdfMeasure.isInstalled, PythonPackages.pdfMeasure.missing),
          arguments: shippedLessons)
    func slideTextKeepsItsSize(_ id: String) throws {
        let (lesson, trace) = try shipped(id)
        let (folder, _) = try PlayerAndSlidesTests.renderedFolder(lesson, trace, documents: [BeamerDocument.self], aspect: .wide)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Tool.pdflatex.run(["-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "slides.tex"], in: folder)
        try #require(result.status == 0, "\(id): pdflatex failed: \(result.output.suffix(800))")
        let measured = try PythonPackages.pdfMeasure.run([Self.script.path, folder.appendingPathComponent("slides.pdf").path])
        try #require(measured.status == 0, "\(id): \(measured.output)")
        let pages = try #require(try JSONSerialization.jsonObject(with: Data(measured.output.utf8)) as? [[String: [Double]]])
        let slides = pages.dropFirst()
        let figure = slides.flatMap { $0["figure"]! }, text = slides.flatMap { $0["text"]! }
        let medians = slides.compactMap { $0["figure"]!.isEmpty ? nil : Self.quantile($0["figure"]!, 0.5) }
        print("slide glyphs \(id): figure min \(figure.min() ?? 0) p10 \(Self.quantile(figure, 0.1)) median \(Self.quantile(figure, 0.5)); "
              + "equation min \(text.min() ?? 0) median \(Self.quantile(text, 0.5)); slides \(slides.count)")
        let stepSlides = SlideDeck(renderer: LessonRenderer(lesson: lesson, trace: trace, formats: [.svg]).context).slides
            .filter { if case .step = $0 { true } else { false } }.count
        #expect(!figure.isEmpty && medians.count == stepSlides, "\(id): a picture on every step's slide")
        #expect((medians.max() ?? 0) <= 1.15 * (medians.min() ?? 0), "\(id): the picture's text changes size from slide to slide: \(medians)")
        #expect(figure.allSatisfy { $0 >= 6.3 - 0.05 }, "\(id): picture text at \(figure.min() ?? 0) pt")
        if trace.graph.nodes.count <= 12 {
            #expect(Self.quantile(figure, 0.5) >= 9, "\(id): the picture's text has a median of \(Self.quantile(figure, 0.5)) pt")
        }
        #expect(text.allSatisfy { $0 >= 6 - 0.05 }, "\(id): equation text at \(text.min() ?? 0) pt")
        #expect(Self.quantile(text, 0.5) >= 9, "\(id): the equations' median is \(Self.quantile(text, 0.5)) pt")
    }
}
