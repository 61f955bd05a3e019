import CGraphviz
import Foundation

/// A failure inside Graphviz, with the messages it reported.
public struct GraphvizError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Where Graphviz placed a graph: the bounding box, each node's centre and size, and each
/// edge's spline and label position, exactly as Graphviz writes them in DOT (points, y up).
public struct GraphvizLayout: Sendable {
    public struct Node: Sendable, Equatable { public let position: String; public let width: String; public let height: String }
    public struct Edge: Sendable, Equatable { public let spline: String; public let labelPosition: String? }

    /// `llx,lly,urx,ury`.
    public let boundingBox: String
    /// By node name.
    public let nodes: [String: Node]
    /// By the edge's `id` attribute.
    public let edges: [String: Edge]
}

/// libgvc in process. Graphviz is not thread-safe (two threads crash it even with separate
/// contexts), so every call goes through one lock and one context. Its error messages are
/// collected through `agseterrf` and thrown as `GraphvizError`.
public final class Graphviz: @unchecked Sendable {
    public static let shared = Graphviz()

    private let lock = NSLock()
    private let context: OpaquePointer

    private init() {
        context = gvContext()
        _ = agseterrf(collectGraphvizMessage)
    }

    /// The version of the Graphviz library teach is linked with (`2.43.0`).
    public var version: String {
        lock.lock()
        defer { lock.unlock() }
        return gvcVersion(context).map { String(cString: $0) } ?? "unknown"
    }

    /// Lays out `dot` with `engine` and reads back every position.
    public func layout(_ dot: String, engine: String = "dot") throws(GraphvizError) -> GraphvizLayout {
        try withGraph(dot, engine: engine) { graph in
            attach_attrs(graph)
            var nodes: [String: GraphvizLayout.Node] = [:]
            var edges: [String: GraphvizLayout.Edge] = [:]
            var node = agfstnode(graph)
            while let current = node {
                let name = String(cString: agnameof(current))
                nodes[name] = .init(position: attribute(current, "pos") ?? "", width: attribute(current, "width") ?? "",
                                    height: attribute(current, "height") ?? "")
                var edge = agfstout(graph, current)
                while let out = edge {
                    if let id = attribute(out, "id") {
                        edges[id] = .init(spline: attribute(out, "pos") ?? "", labelPosition: attribute(out, "lp"))
                    }
                    edge = agnxtout(graph, out)
                }
                node = agnxtnode(graph, current)
            }
            return GraphvizLayout(boundingBox: attribute(graph, "bb") ?? "0,0,0,0", nodes: nodes, edges: edges)
        }
    }

    /// Renders `dot` (positions already pinned, engine `nop2`) to `format`: svg, png or pdf.
    public func render(_ dot: String, engine: String = "nop2", format: String) throws(GraphvizError) -> [UInt8] {
        try withGraph(dot, engine: engine) { graph throws(GraphvizError) in
            var data: UnsafeMutablePointer<CChar>?
            var length: UInt32 = 0
            let status = gvRenderData(context, graph, format, &data, &length)
            defer { gvFreeRenderData(data) }
            guard status == 0, agerrors() == 0, let data else {
                throw GraphvizError(message: failure("could not render \(format)"))
            }
            return data.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { Array(UnsafeBufferPointer(start: $0, count: Int(length))) }
        }
    }

    /// Parses and lays out `dot`, runs `body` on the laid-out graph, then frees everything.
    private func withGraph<T>(_ dot: String, engine: String,
                              _ body: (UnsafeMutablePointer<Agraph_t>) throws(GraphvizError) -> T) throws(GraphvizError) -> T {
        lock.lock()
        defer { lock.unlock() }
        graphvizMessages = ""
        _ = agreseterrors()
        guard let graph = agmemread(dot), agerrors() == 0 else { throw GraphvizError(message: failure("could not read the DOT")) }
        defer { agclose(graph) }
        guard gvLayout(context, graph, engine) == 0, agerrors() == 0 else {
            throw GraphvizError(message: failure("layout with \(engine) failed"))
        }
        defer { gvFreeLayout(context, graph) }
        return try body(graph)
    }

    private func failure(_ summary: String) -> String {
        let details = graphvizMessages.trimmingCharacters(in: .whitespacesAndNewlines)
        return details.isEmpty ? "Graphviz: \(summary)" : "Graphviz: \(summary): \(details)"
    }

    private func attribute(_ object: UnsafeMutableRawPointer, _ name: String) -> String? {
        var key = Array(name.utf8CString)
        guard let value = agget(object, &key) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }
}

/// Graphviz's messages of the current call; only touched while `Graphviz.lock` is held.
nonisolated(unsafe) private var graphvizMessages = ""

/// `agusererrf`: Graphviz hands over its messages in pieces; keep them all.
private let collectGraphvizMessage: agusererrf = { piece in
    if let piece { graphvizMessages += String(cString: piece) }
    return 0
}
