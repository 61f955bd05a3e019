import Foundation
import Testing
import TeachCore
import TeachLessons
import TeachTestSupport
@testable import TeachRender

/// `forward_mode: [x1, x2]` on the worked example of Baydin et al.'s survey of automatic
/// differentiation (Table 2): y = ln x₁ + x₁x₂ − sin x₂ at (2, 5), whose forward pass by x₁
/// gives ẏ = 1/x₁ + x₂ = 5.5, and by x₂ gives x₁ − cos x₂ = 1.7163.
@Suite struct ForwardModesTests {
    static let yaml = """
        title: Forward mode by each input in turn
        source: Baydin, Pearlmutter, Radul and Siskind, Automatic differentiation in machine learning, Table 2
        parameters: {x1: 2, x2: 5}
        equations:
          - v1 = log(x1)
          - v2 = x1*x2
          - v3 = sin(x2)
          - v4 = v1 + v2
          - y = v4 - v3
        loss: y
        forward_mode: [x1, x2]
        """

    static func y(_ x1: Double, _ x2: Double) -> Double { log(x1) + x1 * x2 - sin(x2) }

    @Test func oneTangentColumnPerVariable() throws {
        let trace = try lesson(Self.yaml).trace()
        #expect(trace.forwardModes.map { trace.graph.nodes[$0.variable].name } == ["x1", "x2"])
        #expect(abs(trace.tangent("y", wrt: "x1").scalar - 5.5) < 1e-15, "1/x₁ + x₂")
        #expect(abs(trace.tangent("y", wrt: "x2").scalar - (2 - cos(5))) < 1e-15, "x₁ − cos x₂")
        // Against central differences of the closed form, and against reverse mode.
        let h = 1e-6
        #expect(abs(trace.tangent("y", wrt: "x1").scalar - (Self.y(2 + h, 5) - Self.y(2 - h, 5)) / (2 * h)) < 1e-8)
        #expect(abs(trace.tangent("y", wrt: "x2").scalar - (Self.y(2, 5 + h) - Self.y(2, 5 - h)) / (2 * h)) < 1e-8)
        #expect(abs(trace.tangent("y", wrt: "x2").scalar - trace.adjoint("x2").scalar) < 1e-15)
        // v1 does not depend on x2: it has no tangent there, and the x2 pass has no step for it.
        #expect(trace.forwardMode(trace.graph.node(named: "x2")!.id)!.tangents[trace.graph.node(named: "v1")!.id] == nil)
        #expect(trace.steps(.tangent).map { trace.graph.nodes[$0.node].name } == ["v1", "v2", "v4", "y", "v2", "v3", "v4", "y"])
    }

    @Test func everyDocumentNamesTheVariable() throws {
        let source = try lesson(Self.yaml)
        let trace = try source.trace()
        let text = TraceReport(lesson: source, trace: trace).text()
        #expect(text.contains("Forward mode (tangents with respect to x₁)") && text.contains("Forward mode (tangents with respect to x₂)"))
        #expect(text.contains("dy/dx₂ = ∂y/∂v₄ · dv₄/dx₂ + ∂y/∂v₃ · dv₃/dx₂"))
        let json = TraceReport(lesson: source, trace: trace).json().serialized()
        #expect(json.contains("\"tangents\": {") && json.contains("\"with_respect_to\": \"x2\""))
        let tables = MarkdownTables(lesson: source, trace: trace).document()
        #expect(tables.components(separatedBy: "## Forward mode (tangents with respect to").count == 3)

        // The frames: y's tangent row keeps dy/dx₁ while the x₂ pass adds dy/dx₂; an edge shows
        // the label of the pass under way.
        let storyboard = Storyboard(trace: trace, typesetter: source.typesetter(.text))
        let y = trace.graph.node(named: "y")!.id
        let last = trace.steps.count - 1
        #expect(storyboard.rows(y, at: last).first { $0.kind == .tangent }?.lines == ["dy/dx₁ = 5.5", "dy/dx₂ = 1.716"])
        let v4 = trace.graph.node(named: "v4")!.id
        let v2ToV4 = trace.graph.nodes[v4].incoming.first { trace.graph.nodes[trace.graph.edges[$0].from].name == "v2" }!
        let secondPass = trace.steps.first { $0.phase == .tangent && trace.graph.nodes[$0.variable!].name == "x2" }!.index
        #expect(storyboard.edgeLines(v2ToV4, at: secondPass - 1) == ["∂v₄/∂v₂ = 1", "▶ 5"], "dv₂/dx₁ = x₂ = 5")
        #expect(storyboard.edgeLines(v2ToV4, at: last) == ["∂v₄/∂v₂ = 1", "▶ 2"], "dv₂/dx₂ = x₁ = 2")
        // In the player the first pass's label stops where the second starts.
        let timeline = storyboard.edgeTimeline(v2ToV4).filter { $0.phases == [.tangent] }
        #expect(timeline.map(\.until) == [secondPass, nil])
    }

    /// In Chromium, the player shows each pass's labels in that pass only.
    @Test(.enabled(if: Tool.chromium.isInstalled, Tool.chromium.missing))
    func thePlayerShowsThePassUnderWay() throws {
        let source = try lesson(Self.yaml)
        let (folder, renderer) = try PlayerAndSlidesTests.renderedFolder(source, try source.trace())
        defer { try? FileManager.default.removeItem(at: folder) }
        let trace = renderer.trace
        let secondPass = trace.steps.first { $0.phase == .tangent && trace.graph.nodes[$0.variable!].name == "x2" }!.index
        for index in [secondPass - 1, secondPass + 2] {
            let keys = Array(repeating: "ArrowRight", count: index)
            let page = folder.appendingPathComponent("index.html").absoluteString + "?keys=" + keys.joined(separator: ",")
            let dom = try Tool.chromium.run(PlayerAndSlidesTests.chromiumArguments + ["--dump-dom", page], in: folder).output
            PlayerAndSlidesTests.expectShowsStep(index, of: renderer, in: dom, after: keys)
            // v₂ → v₄ sends dv₂/dx₁ = 5 in the first pass and dv₂/dx₂ = 2 in the second.
            let shown = matches(#"<g class="label" data-edge="\d+"[^>]*>(?:\s*<text[^>]*>[^<]*</text>)*"#, in: dom).map { $0[0] }
            let sent = shown.filter { $0.contains("∂v₄/∂v₂ = 1") }
            #expect(sent.count == 1 && sent[0].contains(index < secondPass ? "▶ 5" : "▶ 2"), "\(sent)")
        }
    }
}
