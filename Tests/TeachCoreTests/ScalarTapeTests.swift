import Testing
@testable import TeachCore
import TeachLessons
import TeachTestSupport

/// The scalar tape computes what each node's `Program` computes on tensors, forward and in
/// reverse, to the last bit, and fails where it fails with the same message at the same place.
@Suite struct ScalarTapeTests {
    /// Every shipped lesson whose values are all scalars runs on a tape, and the others do not;
    /// each tape's values, instruction values, rounded by-hand values and reverse-mode
    /// contributions are the programs'.
    @Test func shippedLessonsGiveTheProgramsNumbers() throws {
        var taped: [String] = []
        for id in shippedLessonIDs {
            let lesson = try loadShippedLesson(id)
            let scalar = lesson.graph.nodes.allSatisfy { node in
                node.shape.isScalar && (node.program?.instructions.allSatisfy { $0.shape.isScalar } ?? true)
            }
            #expect((lesson.graph.scalarTape != nil) == scalar, "\(id)")
            guard scalar else { continue }
            taped.append(id)
            let tracer = Tracer(graph: lesson.graph, options: lesson.options)
            for rounding in [false, true] {
                let tape = try tracer.forwardPass(rounding: rounding)
                let programs = try tracer.programPass([:], rounding: rounding, keepingLocals: true)
                #expect(tape.values == programs.values, "\(id)")
                #expect(tape.locals == programs.locals, "\(id)")
            }
            // Reverse mode through every equation, for two seeds.
            let pass = try tracer.forwardPass()
            let tape = try #require(lesson.graph.scalarTape)
            for node in lesson.graph.equations {
                for seed in [1.0, -0.37] {
                    #expect(tape.contributions(of: node.id, locals: pass.locals[node.id], seed: seed)
                                == node.program!.contributions(values: pass.locals[node.id], seed: Tensor(seed)).map(\.scalar), "\(id) \(node.name)")
                }
            }
            // A moved parameter, as the gradient check moves one.
            let parameter = lesson.graph.parameters[0]
            let moved = [parameter.id: parameter.given!.map { $0 + 1e-6 }]
            #expect(try tracer.forwardPass(moved).values == tracer.programPass(moved, rounding: false, keepingLocals: false).values)
        }
        // The scalar lectures (the chain rule, the neuron, the max gate) are among them.
        #expect(taped.count >= 5, "\(taped)")
    }

    /// The gradient check's pass with one parameter moved starts at the parameter's first
    /// consumer, from a full pass's node values: the loss is the full pass's to the bit, for
    /// every parameter of every scalar shipped lesson and of a generated network, moved up and
    /// down; and a value moved out of a function's domain fails the same way.
    @Test func aPassFromTheFirstConsumerIsTheFullPass() throws {
        let lessons = try shippedLessonIDs.map(loadShippedLesson)
            + [try LessonLoader().load(bytes: Array(MLPGenerator(inputs: 3, hidden: 4, layers: 2, outputs: 2).yaml().utf8), file: "mlp.yaml", id: "mlp").lesson]
        var moved = 0
        for lesson in lessons where lesson.graph.scalarTape != nil {
            let tracer = Tracer(graph: lesson.graph, options: lesson.options)
            let base = try tracer.forwardPass().values.map(\.scalar)
            for parameter in lesson.graph.parameters {
                for step in [1e-6, -1e-6, 0.25] {
                    let given = [parameter.id: parameter.given!.map { $0 + step }]
                    #expect(try tracer.lossValue(given, base: base) == tracer.lossValue(given), "\(lesson.id) \(parameter.name)")
                    moved += 1
                }
            }
        }
        #expect(moved > 50)
        let outside = try lesson("title: t\ninputs:\n  x: 1.0\nparameters:\n  a: 0.5\nequations:\n  - u = x + 1\n  - y = log(a)\n  - L = y*u\nloss: L\n")
        let tracer = Tracer(graph: outside.graph, options: outside.options)
        let base = try tracer.forwardPass().values.map(\.scalar)
        let a = try #require(outside.graph.id(named: "a"))
        let fromBase = #expect(throws: TraceError.self) { try tracer.lossValue([a: Tensor(-1)], base: base) }
        let full = #expect(throws: TraceError.self) { try tracer.lossValue([a: Tensor(-1)]) }
        #expect(fromBase?.message == full?.message && fromBase?.location == full?.location && fromBase?.node == "y")
    }

    /// A value outside a function's domain, a division by zero and an overflow are the same
    /// errors at the same instruction on the tape as in the programs.
    @Test(arguments: [
        ("a: -2.0", "y = 3 + log(a)"),
        ("a: 0.0", "y = 1 + 2/a"),
        ("a: 800.0", "y = exp(a) - 1"),
        ("a: -1.0", "y = a^0.5 + 1"),
    ])
    func failuresAreTheProgramsFailures(given: String, equation: String) throws {
        let lesson = try lesson("title: t\ninputs:\n  \(given)\nequations:\n  - \(equation)\n  - L = y*y\nloss: L\n")
        #expect(lesson.graph.scalarTape != nil)
        let tracer = Tracer(graph: lesson.graph, options: lesson.options)
        let onTape = #expect(throws: TraceError.self) { try tracer.forwardPass() }
        let inPrograms = #expect(throws: TraceError.self) { try tracer.programPass([:], rounding: false, keepingLocals: true) }
        #expect(onTape?.message == inPrograms?.message)
        #expect(onTape?.node == "y")
        #expect(onTape?.location == inPrograms?.location)
        #expect(onTape?.location != nil)
    }
}
