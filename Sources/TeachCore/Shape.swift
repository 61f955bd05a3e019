/// The shape of a value: a scalar `[]`, a vector `[n]` or a matrix `[rows, columns]`.
///
/// Vectors are column vectors in the lectures' notation; `W @ x` with `W: [3, 2]`, `x: [2]`
/// has shape `[3]`.
public struct Shape: Hashable, Sendable, CustomStringConvertible {
    public let dimensions: [Int]

    public init(_ dimensions: [Int]) { self.dimensions = dimensions }

    public static let scalar = Shape([])
    public static func vector(_ n: Int) -> Shape { Shape([n]) }
    public static func matrix(_ rows: Int, _ columns: Int) -> Shape { Shape([rows, columns]) }

    public var rank: Int { dimensions.count }
    public var isScalar: Bool { dimensions.isEmpty }
    /// The number of scalars a value of this shape holds.
    public var count: Int { dimensions.reduce(1, *) }

    /// `scalar`, `vector of 3`, `3×2 matrix`.
    public var description: String {
        switch dimensions.count {
        case 0: return "scalar"
        case 1: return "vector of \(dimensions[0])"
        default: return dimensions.map(String.init).joined(separator: "×") + " matrix"
        }
    }
}
