/// Whether teach accepts the lesson a generator writes, checked by loading it as `teach render`
/// would, so `teach generate` never prints a lesson teach then refuses.
extension MLPGenerator {
    /// The loader's message if teach would refuse this lesson under `limits`, else nil.
    public func refusal(under limits: LessonLimits = .standard) -> String? {
        do {
            _ = try LessonLoader(limits: limits).load(bytes: Array(yaml().utf8), file: id + ".yaml", id: id)
            return nil
        } catch {
            return error.message
        }
    }

    /// The widest hidden layer, at most this one's, whose lesson teach accepts with every other
    /// option kept; nil if not even one unit fits. The lesson grows with the width, so a
    /// bisection finds it in about log₂(hidden) loads.
    public func widestAcceptedHidden(under limits: LessonLimits = .standard) -> Int? {
        func fits(_ width: Int) -> Bool {
            MLPGenerator(inputs: inputs, hidden: width, layers: layers, outputs: outputs, form: form, seed: seed).refusal(under: limits) == nil
        }
        guard fits(1) else { return nil }
        var low = 1, high = hidden
        while low < high {
            let middle = (low + high + 1) / 2
            if fits(middle) { low = middle } else { high = middle - 1 }
        }
        return low
    }
}
