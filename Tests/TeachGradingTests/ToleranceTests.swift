import Testing
import TeachTestSupport
@testable import TeachLessons

/// PrairieLearn's three rules, climbing from exact to the edges, and the absolute floor at 0.
@Suite struct ToleranceTests {
    @Test func relativeAndAbsolute() {
        let rule = Tolerance.relative(rtol: 0.01, atol: 1e-6)
        #expect(rule.accepts(2, key: 2))
        #expect(rule.accepts(2.019, key: 2))
        #expect(!rule.accepts(2.021, key: 2))
        #expect(rule.accepts(-2.019, key: -2))
        #expect(rule.accepts(5e-7, key: 0))
        #expect(!rule.accepts(2e-6, key: 0))
        #expect(!rule.accepts(.nan, key: 0))
        #expect(!rule.accepts(.infinity, key: 1))
    }

    @Test func significantFigures() {
        let rule = Tolerance.significantFigures(3, floor: 1e-6)
        // |s − t| < 0.51·10^(⌊log₁₀ 0.0594⌋ − 3 + 1) = 0.51·10⁻⁴
        #expect(rule.accepts(-0.0594, key: -0.059400))
        #expect(rule.accepts(-0.05945, key: -0.0594))
        #expect(!rule.accepts(-0.05946, key: -0.0594))
        #expect(rule.accepts(123.4, key: 123))
        #expect(!rule.accepts(124, key: 123))
        // A dead ReLU's gradient is exactly 0: only the floor can accept anything.
        #expect(rule.accepts(0, key: 0))
        #expect(rule.accepts(1e-7, key: 0))
        #expect(!rule.accepts(1e-3, key: 0))
    }

    @Test func decimalDigits() {
        let rule = Tolerance.decimalDigits(2, floor: 1e-6)
        #expect(rule.accepts(0.804, key: 0.80455))
        #expect(!rule.accepts(0.79, key: 0.80455))
        #expect(rule.accepts(0.001, key: 0))
    }
}
