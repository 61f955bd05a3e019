import TeachCore

/// `index.md`: every frame in order under its caption, with a key to what the frames show.
public struct FrameIndexDocument: Document {
    public static let name = "index"
    public static let summary = "index.md: every frame under its caption"

    public init() {}

    public func write(_ context: RenderContext, to write: (OutputFile) throws -> Void) throws {
        try write(OutputFile(path: "index.md", text: FrameIndex(renderer: context).document()))
    }
}

struct FrameIndex {
    let renderer: RenderContext

    func document() -> String {
        let trace = renderer.trace
        let lesson = renderer.lesson
        var lines = ["# " + Escape.markdown(lesson.title) + ": step by step", ""]
        lines.append("One frame per step of `" + Escape.visible(lesson.file).replacingBackticks() + "`, all on one layout. "
                     + "The numbers in tables: [tables.md](tables.md); every step as data: [trace.json](trace.json).")
        lines += ["", "**Reading a frame.** Rounded boxes are inputs, double-bordered boxes parameters, and the heavy box is the loss. "
                  + "Each box shows its equation and its value once computed (blank before). In the backward pass a shaded row "
                  + "shows the adjoint ∂ℒ/∂v; an edge is labelled with its local partial and, after ◀, the contribution it sends back. "
                  + "The current step's box is filled and outlined heavily, and its edges are drawn heavily."]
        let image = renderer.formats.first { $0 != .dot }
        let framed = Set(renderer.framed.map(\.index))
        if framed.count < trace.steps.count {
            lines += ["", "Frames were written for \(framed.count) of the \(trace.steps.count) steps (`teach render --frames`); every step keeps its caption."]
        }
        var phase: Trace.Phase?
        for step in trace.steps {
            if step.phase != phase {
                phase = step.phase
                lines += ["", "## " + Self.heading(step.phase)]
            }
            let caption = Escape.markdown(renderer.caption(step))
            let name = "frames/" + renderer.frameName(step)
            lines += ["", "**" + caption + "**"]
            guard framed.contains(step.index) else { continue }
            if let image { lines += ["", "![\(caption)](\(name).\(image.rawValue))"] }
            if renderer.formats.contains(.dot) { lines += ["", "[DOT](\(name).dot)"] }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func heading(_ phase: Trace.Phase) -> String {
        switch phase {
        case .forward: return "Forward pass"
        case .backward: return "Backward pass"
        case .tangent: return "Forward mode"
        case .update: return "Gradient descent"
        }
    }
}

private extension String {
    /// Inside a code span a backtick would end it; the path is shown without them.
    func replacingBackticks() -> String { String(map { $0 == "`" ? "'" : $0 }) }
}
