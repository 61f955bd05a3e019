import Foundation
import Testing
import TeachLessons
import TeachTestSupport
@testable import TeachRender

/// The legibility figure: a frame fit into the 16:7 figure box of a 16:9 slide, its smallest text
/// as a share of the slide's width, f · s · min(1/w, (7/16)/h).
@Suite struct LegibilityTests {
    static func svg(_ width: Double, _ height: Double, fonts: [Double], scale: Double? = nil) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width * 3)pt\" height=\"\(height * 3)pt\" viewBox=\"0 0 \(width) \(height)\">"
            + (scale.map { "<g transform=\"scale(\($0))\">" } ?? "<g>")
            + fonts.map { "<text font-size=\"\($0)\">x</text>" }.joined() + "</g></svg>"
    }

    @Test func wideTallAndScaledFrames() throws {
        // Wider than 16:7: the width decides; the smallest font counts, whatever size the SVG asks for.
        #expect(abs(try #require(Legibility.smallestTextShare(svg: Self.svg(1600, 330, fonts: [14, 11, 12]))) - 11.0 / 1600) < 1e-15)
        // Taller than 16:7: the height decides, at 7/16 of the slide's width.
        let tall = try #require(Legibility.smallestTextShare(svg: Self.svg(100, 700, fonts: [14])))
        #expect(abs(tall - 14 * (7.0 / 16) / 700) < 1e-15)
        // A scale transform scales the text with the drawing.
        #expect(abs(try #require(Legibility.smallestTextShare(svg: Self.svg(1600, 330, fonts: [11], scale: 2))) - 22.0 / 1600) < 1e-15)
        #expect(Legibility.smallestTextShare(svg: "<svg viewBox=\"0 0 10 10\"></svg>") == nil, "no text")
    }

    /// A shipped frame, against its own numbers: l2reg's is wider than 16:7, so its figure is the
    /// edge labels' font size over the frame's width.
    @Test func aShippedFrame() throws {
        let frame = try String(contentsOf: repositoryRoot.appendingPathComponent("output/l2reg/frames/011-backward-w.svg"), encoding: .utf8)
        let box = matches(#"viewBox="0 0 ([0-9.]+) ([0-9.]+)""#, in: frame)[0].compactMap { Double($0) }
        #expect(box[0] / box[1] > 16.0 / 7)
        let share = try #require(Legibility.smallestTextShare(svg: frame))
        #expect(abs(share - FrameLayout.edgeFontSize / box[0]) < 1e-15)
    }
}
