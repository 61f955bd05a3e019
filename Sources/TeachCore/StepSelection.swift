/// Which steps get frame files (`--frames`) or slides (`slides: {steps: …}`): `all`, `none`,
/// or a comma-separated list of step numbers, ranges and phases (`1-20,35,backward`). `auto`
/// is `all` for lessons of at most `autoLimit` steps and `none` beyond, so a 10,000-node
/// lesson does not write 10,000 SVGs unless asked.
public struct StepSelection: Sendable, Equatable {
    public static let autoLimit = 500

    private enum Item: Sendable, Equatable {
        case all, steps(ClosedRange<Int>), phase(Trace.Phase)
    }

    private let items: [Item]
    public let isAuto: Bool

    public static let all = StepSelection(items: [.all], isAuto: false)
    public static let none = StepSelection(items: [], isAuto: false)
    public static let auto = StepSelection(items: [], isAuto: true)

    private init(items: [Item], isAuto: Bool) {
        self.items = items
        self.isAuto = isAuto
    }

    /// Parses a `--frames` value; nil with a message when it is not one.
    public static func parse(_ text: String) -> Result<StepSelection, StepSelectionError> {
        switch text {
        case "all": return .success(.all)
        case "none": return .success(.none)
        case "auto": return .success(.auto)
        default: break
        }
        var items: [Item] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            if let phase = Trace.Phase(rawValue: String(part)) { items.append(.phase(phase)); continue }
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            switch bounds.count {
            case 1: if let n = bounds[0], n >= 1 { items.append(.steps(n...n)); continue }
            case 2: if let a = bounds[0], let b = bounds[1], 1 <= a, a <= b { items.append(.steps(a...b)); continue }
            default: break
            }
            return .failure(StepSelectionError(message: "'\(part)' is not a step number, a range like 1-20, or a phase (forward, backward, tangent, update)"))
        }
        return .success(StepSelection(items: items, isAuto: false))
    }

    /// The steps of `trace` that get frames.
    public func steps(of trace: Trace) -> [Trace.Step] {
        if isAuto { return trace.steps.count <= Self.autoLimit ? trace.steps : [] }
        return trace.steps.filter { step in
            items.contains { item in
                switch item {
                case .all: return true
                case .steps(let range): return range.contains(step.index + 1)
                case .phase(let phase): return step.phase == phase
                }
            }
        }
    }
}

public struct StepSelectionError: Error, Sendable { public let message: String }
