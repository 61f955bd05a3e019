import Foundation
import Testing
import TeachTestSupport
@testable import TeachLessons

/// The notation check against what pdflatex does: everything it accepts compiles (with
/// `-no-shell-escape`), and the ways in that got through before (TeX's `^^` spelling, catcodes,
/// `&`, `\\`, unpaired `\left`, dangling scripts, commands without arguments, non-ASCII
/// letters) are refused.
@Suite struct NotationLaTeXTests {
    /// Notations a lecturer writes, tricky but valid.
    static let valid = [
        #"\hat{w}"#, #"\mathcal{L}_{\mathrm{reg}}"#, #"w^{(2)}_{1}"#, #"L(\hat{y}, y)"#, #"\Omega"#, #"w'"#, #"w''"#, #"w'^2"#,
        #"\left(a + b\right)_1"#, #"\left.\frac{\partial L}{\partial w}\right|_{w=0}"#, #"\frac12"#, #"\sqrt{x}"#,
        #"\text{net}_{h1}"#, #"\operatorname{relu}"#, #"x\,y"#, #"\{a\}"#, #"\hat\alpha"#, #"a_{b_{c}}"#, #"{w^2}^3"#,
        #"\boldsymbol{\theta}^{\top}"#, #"\tilde{x}_{i} \cdot \bar{y}"#, ##"\$ \% \# \&"##, #"\lVert w \rVert^2"#, #"\text{out}_{o1}"#,
    ]

    /// The hostile ones of the red-team round, each refused.
    static let hostile = [
        #"^^5cinput{/etc/passwd}"#, #"x^^5copenout\out=index.html"#, #"\catcode`\^=7 w"#, "w\u{07}", "w\u{1B}[31m", #"a & b"#,
        #"a\\b"#, #"\left( w"#, #"w \right)"#, #"w^"#, #"w_"#, #"\frac"#, #"\frac{1}"#, #"\sqrt"#, #"\hat"#, #"\big( w"#, #"^^"#,
        #"w^2^3"#, #"w^2'"#, #"w_1_2"#, "ω", "w\u{00A0}", #"x$"#, #"x%comment"#, #"\text{a^b}"#, #"\text{\input{x}}"#,
        #"\left\input"#, #"\mathrm\frac12"#, #"{"#, #"}"#, #"\"#,
    ]

    @Test func validNotationsAreAcceptedAndHostileOnesRefused() {
        for latex in Self.valid { #expect(NotationLaTeX.firstProblem(in: latex) == nil, "\(latex) refused") }
        for latex in Self.hostile { #expect(NotationLaTeX.firstProblem(in: latex) != nil, "\(latex) accepted") }
    }

    /// Every notation the check accepts, from the list above, the hostile list and the shipped
    /// lessons, set by pdflatex in one document.
    @Test(.enabled(if: Tool.pdflatex.isInstalled, Tool.pdflatex.missing))
    func everyAcceptedNotationCompiles() throws {
        let shipped = try shippedLessonIDs.flatMap { try loadShippedLesson($0).notation.latex.values.sorted() }
        let accepted = (Self.valid + Self.hostile + shipped).filter { NotationLaTeX.firstProblem(in: $0) == nil }
        #expect(accepted.count >= Self.valid.count + 5)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("teach-notation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let body = accepted.map { "$" + $0 + "$\\par" }.joined(separator: "\n")
        try "\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n\\begin{document}\n\(body)\n\\end{document}\n"
            .write(to: folder.appendingPathComponent("notation.tex"), atomically: true, encoding: .utf8)
        let result = try Tool.pdflatex.run(["-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "notation.tex"], in: folder)
        #expect(result.status == 0, "\(result.output.suffix(1200))")
    }
}
