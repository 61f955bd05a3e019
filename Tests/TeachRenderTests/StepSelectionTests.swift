import Testing
import TeachTestSupport
import TeachCore
@testable import TeachRender

@Suite struct StepSelectionTests {
    func selected(_ spec: String, _ id: String = "l2reg") throws -> [Int] {
        let selection = try StepSelection.parse(spec).get()
        return selection.steps(of: try shipped(id).trace).map { $0.index + 1 }
    }

    @Test func stepsRangesAndPhases() throws {
        #expect(try selected("all") == Array(1...14))
        #expect(try selected("none") == [])
        #expect(try selected("auto") == Array(1...14))
        #expect(try selected("2-4,11") == [2, 3, 4, 11])
        #expect(try selected("update,1") == [1, 13, 14])
        #expect(try selected("backward") == Array(6...12))
    }

    @Test(arguments: ["", "0", "4-2", "x", "1,,2", "backwards", "-3"])
    func rejectsWhatIsNotASelection(_ spec: String) {
        guard case .failure = StepSelection.parse(spec) else { Issue.record("'\(spec)' was accepted"); return }
    }

    /// A render with a selection writes only those frames, but keeps every caption in index.md.
    @Test func indexKeepsEveryCaption() throws {
        let (lesson, trace) = try shipped("l2reg")
        let renderer = LessonRenderer(lesson: lesson, trace: trace, formats: [.dot], frames: try StepSelection.parse("11").get())
        let files = try renderer.render()
        #expect(files.map(\.path) == ["frames/011-backward-w.dot", "focus/011-backward-w.dot", "tables.md", "index.md", "trace.json", "index.html",
                                      "handout.md", "handout.html", "deck.html", "deck.md"])
        let index = String(decoding: files[3].bytes, as: UTF8.self)
        #expect(index.contains("Frames were written for 1 of the 14 steps"))
        #expect(index.contains("**Forward 1 of 5: z = w x + b = 0.8·1.5 + (−0.3) = 0.9**"))
    }
}
