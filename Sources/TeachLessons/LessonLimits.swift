/// What a lesson file may cost before teach refuses it: every limit is checked before the work
/// it bounds, so an untrusted file cannot make teach hang or exhaust memory.
public struct LessonLimits: Sendable {
    /// File size in bytes.
    public var bytes: Int
    /// Nesting of YAML collections.
    public var depth: Int
    /// YAML nodes in the whole document.
    public var yamlNodes: Int
    /// Keys in one mapping (a lesson's `parameters`, for instance).
    public var keysPerMapping: Int
    /// Variable references in one equation (each is an edge with a symbolic partial of its
    /// own, whose cost grows faster than the equation).
    public var referencesPerEquation: Int
    /// Elements of any one value (a tensor an equation or a subexpression computes).
    public var elementsPerValue: Int
    /// Scalar operations of the whole trace, estimated from shapes (`WorkEstimate`).
    public var work: Double

    public init(bytes: Int, depth: Int, yamlNodes: Int, keysPerMapping: Int, referencesPerEquation: Int = 256,
                elementsPerValue: Int = 1_000_000, work: Double = 3e8) {
        self.bytes = bytes
        self.depth = depth
        self.yamlNodes = yamlNodes
        self.keysPerMapping = keysPerMapping
        self.referencesPerEquation = referencesPerEquation
        self.elementsPerValue = elementsPerValue
        self.work = work
    }

    /// The limits of `teach render`, `trace` and the rest: 1 MiB, depth 64, 200,000 nodes,
    /// 10,000 keys per mapping, 256 references per equation, 10⁶ elements per value and
    /// 3·10⁸ scalar operations per trace.
    public static let standard = LessonLimits(bytes: 1 << 20, depth: 64, yamlNodes: 200_000, keysPerMapping: 10_000)

    /// For generated benchmark lessons of up to about 100,000 scalar nodes.
    public static let benchmark = LessonLimits(bytes: 64 << 20, depth: 64, yamlNodes: 4_000_000, keysPerMapping: 400_000,
                                               referencesPerEquation: 100_000, elementsPerValue: 100_000_000, work: 1e12)
}
