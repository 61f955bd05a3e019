import Foundation
import Testing
import TeachCore
import TeachLessons
import TeachTestSupport
@testable import TeachRender

/// Every number every picture shows is the step's own: each frame (whole and focus, SVG and
/// DOT) and each text the player switches is read back and every number in it checked against
/// `trace.json` for that step, and for an update step, for that step's descent iteration
/// (`iterations`). A shown number agrees when it is the number `trace.json` holds, rounded to
/// the places it is shown with.
@Suite struct StepTrueNumbersTests {
    /// What `trace.json` says one step shows: the numbers of the pass the step works with.
    struct Numbers {
        let values: [Int: [Double]]
        let adjoints: [Int: [Double]]
        let partials: [Int: [Double]]
        let contributions: [Int: [Double]]
        /// Per node, the new value of its update in this iteration, if it has been made by the step.
        let updates: [Int: [Double]]
        /// Every `show:` quantity's value in this pass.
        let shown: [[Double]]
        /// Every forward-mode tangent of each node, and every tangent term an edge sends.
        let tangents: [Int: [[Double]]]
        let tangentTerms: [Int: [[Double]]]
        /// Per node, the edges out of it.
        let edgesFrom: [Int: [Int]]
    }

    /// The flat numbers of a JSON scalar, vector or matrix (nil for null).
    static func flat(_ value: Any?) -> [Double]? {
        switch value {
        case let number as NSNumber: return [number.doubleValue]
        case let array as [Any]: return array.flatMap { flat($0) ?? [] }
        default: return nil
        }
    }

