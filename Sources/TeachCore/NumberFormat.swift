import Foundation

/// The display policy: full precision inside, a fixed number of significant digits (or, as
/// textbooks often print, of decimal places) outside.
///
///     format(-0.00909995, digits: 4) == "−0.0091"      format(-0.0, digits: 4) == "0"
///     format(1.2341e-4, digits: 4)   == "1.234e−4"     (LaTeX: 1.234 \times 10^{-4})
///     format(0.47377, decimals: 3)   == "0.474"        format(0.4, decimals: 3) == "0.4"
///
/// Trailing zeros are dropped; with significant digits, numbers below 10⁻⁴ or from 10⁶ on are
/// written in scientific form; with decimal places, every number is written in fixed form.
public struct NumberFormat: Sendable, Equatable {
    public enum Style: Sendable { case text, latex }

    public let digits: Int
    /// Decimal places instead of significant digits, when set.
    public let decimals: Int?

    public init(digits: Int = 4) {
        self.digits = max(1, min(digits, 15))
        decimals = nil
    }

    public init(decimals: Int) {
        digits = 4
        self.decimals = max(0, min(decimals, 15))
    }

    /// `3 significant digits` or `3 decimal places`: what the shown numbers keep.
    public var precision: String {
        if let decimals { return "\(decimals) decimal place\(decimals == 1 ? "" : "s")" }
        return "\(digits) significant digit\(digits == 1 ? "" : "s")"
    }

    /// `value` rounded to the shown significant digits (or decimal places), as a by-hand
    /// calculation carries it.
    public func rounded(_ value: Double) -> Double {
        guard value != 0, value.isFinite else { return value }
        if let decimals { return Double(Self.printf(value, precision: decimals, conversion: "f")) ?? value }
        return Double(Self.printf(value, precision: digits - 1, conversion: "e")) ?? value
    }

