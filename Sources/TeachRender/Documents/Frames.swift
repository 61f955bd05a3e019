import TeachCore

/// `frames/NNN-<phase>-<node>.{svg,dot,png,pdf}`: one frame per framed step on the pinned
/// layout. teach draws the SVG itself (`SVGWriter`); the DOT stands alone (`neato -n2` draws
/// the same picture), and PNG and PDF are drawn from it by libgvc in process, when asked for.
///
/// `focus/…`, in the same formats, where the slides show focus frames (`FocusLayout`): per
/// step its neighbourhood large beside a thumbnail of the whole graph.
public struct FramesDocument: Document {
    public static let name = "frames"
    public static let summary = "frames/NNN-<phase>-<node>.{svg,dot,png,pdf}, one per step; focus/… for the slides of a large graph"

    public init() {}

    public func write(_ context: RenderContext, to write: (OutputFile) throws -> Void) throws {
        try writeFolder(context, folder: "frames", svg: context.svg, dot: context.frameDOT, to: write)
        if try !context.framed.isEmpty && context.usesFocusFrames() {
            try writeFolder(context, folder: "focus", svg: context.focusSVG, dot: context.focusDOT, to: write)
        }
        context.finishedFrames()
    }

    private func writeFolder(_ context: RenderContext, folder: String, svg: (Trace.Step) throws -> String, dot: (Trace.Step) throws -> String,
                       to write: (OutputFile) throws -> Void) throws {
        let needsDOT = context.formats.contains { $0 != .svg }
        for step in context.framed {
            let dot = needsDOT ? try dot(step) : ""
            let base = folder + "/" + context.frameName(step)
            for format in context.formats {
                switch format {
                case .dot: try write(OutputFile(path: base + ".dot", text: dot))
                case .svg: try write(OutputFile(path: base + ".svg", text: try svg(step)))
                case .png: try write(OutputFile(path: base + ".png", bytes: try Graphviz.shared.render(dot, format: "png")))
                case .pdf:
                    try write(OutputFile(path: base + ".pdf", bytes: Self.fixingCreationDate(try Graphviz.shared.render(dot, format: "pdf"))))
                }
            }
        }
    }

    /// Cairo stamps each PDF with the time it was made; a fixed stamp of the same length keeps
    /// the frames byte-identical from run to run (and every offset in the file unchanged).
    static func fixingCreationDate(_ pdf: [UInt8]) -> [UInt8] {
        let key = Array("/CreationDate (D:".utf8), stamp = Array("20000101000000".utf8)
        guard let start = pdf.indices.dropLast(key.count + stamp.count).first(where: { pdf[$0..<($0 + key.count)].elementsEqual(key) }),
              pdf[(start + key.count)...].prefix(stamp.count).allSatisfy({ (0x30...0x39).contains($0) }) else { return pdf }
        var fixed = pdf
        fixed.replaceSubrange((start + key.count)..<(start + key.count + stamp.count), with: stamp)
        return fixed
    }
}
