import Testing
import TeachCore
import TeachTestSupport
@testable import TeachLessons

/// A name given only LaTeX gets the plain text of the same symbols, for the frames, captions and
/// terminals: the slides' symbols in Unicode.
@Suite struct NotationTextTests {
    @Test func latexBecomesTheSameSymbolsInText() {
        let cases: [(String, String?)] = [
            (#"\mathcal{L}"#, "ℒ"), (#"\mathcal{R}"#, "ℛ"),
            // No subscript g in Unicode: the subscript is written after _.
            (#"\mathcal{L}_{\mathrm{reg}}"#, "ℒ_reg"),
            ("W^{(1)}", "W⁽¹⁾"), ("w_{1,2}", "w₁,₂"), ("w^{(1)}_{21}", "w⁽¹⁾₂₁"), ("W^{[1]}", "W^[1]"),
            (#"\hat{y}"#, "ŷ"), (#"\epsilon_t"#, "ϵₜ"), (#"\varepsilon"#, "ε"), ("h_0^\\top", "h₀ᵀ"), (#"\mathbf{x}"#, "𝐱"),
            ("y", "y"), ("x'", "x′"),
            // What has no text form keeps the default.
            (#"\frac{1}{2}"#, nil), (#"\sqrt{x}"#, nil), (#"\text{out}_{o1}"#, nil), (#"\hat{xy}"#, nil),
        ]
        for (latex, text) in cases { #expect(NotationText.text(latex: latex) == text, "\(latex)") }
    }

    /// Names without notation: inner digits and words typeset as subscripts where Unicode has
    /// the characters, the same structure in text and LaTeX, Greek letters as TeX sets them.
    @Test func defaultNamesTypesetSensibly() {
        let notation = Notation()
        let cases: [(name: String, text: String, latex: String)] = [
            ("x1w1", "x₁w₁", "x_{1}w_{1}"), ("net_h1", "netₕ₁", #"\mathit{net}_{h1}"#), ("out_o1", "outₒ₁", #"\mathit{out}_{o1}"#),
            ("L_reg", "L_reg", "L_{reg}"), ("xi1", "ξ₁", #"\xi_{1}"#), ("w11", "w₁₁", "w_{11}"), ("epsilon", "ϵ", #"\epsilon"#),
            ("yhat", "ŷ", #"\hat{y}"#), ("Err6", "Err₆", #"\mathit{Err}_{6}"#),
            // No subscript on a subscript: a generated network's w1_2_3 keeps its base whole.
            ("w1_2_3", "w1_2_3", #"\mathit{w1}_{2_3}"#), ("a1_2", "a1₂", #"\mathit{a1}_{2}"#),
        ]
        for c in cases {
            #expect(notation.text(c.name) == c.text, "\(c.name)")
            #expect(notation.latex(c.name) == c.latex, "\(c.name)")
        }
    }

    /// In a lesson: LaTeX alone gives the text; a text given keeps it; the frames' typesetter uses it.
    @Test func aLessonsNotationGivesItsText() throws {
        let lesson = try lesson("""
            title: t
            inputs: {x: 2}
            parameters: {W1: 1}
            equations: [L = W1*x, Lreg = 2*L]
            loss: Lreg
            notation: {W1: 'W^{(1)}', L: '\\mathcal{L}', Lreg: {latex: '\\mathcal{L}_{\\mathrm{reg}}', text: 'Lr'}}
            """)
        let text = lesson.typesetter(.text)
        #expect(text.name("W1") == "W⁽¹⁾" && text.name("L") == "ℒ" && text.name("Lreg") == "Lr" && text.name("x") == "x")
        #expect(text.derivative("L", "W1") == "∂ℒ/∂W⁽¹⁾")
    }
}
