import Testing
import TeachTestSupport
@testable import TeachRender

@Suite struct GraphvizTests {
    /// Graphviz's own complaint comes back as a thrown error, not on stderr or as a crash.
    @Test func syntaxErrorsAreThrownWithGraphvizsMessage() {
        #expect {
            _ = try Graphviz.shared.layout("digraph { a -> ; }")
        } throws: { error in
            guard let error = error as? GraphvizError else { return false }
            return error.message.hasPrefix("Graphviz: could not read the DOT") && error.message.contains("syntax error")
        }
    }

    @Test func unknownFormatIsThrown() {
        #expect(throws: GraphvizError.self) { _ = try Graphviz.shared.render("digraph { a [pos=\"0,0!\"]; }", format: "nonsense") }
    }

    /// After an error the next graph starts clean (Graphviz's error count is sticky otherwise).
    @Test func errorsDoNotLeakIntoTheNextCall() throws {
        _ = try? Graphviz.shared.layout("digraph { a -> ; }")
        let layout = try Graphviz.shared.layout("digraph { a -> b [id=e0]; }")
        #expect(layout.nodes.keys.sorted() == ["a", "b"])
        #expect(layout.edges["e0"]?.spline.hasPrefix("e,") == true)
    }
}
