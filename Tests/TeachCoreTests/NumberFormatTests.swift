import Testing
import TeachTestSupport
@testable import TeachCore

@Suite struct NumberFormatTests {
    let four = NumberFormat(digits: 4)

    /// Above 1,000 elements a tensor is summarised as numpy prints one: three entries at each
    /// end of each axis and an ellipsis between; at 1,000 or fewer, every entry.
    @Test func largeTensorsAreSummarised() throws {
        let long = Tensor(shape: Shape([1_001]), scalars: (1...1_001).map(Double.init))
        #expect(four.format(long) == "[1, 2, 3, …, 999, 1000, 1001]")
        #expect(four.format(long, style: .latex) == #"\begin{bmatrix}1 \\ 2 \\ 3 \\ \vdots \\ 999 \\ 1000 \\ 1001\end{bmatrix}"#)
        let whole = Tensor(shape: Shape([1_000]), scalars: Array(repeating: 1, count: 1_000))
        #expect(four.format(whole).components(separatedBy: ", ").count == 1_000)
        // 40 × 40: row r, column c holds 100 r + c.
        let matrix = Tensor(shape: Shape([40, 40]), scalars: (0..<1_600).map { Double($0 / 40 * 100 + $0 % 40) })
        let row = { (r: Int) in "[\(100 * r), \(100 * r + 1), \(100 * r + 2), …, \(100 * r + 37), \(100 * r + 38), \(100 * r + 39)]" }
        #expect(four.format(matrix) == "[" + ([0, 1, 2].map(row) + ["…"] + [37, 38, 39].map(row)).joined(separator: ", ") + "]")
        let latex = four.format(matrix, style: .latex)
        #expect(latex.components(separatedBy: #" \\ "#).count == 7)
        #expect(latex.contains(#"\vdots & \vdots & \vdots & \ddots & \vdots & \vdots & \vdots"#) && latex.contains(#"0 & 1 & 2 & \cdots & 37 & 38 & 39"#))
    }

    @Test func significantDigitsWithoutTrailingZeros() {
        #expect(four.format(0.9) == "0.9")
        #expect(four.format(-0.0594) == "−0.0594")
        #expect(four.format(-0.0594, style: .latex) == "-0.0594")
        #expect(four.format(-0.00909995) == "−0.0091")
        #expect(four.format(0.710950) == "0.7109")
        #expect(four.format(1182.173) == "1182")
        #expect(four.format(9.99996) == "10")
    }

    @Test func negativeZeroIsZero() {
        #expect(four.format(-0.0) == "0")
        #expect(four.format(-0.000000000001) == "−1e−12")
        #expect(NumberFormat(digits: 2).format(-0.0004) == "−0.0004")
        #expect(NumberFormat(digits: 1).format(-0.00001 + 0.00001) == "0")
    }

    @Test func scientificOutsideTheReadableRange() {
        #expect(four.format(1.23410e-5) == "1.234e−5")
        #expect(four.format(1.23410e-5, style: .latex) == "1.234 \\times 10^{-5}")
        #expect(four.format(2.5e7) == "2.5e7")
    }

    @Test func roundingForByHandMode() {
        #expect(four.rounded(0.710949672) == 0.7109)
        #expect(NumberFormat(digits: 2).rounded(-0.0594) == -0.059)
        #expect(four.rounded(0) == 0)
    }

    /// `display: {decimals: 3}`: fixed decimal places as textbooks print them, trailing zeros
    /// dropped, never scientific; by hand, values round to those places.
    @Test func decimalPlaces() {
        let three = NumberFormat(decimals: 3)
        #expect(three.format(0.47377) == "0.474")
        #expect(three.format(0.4) == "0.4")
        #expect(three.format(-0.26085) == "−0.261")
        #expect(three.format(0.00012) == "0")
        #expect(three.format(-0.0004) == "0")
        #expect(three.format(2.5e7) == "25000000")
        #expect(three.rounded(0.0087246) == 0.009)
        #expect(three.rounded(-0.305868) == -0.306)
        #expect(NumberFormat(decimals: 0).format(2.6) == "3")
        #expect(three.precision == "3 decimal places" && four.precision == "4 significant digits")
    }

    @Test func tensors() {
        #expect(four.format(Tensor(rows: [[1, -2], [0.5, 0]])) == "[[1, −2], [0.5, 0]]")
        #expect(four.format(Tensor(vector: [1, 2]), style: .latex) == "\\begin{bmatrix}1 \\\\ 2\\end{bmatrix}")
    }

    /// The integer path prints what printf prints, for numbers of every size at every number of
    /// places, and leaves the near-ties to printf (2.675 is 2.67499999… in binary: "2.67").
    @Test func fixedDigitsAreThoseOfPrintf() {
        var random = SplitMix64(seed: 19)
        var taken = 0
        for _ in 0..<200_000 {
            let exponent = Double(random.next() % 24) - 12
            let value = (Double(random.next() >> 11) / 0x1p53 * 2 - 1) * Foundation_pow(10, exponent)
            let decimals = Int(random.next() % 16)
            guard let digits = NumberFormat.exactFixed(value, decimals: decimals) else { continue }
            taken += 1
            #expect(String(decoding: digits, as: UTF8.self) == NumberFormat.printf(value, precision: decimals, conversion: "f"), "\(value) \(decimals)")
        }
        #expect(taken > 150_000)
        #expect(NumberFormat.exactFixed(2.675, decimals: 2) == nil && NumberFormat.printf(2.675, precision: 2, conversion: "f") == "2.67")
        #expect(NumberFormat.exactFixed(0.125, decimals: 2) == nil)
        #expect(NumberFormat.exactFixed(-0.0, decimals: 3).map { String(decoding: $0, as: UTF8.self) } == "-0.000")
        #expect(NumberFormat.exactFixed(-0.0004, decimals: 2).map { String(decoding: $0, as: UTF8.self) } == "-0.00")
    }
}
