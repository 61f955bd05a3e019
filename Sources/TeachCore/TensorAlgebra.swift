/// The non-elementwise operations on tensors. Shapes are checked beforehand by `ShapeChecker`.
extension Tensor {
    /// The matrix product with the lectures' vector conventions:
    ///
    ///     (A x)ᵢ = Σⱼ Aᵢⱼ xⱼ      (A B)ᵢₖ = Σⱼ Aᵢⱼ Bⱼₖ      x·y = Σᵢ xᵢ yᵢ      (xᵀB)ₖ = Σᵢ xᵢ Bᵢₖ
    public static func matmul(_ a: Tensor, _ b: Tensor) -> Tensor {
        let (left, right) = (a.asMatrix(columnVector: false), b.asMatrix(columnVector: true))
        let (n, inner, m) = (left.rows, left.columns, right.columns)
        var out = [Double](repeating: 0, count: n * m)
        for i in 0..<n {
            for j in 0..<inner {
                let aij = left.scalars[i * inner + j]
                if aij == 0 { continue }
                for k in 0..<m { out[i * m + k] += aij * right.scalars[j * m + k] }
            }
        }
        switch (a.shape.rank, b.shape.rank) {
        case (2, 2): return Tensor(shape: .matrix(n, m), scalars: out)
        case (1, 1): return Tensor(out[0])
        default: return Tensor(vector: out)
        }
    }

    /// A vector seen as a matrix: a column `[n,1]` on the right of a product, a row `[1,n]` on the left.
    private func asMatrix(columnVector: Bool) -> (rows: Int, columns: Int, scalars: [Double]) {
        switch shape.rank {
        case 2: return (shape.dimensions[0], shape.dimensions[1], scalars)
        default: return columnVector ? (scalars.count, 1, scalars) : (1, scalars.count, scalars)
        }
    }

    /// `Aᵀ`; a vector or scalar is its own transpose.
    public var transposed: Tensor {
        guard shape.rank == 2 else { return self }
        let (r, c) = (shape.dimensions[0], shape.dimensions[1])
        var out = [Double](repeating: 0, count: r * c)
        for i in 0..<r { for j in 0..<c { out[j * r + i] = scalars[i * c + j] } }
        return Tensor(shape: .matrix(c, r), scalars: out)
    }

    /// `a bᵀ`, the outer product of two vectors.
    public static func outer(_ a: Tensor, _ b: Tensor) -> Tensor {
        Tensor(shape: .matrix(a.scalars.count, b.scalars.count),
               scalars: a.scalars.flatMap { ai in b.scalars.map { ai * $0 } })
    }

    /// `softmax(z)ₖ = e^{zₖ} / Σₗ e^{zₗ}`, computed after subtracting `max z` so it cannot overflow.
    public var softmax: Tensor {
        let top = scalars.max() ?? 0
        let exps = scalars.map { Foundation_exp($0 - top) }
        let total = exps.reduce(0, +)
        return Tensor(shape: shape, scalars: exps.map { $0 / total })
    }

    /// `Σᵢ aᵢ` over every element.
    public var sum: Tensor { Tensor(scalars.reduce(0, +)) }

    /// The row-major position of 1-based indices (none for a scalar).
    public func offset(of indices: [Int]) -> Int {
        switch indices.count {
        case 0: return 0
        case 1: return indices[0] - 1
        default: return (indices[0] - 1) * shape.dimensions[1] + (indices[1] - 1)
        }
    }

    /// The unit tensor `e_k` of `shape`: one at the 1-based `indices`, zero elsewhere.
    public static func basis(_ indices: [Int], shape: Shape) -> Tensor {
        var unit = Tensor.zeros(shape)
        unit.scalars[unit.offset(of: indices)] = 1
        return unit
    }

    /// `Σᵢ aᵢ bᵢ`, the inner product of two equally shaped tensors.
    public static func dot(_ a: Tensor, _ b: Tensor) -> Double {
        Swift.zip(a.scalars, b.scalars).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
