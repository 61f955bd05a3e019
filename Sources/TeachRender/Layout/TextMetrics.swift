/// An estimate of how wide a line of text is in DejaVu Sans, in points, a little wide.
///
/// Frames are laid out once from these estimates, never from the fonts Graphviz finds, so the
/// layout (and every DOT file) is the same on every machine with the same Graphviz. The
/// classes are DejaVu Sans' advance widths in em, measured through Graphviz, rounded up.
enum TextMetrics {
    static func width(of line: String, fontSize: Double, bold: Bool = false) -> Double {
        var ems = 0.0
        for scalar in line.unicodeScalars { ems += advance(scalar) }
        return ems * fontSize * (bold ? 1.12 : 1.04)
    }

    private static func advance(_ scalar: Unicode.Scalar) -> Double {
        switch scalar {
        case "i", "j", "l", "I", "J", "'": return 0.29
        case " ", ".", ",", ":", ";", "/", "|", "·", "!", "\\": return 0.34
        case "(", ")", "[", "]", "r", "t", "f", "-", "\u{2070}"..."\u{209F}", "²", "³", "¹", "ᵀ": return 0.40
        case "∂", "_", "s", "z", "c", "ξ": return 0.55
        case "k", "v", "x", "y", "λ", "F", "P", "T", "Y", "L", "E": return 0.62
        case "0"..."9", "a"..."z", "σ", "η", "θ", "{", "}", "S", "√", "?": return 0.65
        case "w", "D", "G", "H", "N", "O", "Q", "U", "M", "◀", "▶": return 0.87
        case "+", "=", "<", ">", "~", "−", "←", "→", "\u{2200}"..."\u{22FF}": return 0.84
        case "m", "W": return 1.0
        case "\u{0300}"..."\u{036F}", "\u{200B}"..."\u{200F}": return 0
        case "A"..."Z", "\u{2100}"..."\u{214F}": return 0.75
        default: return scalar.value >= 0x1100 ? 1.0 : 0.75
        }
    }
}
