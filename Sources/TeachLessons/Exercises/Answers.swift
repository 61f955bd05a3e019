import Foundation
import TeachCore
import Yams

/// A student's answers file, read defensively: every problem becomes a located diagnostic
/// that costs the blanks it affects, never the whole run.
///
/// ```yaml
/// adjoint_z: -0.0594          # a number (− from the worksheet is read as a minus)
/// dLreg_dW: [[0.1, -0.2]]     # a vector or matrix as lists
/// update_w:                   # left empty: not answered
/// adjoints: {z: 1, y: 2}      # a column blank's rows, or `adjoints.z: 1`
/// ```
public struct Answers: Sendable {
    public enum Entry: Sendable {
        case number(Tensor)
        /// An answer that could not be read; the blank scores 0.
        case unreadable(Diagnostic)
    }

    /// By blank name, in file order.
    public let entries: [(name: String, entry: Entry, location: SourceLocation?)]
    /// Problems with the file that affect no single blank (unknown names) or all of them.
    public let problems: [Diagnostic]
    /// The file could not be read at all; every blank scores 0.
    public let unreadable: Bool
    /// The file's text when it was valid UTF-8, to show a problem's line.
    public let source: String?

    public func entry(_ name: String) -> Entry? { entries.first { $0.name == name }?.entry }

    /// At most 256 KiB, 10,000 YAML nodes and 4 levels of nesting: an answers file is small.
    public static let limits = LessonLimits(bytes: 256 << 10, depth: 4, yamlNodes: 10_000, keysPerMapping: 2_000)

    public static func read(path: String, blanks: [Blank]) -> Answers {
        do {
            return read(bytes: try InputFile.read(path, what: "answers file", limit: limits.bytes), file: path, blanks: blanks)
        } catch {
            return Answers(entries: [], problems: [error], unreadable: true, source: nil)
        }
    }

    public static func read(bytes: [UInt8], file: String, blanks: [Blank]) -> Answers {
        let reader = YAMLReader(file: file, limits: limits, emptyHint: "write one 'blank_name: number' line per blank")
        let source = String(validating: bytes.prefix(limits.bytes), as: UTF8.self)
        let root: Node
        do { root = try reader.compose(bytes).root } catch {
            return Answers(entries: [], problems: [error], unreadable: true, source: source)
        }
        let top: [(key: String, keyNode: Node, value: Node)]
        do { top = try reader.entries(root, what: "an answers file") } catch {
            return Answers(entries: [], problems: [error], unreadable: true, source: source)
        }
        let names = blanks.map(\.name)
        var entries: [(String, Entry, SourceLocation?)] = []
        var problems: [Diagnostic] = []
        func add(_ name: String, _ keyNode: Node, _ value: Node) {
            let location = keyNode.mark.map { SourceLocation(line: $0.line, column: $0.column) }
            guard names.contains(name) else {
                let hint = Suggestion.hint(for: name, in: names)
                problems.append(reader.fail("'\(name)' is not a blank of this lesson\(hint)", keyNode))
                return
            }
            if case .scalar(let scalar) = value, scalar.style == .plain, ["", "~", "null"].contains(scalar.string) { return }
            do { entries.append((name, .number(try number(value, reader: reader)), location)) } catch {
                entries.append((name, .unreadable(error), location))
            }
        }
        for (key, keyNode, value) in top {
            if case .mapping = value, !names.contains(key) {
                do {
                    for (row, rowNode, rowValue) in try reader.entries(value, what: "'\(key)'") { add(key + "." + row, rowNode, rowValue) }
                } catch { problems.append(error) }
            } else {
                add(key, keyNode, value)
            }
        }
        return Answers(entries: entries, problems: problems, unreadable: false, source: source)
    }

    /// A number, or lists of them for a vector or matrix. `−` (U+2212) counts as a minus sign,
    /// in a list or matrix as in a single number.
    private static func number(_ node: Node, reader: YAMLReader) throws(Diagnostic) -> Tensor {
        try reader.tensor(node, what: "the answer") { (node, _) throws(Diagnostic) in try scalar(node, reader: reader) }
    }

    /// One number of an answer, as a student may type or copy it.
    private static func scalar(_ node: Node, reader: YAMLReader) throws(Diagnostic) -> Double {
        if case .scalar(let scalar) = node {
            let text = scalar.string.replacingOccurrences(of: "\u{2212}", with: "-").trimmingCharacters(in: .whitespaces)
            if scalar.style != .plain, Double(text) != nil {
                throw reader.fail("the number \(scalar.string) is in quotes, so it is text; write it without quotes", node)
            }
            let lowered = text.lowercased()
            if scalar.style == .plain, lowered.contains("nan") || lowered.contains("inf") {
                throw reader.fail("'\(scalar.string)' is not a finite number", node)
            }
            guard scalar.style == .plain, let value = Double(text) else {
                throw reader.fail("'\(scalar.string)' is not a number", node)
            }
            guard value.isFinite else { throw reader.fail("'\(scalar.string)' is not a finite number", node) }
            return value
        }
        throw reader.fail("the answer must be a number, a list of numbers or a list of rows", node)
    }
}