    public func format(_ value: Double, style: Style = .text) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞") }
        let magnitude = abs(value)
        if let decimals { return Self.fixed(value, decimals: decimals, style: style) }
        if magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e6) {
            let exponent = magnitude == 0 ? 0 : Int(Foundation_floor(Foundation_log10(magnitude)))
            return Self.fixed(value, decimals: max(0, digits - 1 - exponent), style: style)
        }
        let parts = Self.printf(value, precision: digits - 1, conversion: "e").split(separator: "e")
        let mantissa = Self.trimmingZeros(String(parts[0]))
        let exponent = Int(parts[1])!
        let text = style == .latex ? "\(mantissa) \\times 10^{\(exponent)}" : "\(mantissa)e\(exponent)"
        return style == .text ? text.split(separator: "-", omittingEmptySubsequences: false).joined(separator: "−") : text
    }

    /// `value` with `decimals` places, trailing zeros dropped, a zero without sign, and in
    /// text the minus sign −: `%.{decimals}f` trimmed in place, as a large lesson's documents
    /// format hundreds of thousands of numbers.
    private static func fixed(_ value: Double, decimals: Int, style: Style) -> String {
        func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
            var end = bytes.count
            if bytes.contains(UInt8(ascii: ".")) {
                while bytes[end - 1] == UInt8(ascii: "0") { end -= 1 }
                if bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
            }
            let kept = UnsafeBufferPointer(rebasing: bytes[..<end])
            if kept.allSatisfy({ $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "-") }) { return "0" }
            guard style == .text, kept.first == UInt8(ascii: "-") else { return String(decoding: kept, as: UTF8.self) }
            return "−" + String(decoding: UnsafeBufferPointer(rebasing: kept.dropFirst()), as: UTF8.self)
        }
        if let digits = exactFixed(value, decimals: decimals) { return digits.withUnsafeBufferPointer(trimmed) }
        return printed(value, precision: decimals, conversion: "f", trimmed)
    }

    /// 10⁰ … 10¹⁵, each exact in a `Double`.
    private static let powersOfTen = (0...15).map { Foundation_pow(10, Double($0)) }

    /// `%.{decimals}f` of `value` as printf prints it, by integer arithmetic where that is
    /// certain to agree: `s = |value| · 10^decimals` is the correctly rounded product, within half
    /// an ulp of the exact one, so where the fraction of `s` lies further than an ulp from ½ both
    /// round to the same whole number. Nil elsewhere (printf decides a near-tie).
    static func exactFixed(_ value: Double, decimals: Int) -> [UInt8]? {
        guard decimals < powersOfTen.count else { return nil }
        let scaled = abs(value) * powersOfTen[decimals]
        guard scaled < 0x1p52 else { return nil }
        let whole = scaled.rounded(.down)
        let fraction = scaled - whole
        guard abs(fraction - 0.5) > scaled.ulp else { return nil }
        var n = UInt64(whole) + (fraction > 0.5 ? 1 : 0)
        var digits: [UInt8] = []
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(n % 10))
            n /= 10
        } while n > 0
        while digits.count <= decimals { digits.append(UInt8(ascii: "0")) }
        digits.reverse()
        var out: [UInt8] = value.sign == .minus ? [UInt8(ascii: "-")] : []
        out += digits[..<(digits.count - decimals)]
        if decimals > 0 { out += [UInt8(ascii: ".")] + digits[(digits.count - decimals)...] }
        return out
    }

    /// C's `%.{precision}f` or `%.{precision}e` of `value` (correctly rounded, locale-free),
    /// without going through `NSString`, which dominated the cost of writing a large lesson.
    static func printf(_ value: Double, precision: Int, conversion: Character) -> String {
        printed(value, precision: precision, conversion: conversion) { String(decoding: $0, as: UTF8.self) }
    }

    /// `body` of the bytes `printf` prints, before they become a string.
    private static func printed<T>(_ value: Double, precision: Int, conversion: Character,
                                   _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let format = "%.*" + String(conversion)
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buffer in
            let count = withVaList([Int32(precision), value]) { vsnprintf(buffer.baseAddress!, buffer.count, format, $0) }
            let length = Int(max(0, min(count, Int32(buffer.count - 1))))
            return buffer.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: length) { body(UnsafeBufferPointer(start: $0, count: length)) }
        }
    }

    private static func trimmingZeros(_ s: String) -> String {
        guard s.contains(".") else { return s }
        var t = s
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return t
    }

    /// Above this many elements a tensor is shown summarised, as numpy prints one: its first
    /// and last `summaryEdge` entries along each axis with an ellipsis between, so that showing
    /// a value costs the same whatever its size (a 930×930 outer product would print 7.8 MB).
    public static let summaryLimit = 1_000
    public static let summaryEdge = 3

    /// A tensor: a scalar as a number, a vector as `[a, b]`, a matrix as `[[a, b], [c, d]]`
    /// (LaTeX: a bracketed `bmatrix`, vectors as columns); above `summaryLimit` elements,
    /// summarised (`[1, 2, 3, …, 8, 9, 10]`; in LaTeX `\cdots`, `\vdots` and `\ddots`).
    public func format(_ tensor: Tensor, style: Style = .text) -> String {
        let summarised = tensor.scalars.count > Self.summaryLimit
        // The entries shown of `count`, as indices, nil where the ellipsis stands.
        func shown(_ count: Int) -> [Int?] {
            guard summarised, count > 2 * Self.summaryEdge else { return (0..<count).map { $0 } }
            return (0..<Self.summaryEdge).map { $0 } + [nil] + ((count - Self.summaryEdge)..<count).map { $0 }
        }
        func entries(_ values: ArraySlice<Double>, gap: String) -> [String] {
            shown(values.count).map { $0.map { format(values[values.startIndex + $0], style: style) } ?? gap }
        }
        switch (tensor.shape.rank, style) {
        case (0, _): return format(tensor.scalar, style: style)
        case (1, .text): return "[" + entries(tensor.scalars[...], gap: "…").joined(separator: ", ") + "]"
        case (_, .text):
            return "[" + shown(tensor.shape.dimensions[0]).map { row in
                row.map { "[" + entries(self.row($0, of: tensor), gap: "…").joined(separator: ", ") + "]" } ?? "…"
            }.joined(separator: ", ") + "]"
        case (1, .latex):
            return "\\begin{bmatrix}" + entries(tensor.scalars[...], gap: "\\vdots").joined(separator: " \\\\ ") + "\\end{bmatrix}"
        case (_, .latex):
            let columns = shown(tensor.shape.dimensions[1])
            return "\\begin{bmatrix}" + shown(tensor.shape.dimensions[0]).map { row in
                row.map { entries(self.row($0, of: tensor), gap: "\\cdots").joined(separator: " & ") }
                    ?? columns.map { $0 == nil ? "\\ddots" : "\\vdots" }.joined(separator: " & ")
            }.joined(separator: " \\\\ ") + "\\end{bmatrix}"
        }
    }

    /// Row `index` of a matrix, without copying the others.
    private func row(_ index: Int, of tensor: Tensor) -> ArraySlice<Double> {
        let columns = tensor.shape.dimensions[1]
        return tensor.scalars[(index * columns)..<((index + 1) * columns)]
    }
}

/// The kinds of number a lesson may show at a precision of its own, as a textbook prints its
/// outputs to three places and its errors to four (`display: {adjoints: {decimals: 4}}`).
public enum Shown: String, CaseIterable, Sendable {
    /// Forward values, given values and the loss.
    case values
    /// Local partials `∂c/∂v`.
    case partials
    /// Adjoints `∂ℒ/∂v`, the contributions they sum, and forward-mode tangents.
    case adjoints
    /// Gradient-descent updates `θ − η ∂ℒ/∂θ`.
    case updates

    /// What the kind covers, in words.
    public var summary: String {
        switch self {
        case .values: "values (given, forward and the loss)"
        case .partials: "local partials ∂c/∂v"
        case .adjoints: "adjoints ∂L/∂v, their contributions and forward-mode tangents"
        case .updates: "gradient-descent updates"
        }
    }
}
