import Foundation
import Testing
import TeachTestSupport
import TeachCore
import TeachLessons
@testable import TeachRender

/// The layout teach computes itself for graphs beyond `dot`'s reach: every box apart, every
/// edge left to right from side to side, everything inside the canvas.
@Suite struct LayeredLayoutTests {
    static func graph(_ generator: MLPGenerator) throws -> Graph {
        try LessonLoader(limits: .benchmark).load(bytes: Array(generator.yaml().utf8), file: "mlp.yaml", id: "mlp").lesson.graph
    }

    struct Box { let minX, minY, maxX, maxY: Double }

    static func box(_ node: GraphvizLayout.Node) -> Box {
        let center = node.position.split(separator: ",").compactMap { Double($0) }
        let width = Double(node.width)! * 72, height = Double(node.height)! * 72
        return Box(minX: center[0] - width / 2, minY: center[1] - height / 2, maxX: center[0] + width / 2, maxY: center[1] + height / 2)
    }

    @Test func boxesNeverOverlapAndEdgesRunLeftToRight() throws {
        let graph = try Self.graph(MLPGenerator(inputs: 3, hidden: 5, layers: 3, outputs: 2))
        let nodeSizes = graph.nodes.map { (width: 40.0 + Double($0.id % 7) * 9, height: 28.0 + Double($0.id % 3) * 8) }
        let labelSizes = graph.edges.map { $0.id % 2 == 0 ? (width: 50.0, height: 20.0) : nil }
        let layout = LayeredLayout.make(graph, nodeSizes: nodeSizes, labelSizes: labelSizes)
        let canvas = layout.boundingBox
        let boxes = layout.nodes.map(Self.box)
        for (index, box) in boxes.enumerated() {
            #expect(abs(box.maxX - box.minX - nodeSizes[index].width) < 0.02)
            #expect(box.minX >= canvas[0] - 0.01 && box.maxX <= canvas[2] + 0.01 && box.minY >= canvas[1] - 0.01 && box.maxY <= canvas[3] + 0.01)
            for other in boxes[..<index] {
                #expect(box.maxX <= other.minX || other.maxX <= box.minX || box.maxY <= other.minY || other.maxY <= box.minY,
                        "node \(index) overlaps another")
            }
        }
        for edge in graph.edges {
            let points = layout.edges[edge.id].spline.split(separator: " ").map { part in
                part.replacingOccurrences(of: "e,", with: "").split(separator: ",").compactMap { Double($0) }
            }
            let tip = points[0], start = points[1]
            #expect(abs(start[0] - boxes[edge.from].maxX) < 0.02 && abs(tip[0] - boxes[edge.to].minX) < 0.02)
            #expect(tip[0] > start[0])
            #expect((layout.edges[edge.id].labelPosition != nil) == (labelSizes[edge.id] != nil))
        }
    }

    /// A generated network keeps its units in order down each rank.
    @Test func unitsOfALayerStayInOrder() throws {
        let graph = try Self.graph(MLPGenerator(inputs: 2, hidden: 6, layers: 1, outputs: 1))
        let layout = LayeredLayout.make(graph, nodeSizes: graph.nodes.map { _ in (60, 30) }, labelSizes: graph.edges.map { _ in nil })
        let heights = (1...6).map { unit in Self.box(layout.nodes[graph.node(named: "a1_\(unit)")!.id]).minY }
        #expect(heights == heights.sorted(by: >), "a1_1 … a1_6 run top to bottom")
    }

    /// Above the threshold a lesson is laid out without `dot` and its frames still render.
    @Test func aLargeLessonRendersOnTheLayeredLayout() throws {
        let generator = MLPGenerator(inputs: 10, hidden: 24, layers: 3, outputs: 4)
        let lesson = try LessonLoader(limits: .benchmark).load(bytes: Array(generator.yaml().utf8), file: "mlp.yaml", id: "mlp").lesson
        #expect(lesson.graph.nodes.count > LayeredLayout.threshold)
        let trace = try lesson.trace()
        let files = try LessonRenderer(lesson: lesson, trace: trace, formats: [.svg], frames: try StepSelection.parse("1").get()).render()
        let svg = try #require(files.first { $0.path.hasSuffix(".svg") })
        #expect(String(decoding: svg.bytes, as: UTF8.self).contains("<svg"))
    }
}
