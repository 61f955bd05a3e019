import Foundation
import TeachCore

/// A student's own numbers for a lesson with `vary:` entries.
///
///     seed    = the first 8 bytes, big-endian, of
///               HMAC-SHA256(course secret, "teach-variant\n" + lesson id + "\n" + student id)
///     element = round(from + u·(to − from), decimals),  u = SplitMix64(seed).nextUnit()
///
/// drawn for each element of each `vary:` entry in file order. The student id is trimmed and
/// lower-cased first, so `Ada@Uni.edu ` and `ada@uni.edu` are one student. The numbers are
/// rounded before the trace runs, so the key is computed from exactly what the student sees.
public enum Variant {
    public static func seed(secret: [UInt8], lesson: String, student: String) -> UInt64 {
        let message = Array(("teach-variant\n" + lesson + "\n" + normalized(student)).utf8)
        return Digest.hmacSHA256(key: secret, message: message).prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    public static func normalized(_ student: String) -> String {
        student.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// The given values the variations replace, by node id.
    public static func values(_ variations: [Variation], graph: Graph, seed: UInt64) -> [Int: Tensor] {
        var random = SplitMix64(seed: seed)
        var values: [Int: Tensor] = [:]
        for variation in variations {
            let shape = graph.nodes[variation.node].shape
            let scale = (0..<variation.decimals).reduce(1.0) { value, _ in value * 10 }
            let scalars = (0..<shape.count).map { _ in
                let drawn = variation.low + random.nextUnit() * (variation.high - variation.low)
                return (drawn * scale).rounded() / scale + 0
            }
            values[variation.node] = Tensor(shape: shape, scalars: scalars)
        }
        return values
    }
}

extension Lesson {
    /// The lesson as `student` sees it: its `vary:` values drawn from the course secret.
    public func variant(secret: [UInt8], student: String) -> Lesson {
        guard let variations = exercises?.variations, !variations.isEmpty else { return self }
        return withGiven(Variant.values(variations, graph: graph, seed: Variant.seed(secret: secret, lesson: id, student: student)))
    }
}

extension Lesson {
    /// The first numbers within the `vary:` ranges for which the lesson cannot be evaluated,
    /// with the failure: tried at every corner of the ranges (each varied value at its low or
    /// its high end, up to 10 values) and for 32 students drawn as real ones are. A student who
    /// drew such numbers could not be graded, so sheets and bundles check this first.
    public func failingVariant(secret: [UInt8]) -> (description: String, error: TraceError)? {
        guard let variations = exercises?.variations, !variations.isEmpty else { return nil }
        func describe(_ values: [Int: Tensor]) -> String {
            variations.map { variation in
                let value = values[variation.node]!
                let number = NumberFormat().format(value)
                let end = value.scalars.allSatisfy { $0 == value.scalars[0] }
                    ? (value.scalars[0] == variation.low ? " (the low end of its range)" : value.scalars[0] == variation.high ? " (the high end of its range)" : "")
                    : ""
                return "\(graph.nodes[variation.node].name) = \(number)\(end)"
            }.joined(separator: ", ")
        }
        let corners = variations.count <= 10 ? (0..<(1 << variations.count)).map { mask in
            Dictionary(uniqueKeysWithValues: variations.enumerated().map { index, variation in
                (variation.node, Tensor.filled(mask & (1 << index) == 0 ? variation.low : variation.high, shape: graph.nodes[variation.node].shape))
            })
        } : []
        let students = (1...32).map { Variant.values(variations, graph: graph, seed: Variant.seed(secret: secret, lesson: id, student: "range check \($0)")) }
        for values in corners + students {
            do { _ = try withGiven(values).trace() } catch { return (describe(values), error) }
        }
        return nil
    }
}
