/// A scalar, vector or matrix of `Double`s, stored row-major.
///
/// Elementwise operations broadcast a scalar against any shape; otherwise shapes must match.
public struct Tensor: Equatable, Sendable {
    public let shape: Shape
    public var scalars: [Double]

    public init(shape: Shape, scalars: [Double]) {
        precondition(shape.count == scalars.count, "tensor storage does not match its shape")
        self.shape = shape
        self.scalars = scalars
    }

    public init(_ scalar: Double) { self.init(shape: .scalar, scalars: [scalar]) }

    public init(vector: [Double]) { self.init(shape: .vector(vector.count), scalars: vector) }

    /// A matrix from its rows; every row must have the same length.
    public init(rows: [[Double]]) {
        self.init(shape: .matrix(rows.count, rows.first?.count ?? 0), scalars: rows.flatMap { $0 })
    }

    public static func filled(_ value: Double, shape: Shape) -> Tensor {
        Tensor(shape: shape, scalars: Array(repeating: value, count: shape.count))
    }

    public static func zeros(_ shape: Shape) -> Tensor { filled(0, shape: shape) }

    /// The only element of a scalar.
    public var scalar: Double { scalars[0] }
    public var isScalar: Bool { shape.isScalar }

    /// The rows of a matrix (a vector is one row, a scalar one row of one).
    public var rows: [[Double]] {
        guard shape.rank == 2 else { return [scalars] }
        let columns = shape.dimensions[1]
        return (0..<shape.dimensions[0]).map { Array(scalars[($0 * columns)..<(($0 + 1) * columns)]) }
    }

    /// `true` when every element is finite (no NaN, no ±∞).
    public var isFinite: Bool { scalars.allSatisfy { $0.isFinite } }

    public func map(_ transform: (Double) -> Double) -> Tensor {
        Tensor(shape: shape, scalars: scalars.map(transform))
    }

    /// Elementwise combination with scalar broadcasting; `nil` when the shapes are incompatible.
    public static func zip(_ a: Tensor, _ b: Tensor, _ combine: (Double, Double) -> Double) -> Tensor? {
        if a.shape == b.shape {
            return Tensor(shape: a.shape, scalars: Swift.zip(a.scalars, b.scalars).map(combine))
        }
        if a.isScalar { return b.map { combine(a.scalar, $0) } }
        if b.isScalar { return a.map { combine($0, b.scalar) } }
        return nil
    }

    /// The shape an elementwise operation of `a` and `b` produces, or `nil` if they do not broadcast.
    public static func broadcastShape(_ a: Shape, _ b: Shape) -> Shape? {
        if a == b { return a }
        if a.isScalar { return b }
        if b.isScalar { return a }
        return nil
    }

    /// Sums `gradient` down to `shape`: the adjoint of broadcasting a value of `shape`.
    ///
    ///     unbroadcast(ḡ, to: []) = Σᵢ ḡᵢ
    public func unbroadcast(to target: Shape) -> Tensor {
        if shape == target { return self }
        return Tensor(scalars.reduce(0, +))
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor { zip(a, b, +)! }
    public static func += (a: inout Tensor, b: Tensor) { a = a + b }
}
