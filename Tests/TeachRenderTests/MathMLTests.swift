import Foundation
import Testing
import TeachCore
@testable import TeachLessons
import TeachTestSupport
@testable import TeachRender

/// LaTeX as MathML Core: exact translations of what teach writes, every shipped lesson's
/// equations well-formed, and in Chromium a fraction laid out as a fraction.
@Suite struct MathMLTests {
    @Test(arguments: [
        (#"\frac{\partial \mathcal{L}}{\partial w}"#,
         #"<mfrac><mrow><mi mathvariant="normal">∂</mi><mi>ℒ</mi></mrow><mrow><mi mathvariant="normal">∂</mi><mi>w</mi></mrow></mfrac>"#),
        (#"x_{1}^{2} = -0.5"#, #"<mrow><msubsup><mi>x</mi><mn>1</mn><mn>2</mn></msubsup><mo>=</mo><mn>−0.5</mn></mrow>"#),
        (#"a - 2"#, #"<mrow><mi>a</mi><mo>−</mo><mn>2</mn></mrow>"#),
        (#"\left(-0.0594\right)\left(1.5\right)"#,
         #"<mrow><mrow><mo stretchy="false">(</mo><mn>−0.0594</mn><mo stretchy="false">)</mo></mrow><mrow><mo stretchy="false">(</mo><mn>1.5</mn><mo stretchy="false">)</mo></mrow></mrow>"#),
        (#"\left(\frac{1}{2}\right)"#, #"<mrow><mo>(</mo><mfrac><mn>1</mn><mn>2</mn></mfrac><mo>)</mo></mrow>"#),
        (#"\begin{bmatrix}0.5 \\ -1\end{bmatrix}"#,
         #"<mrow><mo>[</mo><mtable><mtr><mtd><mn>0.5</mn></mtd></mtr><mtr><mtd><mn>−1</mn></mtd></mtr></mtable><mo>]</mo></mrow>"#),
        (#"\mathit{Err}_{6}"#, #"<msub><mi>𝐸𝑟𝑟</mi><mn>6</mn></msub>"#),
        (#"\mathcal{L}_{\mathrm{reg}}"#, #"<msub><mi>ℒ</mi><mi>reg</mi></msub>"#),
        (#"\hat{y} \leftarrow \mathbf{1} \cdot \sigma\left(z\right)"#,
         #"<mrow><mover accent="true"><mi>y</mi><mo>^</mo></mover><mo>←</mo><mn>𝟏</mn><mo>·</mo><mi>σ</mi><mrow><mo stretchy="false">(</mo><mi>z</mi><mo stretchy="false">)</mo></mrow></mrow>"#),
        (#"W^{\top} \odot \operatorname{softmax}(z)"#,
         #"<mrow><msup><mi>W</mi><mi mathvariant="normal">⊤</mi></msup><mo>⊙</mo><mi>softmax</mi><mo stretchy="false">(</mo><mi>z</mi><mo stretchy="false">)</mo></mrow>"#),
        (#"a < b \text{ if } \Omega"#, #"<mrow><mi>a</mi><mo>&lt;</mo><mi>b</mi><mtext> if </mtext><mi mathvariant="normal">Ω</mi></mrow>"#),
    ])
    func translates(_ latex: String, _ expected: String) throws {
        #expect(try MathML.inline(latex) == "<math>" + expected + "</math>")
    }

    /// Every command, escape and delimiter the notation whitelist admits translates (the
    /// whitelist and this translation are two tables of one subset: a command added to one only
    /// fails here).
    @Test func everyWhitelistedNotationTranslates() throws {
        var samples = NotationLaTeX.arity.map { name, arguments -> String in
            if NotationLaTeX.textCommands.contains(name) { return "\\\(name){ab c}" }
            switch (name, arguments) {
            case ("left", _), ("right", _): return #"\left( x \right)"#
            case (_, 0): return "x \\\(name) y"
            default: return "\\\(name)" + String(repeating: "{x}", count: arguments)
            }
        }
        samples += NotationLaTeX.symbols.map { "a\\\($0)b" }
        samples += NotationLaTeX.delimiters.sorted().map { #"\left"# + $0 + #" x \right"# + $0 }
        for latex in samples {
            #expect(throws: Never.self, "\(latex)") { _ = try MathML.inline(latex) }
            #expect(NotationLaTeX.firstProblem(in: latex) == nil, "the sample \(latex) is notation a lesson may write")
        }
    }

    @Test func outsideTheSubsetIsAnError() {
        for latex in [#"\input{x}"#, #"a & b"#, #"\left( x"#, #"{x"#, #"x}"#, #"a \\ b"#, #"x^1^2"#] {
            #expect(throws: MathML.Unsupported.self, "\(latex)") { _ = try MathML.block(latex) }
        }
    }

    /// A summarised matrix (above `NumberFormat.summaryLimit` elements) translates, its
    /// ellipses as MathML operators.
    @Test func aSummarisedMatrixTranslates() throws {
        let matrix = Tensor(shape: Shape([40, 40]), scalars: Array(repeating: 0.5, count: 1_600))
        let mathML = try MathML.inline(NumberFormat(digits: 4).format(matrix, style: .latex))
        #expect(mathML.contains("<mo>⋯</mo>") && mathML.contains("<mo>⋮</mo>") && mathML.contains("<mo>⋱</mo>") && mathML.contains("<mtable"))
    }

    /// Every step's equation and every slide title's formulas, in every shipped lesson, translate
    /// (and, where xmllint is installed, make well-formed XML).
    @Test(arguments: shippedLessons)
    func everyShippedEquationTranslates(_ id: String) throws {
        let (lesson, trace) = try shipped(id)
        let latex = ChainRule(trace: trace, typesetter: lesson.typesetter(.latex))
        let captions = Caption(storyboard: Storyboard(trace: trace, typesetter: lesson.typesetter(.text)))
        var formulas = trace.steps.map { latex.line($0) }
        for step in trace.steps { _ = captions.slideTitle(step, latex: latex, math: { formulas.append($0); return $0 }, words: { $0 }) }
        var document = "<doc xmlns=\"http://www.w3.org/1998/Math/MathML\">"
        for formula in formulas {
            do { document += try MathML.block(formula) } catch { Issue.record("\(id): \(formula): \(error.message)") }
        }
        document += "</doc>"
        guard Tool.xmllint.isInstalled else { return }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("teach-mathml-\(UUID().uuidString).xml")
        defer { try? FileManager.default.removeItem(at: file) }
        try document.write(to: file, atomically: true, encoding: .utf8)
        let result = try Tool.xmllint.run(["--noout", file.path], in: FileManager.default.temporaryDirectory)
        #expect(result.status == 0, "\(id): \(result.output.prefix(600))")
    }

    /// In Chromium at 1920×1080 the player's caption sets the fan-out's equation as MathML: each
    /// fraction's numerator stands above its denominator (a browser without MathML would set
    /// them side by side), and the equation fits the screen.
    @Test(.enabled(if: Tool.chromium.isInstalled, Tool.chromium.missing))
    func thePlayerTypesetsTheEquation() throws {
        let (folder, renderer) = try PlayerAndSlidesTests.renderedFolder("l2reg", documents: [PlayerDocument.self])
        defer { try? FileManager.default.removeItem(at: folder) }
        let fanOut = renderer.trace.steps.first { $0.phase == .backward && $0.terms.flatMap(\.edges).count > 1 }!
        let probe = """
        <script>addEventListener('load', function () { setTimeout(function () {
          const caption = document.getElementById('caption');
          const fractions = Array.from(caption.querySelectorAll('mfrac'));
          const stacked = fractions.filter(function (f) {
            const over = f.children[0].getBoundingClientRect(), under = f.children[1].getBoundingClientRect();
            return over.bottom <= under.top + 1 && over.left < under.right && under.left < over.right;
          });
          document.body.dataset.fractions = fractions.length + ' ' + stacked.length;
          document.body.dataset.fits = String(caption.querySelector('math').getBoundingClientRect().right <= innerWidth);
        }, 50); });</script>
        """
        let page = folder.appendingPathComponent("index.html")
        let html = try String(contentsOf: page, encoding: .utf8)
        try html.replacingOccurrences(of: "</body>", with: probe + "\n</body>").write(to: page, atomically: true, encoding: .utf8)
        let dom = try Tool.chromium.run(PlayerAndSlidesTests.chromiumArguments + ["--window-size=1920,1080", "--dump-dom",
                                                                                  page.absoluteString + "#step=\(fanOut.index + 1)"], in: folder).output
        let counts = matches(#"data-fractions="(\d+) (\d+)""#, in: dom).first.map { (Int($0[1])!, Int($0[2])!) }
        #expect(counts.map { $0.0 >= 5 && $0.1 == $0.0 } == true, "fractions, and those stacked: \(String(describing: counts))")
        #expect(dom.contains("data-fits=\"true\""), "the equation fits the screen")
    }
}
