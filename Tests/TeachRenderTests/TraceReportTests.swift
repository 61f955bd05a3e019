import Foundation
import TeachTestSupport
import Testing
import TeachCore
import TeachLessons
@testable import TeachRender

let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

/// A shipped lesson, loaded and traced, named by its path from the repository root (as a user
/// there would type it), so golden files do not depend on where the repository is checked out.
func shipped(_ id: String) throws -> (lesson: Lesson, trace: Trace) {
    let relative = "lessons/\(id).yaml"
    let bytes = try [UInt8](Data(contentsOf: repositoryRoot.appendingPathComponent(relative)))
    let lesson = try LessonLoader().load(bytes: bytes, file: relative, id: id).lesson
    return (lesson, try lesson.trace())
}

func report(_ id: String) throws -> TraceReport {
    let (lesson, trace) = try shipped(id)
    return TraceReport(lesson: lesson, trace: trace)
}

/// Every shipped lesson's id, in name order.
let shippedLessons: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("lessons").path)) ?? [])
    .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()

/// Compares `actual` with `Snapshots/name`; `TEACH_RECORD_SNAPSHOTS=1 swift test` re-records,
/// and a snapshot it changes fails that run (a recording run passes only where nothing changed,
/// so CI can never pass by recording).
func assertSnapshot(_ actual: String, named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let file = snapshots.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["TEACH_RECORD_SNAPSHOTS"] == "1" {
        guard (try? String(contentsOf: file, encoding: .utf8)) != actual else { return }
        try FileManager.default.createDirectory(at: snapshots, withIntermediateDirectories: true)
        try actual.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("re-recorded the snapshot \(name); run the tests again without TEACH_RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
        return
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    #expect(actual == expected, "\(name) differs from its snapshot; re-record with TEACH_RECORD_SNAPSHOTS=1 if intended",
            sourceLocation: sourceLocation)
}

@Suite struct TraceReportTests {
    static let lectureLessons = ["logistic", "l2reg", "softmax", "xi-chain"]

    @Test(arguments: lectureLessons)
    func jsonMatchesSnapshot(_ id: String) throws {
        try assertSnapshot(try report(id).json().serialized() + "\n", named: "\(id).trace.json")
    }

    @Test(arguments: lectureLessons)
    func textMatchesSnapshot(_ id: String) throws {
        try assertSnapshot(try report(id).text(), named: "\(id).trace.txt")
    }

    @Test func outputIsByteIdenticalRunToRun() throws {
        let first = try report("softmax-scalar"), second = try report("softmax-scalar")
        #expect(first.json().serialized() == second.json().serialized())
        #expect(first.text() == second.text())
    }

    @Test func issueExampleLines() throws {
        let text = try report("l2reg").text()
        #expect(text.contains("z = w x + b = 0.8·1.5 + (−0.3) = 0.9"))
        #expect(text.contains("∂ℒ_reg/∂w = ∂ℒ_reg/∂z · ∂z/∂w + ∂ℒ_reg/∂ℛ · ∂ℛ/∂w = ∂ℒ_reg/∂z · x + ∂ℒ_reg/∂ℛ · w = (−0.0594)(1.5) + (0.1)(0.8) = −0.0091"))
        #expect(text.contains("where ∂y/∂z = σ(z)(1 − σ(z))"))
        #expect(text.contains("where ∂ℒ/∂y = y − t"))
    }

    @Test func jsonContractFields() throws {
        let json = try report("softmax").json()
        guard case .object(let root) = json else { Issue.record("root is not an object"); return }
        #expect(root.map(\.0).prefix(4) == ["version", "lesson", "title", "loss"])
        guard case .array(let nodes)? = root.first(where: { $0.0 == "nodes" })?.1,
              case .object(let w)? = nodes.first(where: { if case .object(let f) = $0 { return f.first?.1 == .string("W") }; return false }) else {
            Issue.record("no node W"); return
        }
        #expect(w.first { $0.0 == "shape" }?.1 == .array([.integer(3), .integer(2)]))
        #expect(w.first { $0.0 == "kind" }?.1 == .string("parameter"))
    }

    @Test func jsonEscapesStrings() {
        #expect(JSONValue.string("a\"b\\c\n\u{1}").serialized() == "\"a\\\"b\\\\c\\n\\u0001\"")
    }
}

/// The typesetting fixes a lecturer asked for: a forward step whose numbers would only repeat
/// its value leaves them out, and a node named `d` in forward mode reads `d(d)/db`, not `dd/db`.
@Suite struct TypesettingTests {
    @Test func forwardStepsDoNotRepeatTheirValue() throws {
        let source = try lesson("""
            title: repeats
            inputs: {a: 1}
            parameters: {w: 2}
            equations:
              - n = -a
              - E = n
              - L = w*E
            loss: L
            """)
        let trace = try source.trace()
        let rule = ChainRule(trace: trace, typesetter: source.typesetter(.text))
        let lines = trace.steps(.forward).map(rule.forwardLine)
        #expect(lines == ["n = −a = −1", "E = n = −1", "L = w E = 2·(−1) = −2"], "\(lines)")
    }

    /// What `display` keeps is said in words, and `trace.json` records decimals where set.
    @Test func decimalPlacesAreNamed() throws {
        let source = try lesson("title: t\nparameters: {w: 0.47377}\nequations:\n  - L = w^2\nloss: L\ndisplay: {decimals: 3, by_hand: true}\n")
        let report = TraceReport(lesson: source, trace: try source.trace())
        #expect(report.text().contains("By hand: every number shown is rounded to 3 decimal places before it is used"))
        #expect(report.text().contains("L = w² = 0.474² = 0.225"))
        let json = report.json().serialized()
        #expect(json.contains("\"decimals\": 3") && !json.contains("\"digits\""))
    }

    /// `m = w x + w w` refers to w three times: every document numbers those references the
    /// same way (reference 1, 2, 3 among w's, in reading order), and the text trace, which merges
    /// them into one term, says so. The partial x + 2w at w = 0.8 is the closed form 3.1.
    @Test func repeatedReferencesAreNumberedAlikeEverywhere() throws {
        let source = try lesson("title: twice\ninputs: {x: 1.5}\nparameters: {w: 0.8}\nequations:\n  - m = w*x + w*w\n  - L = 1/2*m^2\nloss: L\n")
        let trace = try source.trace()
        let report = TraceReport(lesson: source, trace: trace)
        #expect(report.text().contains("where ∂m/∂w = x + (w + w), the sum over w's 3 references in m"))
        #expect(abs(trace.steps(.backward).last!.terms[0].partialValue!.scalar - (1.5 + 2 * 0.8)) < 1e-12)
        let graph = trace.graph
        let wEdges = graph.nodes[graph.node(named: "m")!.id].incoming.filter { graph.nodes[graph.edges[$0].from].name == "w" }
        #expect(wEdges.map { graph.reference($0).number } == [1, 2, 3] && wEdges.allSatisfy { graph.reference($0).count == 3 })
        let json = report.json().serialized()
        #expect(json.components(separatedBy: "\"reference\":").count - 1 == 3)
        let tables = MarkdownTables(lesson: source, trace: trace).document()
        for k in 1...3 { #expect(tables.contains("| $m$ (reference \(k)) |")) }
        let storyboard = Storyboard(trace: trace, typesetter: source.typesetter(.text))
        let last = trace.steps.count - 1
        #expect(wEdges.map { storyboard.edgeLines($0, at: last).first ?? "" } == ["∂m/∂w (reference 1) = x = 1.5", "∂m/∂w (reference 2) = w = 0.8", "∂m/∂w (reference 3) = w = 0.8"])
    }

    @Test func aNodeNamedDReadsUnambiguously() throws {
        let source = try lesson("""
            title: d
            inputs: {a: 3}
            parameters: {b: 2}
            equations:
              - d = a*b
              - L = d^2
            loss: L
            forward_mode: b
            """)
        let trace = try source.trace()
        let rule = ChainRule(trace: trace, typesetter: source.typesetter(.text))
        let lines = trace.steps(.tangent).map(rule.tangentLine)
        // dd/db = a = 3 and dL/db = 2d · dd/db = 2·6·3 = 36, the closed forms.
        #expect(lines.first?.hasPrefix("d(d)/db = ∂d/∂b · db/db") == true, "\(lines)")
        #expect(lines.last?.hasPrefix("dL/db = ∂L/∂d · d(d)/db") == true && lines.last?.hasSuffix("= 36") == true, "\(lines)")
        #expect(trace.tangent("L").scalar == 36)
    }
}

/// `descent: {compare_stale: true}`: the update-order erratum beside the correct descent, on
/// L = ½(w₂ σ(w₁ x) − t)². The erratum's closed form per iteration: w₂ ← w₂ − η (y − t) h, then
/// w₁ ← w₁ − η (y − t) w₂′ h(1 − h) x with the old y and h.
@Suite struct StaleComparisonTests {
    static let yaml = """
        title: two weights
        inputs: {x: 1.5, t: 1}
        parameters: {w1: 0.8, w2: -0.5}
        equations:
          - z = w1*x
          - h = sigmoid(z)
          - y = w2*h
          - L = 1/2*(y - t)^2
        loss: L
        descent: {learning_rate: 0.5, steps: 2, compare_stale: true}
        """

    @Test func bothDescentsAndTheWeightUsedTooEarly() throws {
        let source = try lesson(Self.yaml)
        let trace = try source.trace()
        func sigmoid(_ a: Double) -> Double { 1 / (1 + exp(-a)) }
        let (x, t, eta) = (1.5, 1.0, 0.5)
        var (w1, w2) = (0.8, -0.5)
        var losses: [Double] = [], firstW2 = 0.0
        for iteration in 0...2 {
            let h = sigmoid(w1 * x), y = w2 * h
            losses.append((y - t) * (y - t) / 2)
            guard iteration < 2 else { break }
            let w2New = w2 - eta * (y - t) * h
            if iteration == 0 { firstW2 = w2New }
            (w1, w2) = (w1 - eta * (y - t) * w2New * h * (1 - h) * x, w2New)
        }
        #expect(trace.staleDescent.count == 3)
        for (row, loss) in zip(trace.staleDescent, losses) { #expect(abs(row.loss - loss) < 1e-12, "iteration \(row.iteration)") }
        #expect(abs(trace.staleDescent[2].parameters[0].scalar - w1) < 1e-12 && abs(trace.staleDescent[2].parameters[1].scalar - w2) < 1e-12)
        #expect(zip(trace.descent, trace.staleDescent).dropFirst().allSatisfy { abs($0.loss - $1.loss) > 1e-6 }, "the erratum's losses differ")
        let tables = MarkdownTables(lesson: source, trace: trace).document()
        let shown = NumberFormat(digits: 4).format(firstW2).replacingOccurrences(of: "−", with: "-")
        #expect(tables.contains("Update order: all gradients first, against the stale-weight erratum"))
        #expect(tables.contains("is taken through $w_{2} = \(shown)$, where the old $w_{2} = -0.5$ belongs."), "\(tables.suffix(900))")
        let json = TraceReport(lesson: source, trace: trace).json().serialized()
        #expect(json.contains("\"stale_descent\""))
    }

    /// The frame of w₂'s first update points at it: its caption names the gradient the erratum
    /// takes through the new w₂, and the edge h → y, whose partial ∂y/∂h = w₂ reads it on the
    /// way back to w₁, is highlighted.
    @Test func theFrameOfTheWeightUsedTooEarlyPointsAtIt() throws {
        let source = try lesson(Self.yaml)
        let trace = try source.trace()
        let storyboard = Storyboard(trace: trace, typesetter: source.typesetter(.text))
        let graph = trace.graph, w2 = graph.node(named: "w2")!.id
        let update = trace.steps(.update).first { $0.node == w2 }!
        let caption = Caption(storyboard: storyboard).text(update)
        #expect(caption.hasSuffix("; the stale-weight erratum takes ∂L/∂w₁ through this new w₂, where the old w₂ = −0.5 belongs"), "\(caption)")
        #expect(storyboard.highlightedEdges(at: update.index).map { graph.nodes[graph.edges[$0].from].name + "→" + graph.nodes[graph.edges[$0].to].name } == ["h→y"],
                "∂y/∂h = w₂ is where the new w₂ is read")
        // Only there: not at w₁'s update, not in the second iteration, not without compare_stale.
        for step in trace.steps(.update) where step.index != update.index {
            #expect(!Caption(storyboard: storyboard).text(step).contains("erratum") && storyboard.highlightedEdges(at: step.index).isEmpty)
        }
        let plain = try lesson(Self.yaml.replacingOccurrences(of: ", compare_stale: true", with: "")).trace()
        let plainStoryboard = Storyboard(trace: plain, typesetter: source.typesetter(.text))
        #expect(plain.steps(.update).allSatisfy { !Caption(storyboard: plainStoryboard).text($0).contains("erratum") })
    }
}