    /// The numbers step `index` (0-based) works with, from `trace.json`.
    static func numbers(_ json: [String: Any], step index: Int) throws -> Numbers {
        let nodes = try #require(json["nodes"] as? [[String: Any]])
        let edges = try #require(json["edges"] as? [[String: Any]])
        let steps = try #require(json["steps"] as? [[String: Any]])
        let ids = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1["id"] as! String, $0) })
        let step = steps[index]
        let iteration = step["phase"] as? String == "update" ? step["iteration"] as! Int : 1
        var values: [Int: [Double]] = [:], adjoints: [Int: [Double]] = [:], partials: [Int: [Double]] = [:], contributions: [Int: [Double]] = [:]
        var shown: [[Double]] = ((json["shown"] as? [[String: Any]]) ?? []).compactMap { flat($0["value"]) }
        if let iterations = json["iterations"] as? [[String: Any]] {
            let pass = iterations[iteration - 1]
            #expect(pass["iteration"] as? Int == iteration)
            for (name, id) in ids {
                values[id] = flat((pass["values"] as! [String: Any])[name])
                adjoints[id] = flat((pass["adjoints"] as! [String: Any])[name])
            }
            for (id, edge) in (pass["edges"] as! [[String: Any]]).enumerated() {
                partials[id] = flat(edge["partial"])
                contributions[id] = flat(edge["contribution"])
            }
            if let named = pass["shown"] as? [String: Any] { shown = named.values.compactMap { flat($0) } }
        } else {
            #expect(iteration == 1)
            for (id, node) in nodes.enumerated() {
                values[id] = flat(node["value"])
                adjoints[id] = flat(node["adjoint"])
            }
            for (id, edge) in edges.enumerated() {
                partials[id] = flat((edge["partial"] as! [String: Any])["value"])
                contributions[id] = flat(edge["contribution"])
            }
        }
        var updates: [Int: [Double]] = [:]
        for earlier in steps[...index] where earlier["phase"] as? String == "update" && earlier["iteration"] as? Int == iteration {
            updates[ids[earlier["node"] as! String]!] = flat(earlier["value"])
        }
        var tangents: [Int: [[Double]]] = [:], tangentTerms: [Int: [[Double]]] = [:]
        for node in nodes {
            let id = ids[node["id"] as! String]!
            tangents[id] = (flat(node["tangent"]).map { [$0] } ?? []) + ((node["tangents"] as? [String: Any])?.values.compactMap { flat($0) } ?? [])
        }
        for tangentStep in steps where tangentStep["phase"] as? String == "tangent" {
            let consumer = ids[tangentStep["node"] as! String]!
            for term in tangentStep["terms"] as! [[String: Any]] {
                let operand = ids[term["operand"] as! String]!
                for (id, edge) in edges.enumerated() where ids[edge["from"] as! String] == operand && ids[edge["to"] as! String] == consumer {
                    tangentTerms[id, default: []].append(flat(term["contribution"])!)
                }
            }
        }
        var edgesFrom: [Int: [Int]] = [:]
        for (id, edge) in edges.enumerated() { edgesFrom[ids[edge["from"] as! String]!, default: []].append(id) }
        return Numbers(values: values, adjoints: adjoints, partials: partials, contributions: contributions,
                       updates: updates, shown: shown, tangents: tangents, tangentTerms: tangentTerms, edgesFrom: edgesFrom)
    }

    /// The numbers written in `text`, each with half a unit of its last place: `−0.0891` is
    /// (−0.0891, 0.00005), `1.234e−4` is (0.0001234, 5e−8).
    static func written(_ text: String) -> [(value: Double, halfUnit: Double)] {
        let plain = text.replacingOccurrences(of: "−", with: "-")
        return matches(#"(?<![\w.])(-?)(\d+)(?:\.(\d+))?(?:e(-?\d+))?"#, in: plain).map { match in
            let exponent = Double(match[4]).map { pow(10, $0) } ?? 1
            let value = Double(match[1] + match[2] + (match[3].isEmpty ? "" : "." + match[3]))! * exponent
            return (value, 0.5 * pow(10, -Double(match[3].count)) * exponent * (1 + 1e-9) + 1e-15)
        }
    }

    /// Whether `shown` is `expected` at the places it is written with.
    static func agree(_ shown: [(value: Double, halfUnit: Double)], _ expected: [Double]?) -> Bool {
        guard let expected, shown.count == expected.count else { return false }
        return zip(shown, expected).allSatisfy { abs($0.value - $1) <= $0.halfUnit }
    }

    /// The words of a line that are not numbers it shows: a reference's note.
    static func withoutNotes(_ line: String) -> String {
        line.replacingOccurrences(of: #" \((reference \d+|all \d+ references)\)"#, with: "", options: .regularExpression)
    }

    /// The part of a labelled line after its label (`∂ℒ/∂w = −0.0891` → `−0.0891`).
    static func afterLabel(_ line: String) -> String {
        line.range(of: " = ").map { String(line[$0.upperBound...]) } ?? ""
    }

    enum Kind: String { case value, adjoint, tangent, update, derived }

    /// Checks the lines of one row of node `node` against `numbers`; the row's kind is read
    /// from its first line where `kind` is nil (a frame's text), else given (the player's class).
    static func checkRow(_ lines: [String], kind: Kind, node: Int, _ numbers: Numbers, where place: String) {
        let text = lines.joined(separator: " ")
        switch kind {
        case .value:
            // `0.9`, a matrix's rows, or a close-up's `x₁ = 1`.
            let right = text.contains(" = ") ? afterLabel(text) : text
            #expect(agree(written(right), numbers.values[node]), "\(place): value \(text) is not \(numbers.values[node] ?? [])")
        case .adjoint:
            // `∂ℒ/∂w = −0.0891 + 0.08 = −0.0091` (a fan-out: each contribution, then the sum), or
            // `∂ℒ/∂w = −0.0594`, or `∂ℒ/∂W` and the rows below.
            let right = text.contains(" = ") ? afterLabel(text) : lines.dropFirst().joined(separator: " ")
            var shown = written(right)
            let parts = right.components(separatedBy: " = ")
            if parts.count == 2 {
                let sum = written(parts[0].replacingOccurrences(of: " − ", with: " -").replacingOccurrences(of: " + ", with: " "))
                let sent = numbers.edgesFrom[node, default: []].compactMap { numbers.contributions[$0] }
                #expect(sum.count > 1 && sum.allSatisfy { term in sent.contains { agree([term], $0) } },
                        "\(place): the contributions in \(text) are not the pass's")
                shown = written(parts[1])
            }
            #expect(agree(shown, numbers.adjoints[node]), "\(place): adjoint \(text) is not \(numbers.adjoints[node] ?? [])")
        case .update:
            let right = lines.count > 1 ? lines.dropFirst().joined(separator: " ") : String(text.split(separator: "←", maxSplits: 1).last ?? "")
            #expect(agree(written(right), numbers.updates[node]), "\(place): update \(text) is not this iteration's \(numbers.updates[node] ?? [])")
        case .tangent:
            for line in lines where line.contains(" = ") {
                #expect(numbers.tangents[node, default: []].contains { agree(written(afterLabel(line)), $0) }, "\(place): tangent \(line)")
            }
        case .derived:
            for line in lines where line.contains(" = ") {
                #expect(numbers.shown.contains { agree(written(afterLabel(line)), $0) }, "\(place): shown quantity \(line)")
            }
        }
    }

    /// The kind of row a frame's line starts: `∂…/∂… = ` an adjoint, `d…/d… = ` a tangent,
    /// `… ← ` an update, `name = ` a shown quantity; nil where it goes on the row before.
    static func kind(of line: String, after previous: String?, derived: Bool) -> Kind? {
        // A matrix's next row, or a line broken before `=`, `+`, `−` or after `,`.
        if line.hasPrefix("[") || line.hasPrefix("  ") || ["= ", "+ ", "− "].contains(where: line.hasPrefix) || previous?.hasSuffix(",") == true { return nil }
        if line.contains(" ← ") || line.hasSuffix(" ←") { return .update }
        let label = line.components(separatedBy: " = ")[0]
        if label.hasPrefix("∂"), label.contains("/∂") { return .adjoint }
        if label.hasPrefix("d"), label.contains("/d") { return .tangent }
        if derived, line.contains(" = ") { return .derived }
        return .value
    }

    /// The lines of a node's box in a frame, after its heading, split into rows.
    static func checkBox(_ lines: [String], node: Int, _ numbers: Numbers, where place: String) {
        var rows: [(kind: Kind, lines: [String])] = []
        for line in lines {
            if let kind = kind(of: line, after: rows.last?.lines.last, derived: !numbers.shown.isEmpty && rows.contains { $0.kind == .value }),
               !(kind == .value && rows.last?.kind == .value) {
                rows.append((kind, [line]))
            } else if !rows.isEmpty {
                rows[rows.count - 1].lines.append(line)
            } else {
                rows.append((.value, [line]))
            }
        }
        for row in rows { checkRow(row.lines, kind: row.kind, node: node, numbers, where: place) }
    }

    /// An edge label's lines: the local partial (its value after the last `=`, where it ends
    /// in a number), the contribution sent back (`◀`) or the term sent forward (`▶`).
    static func checkLabel(_ lines: [String], edge: Int, _ numbers: Numbers, where place: String) {
        let lines = lines.map(withoutNotes)
        guard !lines.isEmpty else { return }
        // The partial's lines (a close-up breaks them before `=`), then what is sent.
        let sent = lines.firstIndex { $0.hasPrefix("◀") || $0.hasPrefix("▶") } ?? lines.count
        let first = lines[..<sent].joined(separator: " ")
        let rest = lines[sent...].joined(separator: " ")
        let value = first.components(separatedBy: " = ").last!
        if first.contains(" = "), matches(#"^[−-]?\d+(\.\d+)?(e[−-]?\d+)?$"#, in: value).count == 1 {
            #expect(agree(written(value), numbers.partials[edge]), "\(place): partial \(first) is not \(numbers.partials[edge] ?? [])")
        }
        if rest.hasPrefix("◀") {
            #expect(agree(written(rest), numbers.contributions[edge]), "\(place): contribution \(rest) is not \(numbers.contributions[edge] ?? [])")
        } else if rest.hasPrefix("▶") {
            #expect(numbers.tangentTerms[edge, default: []].contains { agree(written(rest), $0) }, "\(place): forward-mode term \(rest)")
        }
    }

    /// The texts of an SVG group's `<text>` elements, unescaped.
    static func texts(_ markup: String) -> [String] {
        matches(#"<text[^>]*>([^<]*)</text>"#, in: markup).map { unescaped($0[1]) }
    }

    /// XML text as read: its five entities and `&#160;` (a blank line in a DOT table) undone.
    static func unescaped(_ text: String) -> String {
        [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#160;", ""), ("&amp;", "&")]
            .reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    /// Node ids by name, in `trace.json`'s order.
    static func ids(_ json: [String: Any]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: (json["nodes"] as! [[String: Any]]).enumerated().map { ($1["id"] as! String, $0) })
    }

    @Test(arguments: shippedLessons)
    func everyFrameShowsItsStepsNumbers(_ id: String) throws {
        let files = try rendered(id, formats: [.svg, .dot])
        let text = try #require(files["trace.json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let stepCount = try #require(json["steps"] as? [Any]).count
        var checked = 0
        for folder in ["frames", "focus"] {
            for frame in frames(files, "svg", folder: folder) {
                let index = Int(frame.path.split(separator: "/")[1].prefix(3))! - 1
                let numbers = try Self.numbers(json, step: index)
                let stepNode = Self.ids(json)[(json["steps"] as! [[String: Any]])[index]["node"] as! String]!
                for group in matches(#"<g id="n(\d+)" class="node">(.*?)</g>"#, in: frame.text) {
                    // A close-up heads a node other than the step's with the one line it reads of it.
                    let lines = Self.texts(group[2]), node = Int(group[1])!
                    let shown = folder == "focus" && node != stepNode && !lines[0].hasSuffix(" =") && lines[0].contains(" = ") ? lines : Array(lines.dropFirst())
                    Self.checkBox(shown, node: node, numbers, where: "\(id) \(frame.path) n\(group[1])")
                    checked += 1
                }
                for group in matches(#"<g id="e(\d+)" class="edge">(.*?)</g>"#, in: frame.text) {
                    Self.checkLabel(Self.texts(group[2]), edge: Int(group[1])!, numbers, where: "\(id) \(frame.path) e\(group[1])")
                }
            }
            for frame in frames(files, "dot", folder: folder) {
                let index = Int(frame.path.split(separator: "/")[1].prefix(3))! - 1
                let numbers = try Self.numbers(json, step: index)
                // `n4 [… label=<<TABLE …><TR><TD …>line</TD></TR>…>];`: each cell a line.
                for node in matches(#"\n  n(\d+) \[[^\n]*label=<(<TABLE[^\n]*)>\];"#, in: frame.text) {
                    let lines = matches(#"<TD[^>]*>([^<]*)</TD>"#, in: node[2]).map { Self.unescaped($0[1]) }.filter { !$0.isEmpty }
                    Self.checkBox(lines, node: Int(node[1])!, numbers, where: "\(id) \(frame.path) n\(node[1])")
                }
                // `n3 -> n5 [id="e0", … label=<…<TD>line<BR/>line</TD>…>`: a label's lines.
                for edge in matches(#"\n  n\d+ -> n\d+ \[id="e(\d+)"[^\n]*label=<(<TABLE[^\n]*)>[,\]]"#, in: frame.text) {
                    let cell = edge[2].replacingOccurrences(of: #"</?(FONT|TABLE|TR|TD)[^>]*>"#, with: "", options: .regularExpression)
                    Self.checkLabel(cell.components(separatedBy: "<BR/>").map(Self.unescaped), edge: Int(edge[1])!, numbers, where: "\(id) \(frame.path) e\(edge[1])")
                }
            }
        }
        #expect(checked > 0)
        // The player: each text a node's row or an edge's label shows, at every step it shows at.
        let player = try #require(files["index.html"])
        var node: Int?
        var row: (kind: Kind, from: Int, until: Int, lines: [String])?
        for line in player.split(separator: "\n").map(String.init) {
            if let start = matches(#"^<g id="n(\d+)" class="node"#, in: line).first { node = Int(start[1]) }
            if let start = matches(#"^<g class="row (\w+)[^"]*" data-from="(-?\d+)"(?: data-until="(\d+)")?>"#, in: line).first {
                row = (Kind(rawValue: start[1])!, Int(start[2])!, Int(start[3]) ?? stepCount, [])
            } else if row != nil, let text = matches(#"^<text[^>]*>([^<]*)</text>$"#, in: line).first {
                row!.lines.append(Self.unescaped(text[1]))
            } else if line == "</g>", let shown = row, let node {
                for step in max(0, shown.from)..<min(shown.until, stepCount) {
                    Self.checkRow(shown.lines, kind: shown.kind, node: node, try Self.numbers(json, step: step), where: "\(id) player step \(step + 1) n\(node)")
                }
                row = nil
            }
        }
        let steps = try #require(json["steps"] as? [[String: Any]])
        for label in matches(#"<g class="label[^"]*" data-edge="(\d+)" data-from="(\d+)"(?: data-until="(\d+)")? data-phases="([^"]*)">(.*?)</g>"#, in: player) {
            let phases = label[4].split(separator: " ").map(String.init)
            for step in Int(label[2])!..<min(Int(label[3]) ?? stepCount, stepCount) where phases.contains(steps[step]["phase"] as! String) {
                Self.checkLabel(Self.texts(label[5]), edge: Int(label[1])!, try Self.numbers(json, step: step), where: "\(id) player step \(step + 1) label e\(label[1])")
            }
        }
    }
}
