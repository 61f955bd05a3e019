import Testing
import TeachTestSupport
@testable import TeachCore

/// The reverse pass changed only where a `BackwardAlteration` says, checked against closed
/// forms for f = x·y + x² at x = 1.5, y = −2 (∂f/∂x = y + 2x = 1, ∂f/∂y = x).
@Suite struct BackwardAlterationTests {
    static let yaml = """
    title: t
    parameters: {x: 1.5, y: -2}
    equations: ['p = x*y', 'q = x^2', 'f = p + q']
    loss: f
    """

    struct DropTerm: BackwardAlteration {
        let node: Int, consumer: Int
        func term(_ contribution: Tensor, of node: Int, through consumer: Int) -> Tensor? {
            node == self.node && consumer == self.consumer ? nil : contribution
        }
    }

    struct ScaleSeed: BackwardAlteration {
        let node: Int, factor: Double
        func seed(_ adjoint: Tensor, of node: Int) -> Tensor { node == self.node ? adjoint.map { $0 * factor } : adjoint }
    }

    struct ReplaceProduct: BackwardAlteration {
        /// `ḡ` for every product's operands, as if both partials were 1.
        func localVJP(of node: Int) -> Program.LocalVJP? {
            { instruction, _, _, _, adjoint in
                if case .binary(.multiply, _, _) = instruction.kind { return adjoint }
                return nil
            }
        }
    }

    @Test func eachHookChangesOnlyItsPlace() throws {
        let trace = try lesson(Self.yaml).trace()
        let graph = trace.graph
        let tracer = Tracer(graph: graph, options: Tracer.Options())
        let (x, y, p, q) = (graph.id(named: "x")!, graph.id(named: "y")!, graph.id(named: "p")!, graph.id(named: "q")!)
        #expect(trace.adjoint("x").scalar == -2 + 2 * 1.5 && trace.adjoint("y").scalar == 1.5)

        let dropped = tracer.backward(trace.forward, altered: DropTerm(node: x, consumer: q)).adjoints
        #expect(dropped[x]?.scalar == -2 && dropped[y]?.scalar == 1.5, "only the path through q is left out")

        let scaled = tracer.backward(trace.forward, altered: ScaleSeed(node: p, factor: 3)).adjoints
        #expect(scaled[x]?.scalar == 3 * -2 + 2 * 1.5 && scaled[y]?.scalar == 3 * 1.5 && scaled[p]?.scalar == 1)

        let replaced = tracer.backward(trace.forward, altered: ReplaceProduct()).adjoints
        #expect(replaced[x]?.scalar == 1 + 2 * 1.5 && replaced[y]?.scalar == 1)
    }
}
