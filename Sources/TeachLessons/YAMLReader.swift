import CYaml
import TeachCore
import Yams

/// Reads a YAML document into Yams' node tree with guards Yams lacks, then offers typed,
/// located accessors so every error can point at its line and column.
///
/// Guards: the file size, valid UTF-8, no tabs in indentation, and while walking the tree a
/// depth, a node count and a keys-per-mapping budget; anchors and aliases are refused.
struct YAMLReader {
    let file: String
    let limits: LessonLimits
    /// What the file should hold, for the message about an empty one.
    var emptyHint = "a lesson needs at least title, equations and loss"
    /// The file's lines once composed, for placing a character of a multi-line scalar.
    private let lines = Lines()

    private final class Lines: @unchecked Sendable {
        private var bytes: [UInt8] = []
        /// Each line's bytes, broken where Swift's `Character.isNewline` breaks (LF, VT, FF, CR,
        /// CR LF, NEL, LS, PS), so a line holds the characters of `split(whereSeparator:)`'s.
        private var ranges: [Range<Int>] = []
        private var made: [Int: [Character]] = [:]

        func read(_ bytes: [UInt8]) {
            self.bytes = bytes
            ranges = []
            made = [:]
            var start = 0, i = 0
            while i < bytes.count {
                let byte = bytes[i]
                let width: Int
                switch byte {
                case 0x0A, 0x0B, 0x0C: width = 1
                case 0x0D: width = i + 1 < bytes.count && bytes[i + 1] == 0x0A ? 2 : 1
                case 0xC2 where i + 1 < bytes.count && bytes[i + 1] == 0x85: width = 2
                case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9): width = 3
                default: i += 1; continue
                }
                ranges.append(start..<i)
                i += width
                start = i
            }
            ranges.append(start..<bytes.count)
        }

        var count: Int { ranges.count }

        /// Line `number` (from 0) as characters, made the first time it is asked for: only the
        /// lines of the scalars located in (an equation's tokens, a located error) are made.
        subscript(number: Int) -> [Character] {
            if let line = made[number] { return line }
            let line = Array(String(decoding: bytes[ranges[number]], as: UTF8.self))
            made[number] = line
            return line
        }

        /// Whether the plain scalar at a mark (`line << 32 | column`) stands on its line as its
        /// value reads, found once per scalar: an equation's parser locates every token.
        var onOneLine: [Int: Bool] = [:]
    }

    init(file: String, limits: LessonLimits, emptyHint: String? = nil) {
        self.file = file
        self.limits = limits
        if let emptyHint { self.emptyHint = emptyHint }
    }

    func fail(_ message: String, at mark: Mark?) -> Diagnostic {
        Diagnostic(file: file, location: mark.map { SourceLocation(line: $0.line, column: $0.column) }, message: message)
    }

    func fail(_ message: String, _ node: Node) -> Diagnostic { fail(message, at: node.mark) }

    /// Decodes and parses `bytes` (after a UTF-8 byte-order mark, which Windows editors write);
    /// the root must be a mapping.
    func compose(_ bytes: [UInt8]) throws(Diagnostic) -> (source: String, root: Node) {
        let bytes = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        guard bytes.count <= limits.bytes else {
            throw Diagnostic(file: file, location: nil, message: "file is over the limit of \(limits.bytes) bytes")
        }
        guard let source = String(validating: bytes, as: UTF8.self) else {
            let valid = String(decoding: bytes.prefix(firstInvalidUTF8(bytes)), as: UTF8.self)
            throw Diagnostic(file: file, location: Self.location(after: valid[...]), message: "file is not valid UTF-8 text")
        }
        // The bytes say at once whether there is a NUL or a tab at all; the characters then
        // say where (a line and a column in characters), in the rare file that has one.
        if bytes.contains(0), let nul = source.firstIndex(of: "\0") {
            throw Diagnostic(file: file, location: Self.location(after: source[..<nul]), message: "file contains a NUL byte; is it a binary file?")
        }
        if bytes.contains(UInt8(ascii: "\t")) {
            for (number, line) in source.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
                let indent = line.prefix { $0 == " " || $0 == "\t" }
                if let tab = indent.firstIndex(of: "\t") {
                    throw Diagnostic(file: file, location: SourceLocation(line: number + 1, column: line.distance(from: line.startIndex, to: tab) + 1),
                                     message: "tab in indentation; YAML indents with spaces")
                }
            }
        }
        if let alias = Self.firstAnchorOrAlias(source) {
            throw Diagnostic(file: file, location: alias, message: "anchors and aliases ('&', '*') are not allowed here; write the value out")
        }
        let root: Node?
        do {
            root = try Parser(yaml: source, resolver: .basic, encoding: .utf8).singleRoot()
        } catch let error as YamlError {
            throw translate(error, source: source)
        } catch {
            throw Diagnostic(file: file, location: nil, message: "cannot read YAML: \(error)")
        }
        guard let root else { throw Diagnostic(file: file, location: nil, message: "file is empty; \(emptyHint)") }
        lines.read(bytes)
        var count = 0
        try checkBudget(root, depth: 1, count: &count)
        return (source, root)
    }

    /// Where the first anchor (`&a`) or alias (`*a`) stands, as libyaml's own parser reads
    /// the text (its event stream, which never expands an alias), before Yams composes a tree:
    /// aliases used as keys hang Yams' composer and alias bombs expand exponentially. A syntax
    /// error ends the scan; composing then reports it.
    static func firstAnchorOrAlias(_ source: String) -> SourceLocation? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(source.utf8)
        return bytes.withUnsafeBufferPointer { buffer -> SourceLocation? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                let anchored: Bool
                switch event.type {
                case YAML_ALIAS_EVENT: anchored = true
                case YAML_SCALAR_EVENT: anchored = event.data.scalar.anchor != nil
                case YAML_SEQUENCE_START_EVENT: anchored = event.data.sequence_start.anchor != nil
                case YAML_MAPPING_START_EVENT: anchored = event.data.mapping_start.anchor != nil
                case YAML_STREAM_END_EVENT: return nil
                default: anchored = false
                }
                if anchored {
                    return SourceLocation(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                }
            }
            return nil
        }
    }

    /// Where the character after `text` stands: its line, and its column counted in characters.
    private static func location(after text: Substring) -> SourceLocation {
        let lineStart = text.lastIndex(of: "\n").map(text.index(after:)) ?? text.startIndex
        return SourceLocation(line: 1 + text.count { $0 == "\n" }, column: 1 + text[lineStart...].count)
    }

    private func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var low = 0, high = bytes.count
        while low < high {
            let middle = (low + high + 1) / 2
            if String(validating: bytes.prefix(middle), as: UTF8.self) != nil { low = middle } else { high = middle - 1 }
        }
        return low
    }

    private func translate(_ error: YamlError, source: String) -> Diagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            // libyaml stops at its own nesting limit (1,000) before the walk can apply ours.
            if problem.hasPrefix("Maximum nesting level") {
                return fail("collections nest deeper than \(limits.depth) levels", at: mark)
            }
            return fail("invalid YAML: \(problem)", at: mark)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let places = keyLines(key, in: source, mapping: context.mark)
            guard places.count >= 2 else { return fail("duplicate key '\(key)' in a mapping", at: context.mark) }
            return Diagnostic(file: file, location: places[1], message: "duplicate key '\(key)' (first at \(places[0]))")
        case .reader(let problem, _, _, _):
            return Diagnostic(file: file, location: nil, message: "invalid YAML: \(problem)")
        default:
            return Diagnostic(file: file, location: nil, message: "invalid YAML")
        }
    }

    /// The lines where block-mapping `key:` appears at the mapping's column, from its start.
    /// Yams reports only the mapping of a duplicate key; this finds the key itself.
    private func keyLines(_ key: String, in source: String, mapping: Mark) -> [SourceLocation] {
        let indent = String(repeating: " ", count: mapping.column - 1)
        return source.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated().compactMap { number, line in
            guard number + 1 >= mapping.line, line.hasPrefix(indent + key + ":") else { return nil }
            return SourceLocation(line: number + 1, column: mapping.column)
        }
    }

    private func checkBudget(_ node: Node, depth: Int, count: inout Int) throws(Diagnostic) {
        count += 1
        if node.anchor != nil { throw fail("anchors and aliases ('&', '*') are not allowed here; write the value out", node) }
        guard count <= limits.yamlNodes else { throw fail("more than \(limits.yamlNodes) YAML nodes", node) }
        guard depth <= limits.depth else { throw fail("collections nest deeper than \(limits.depth) levels", node) }
        switch node {
        case .scalar(let scalar):
            // XML 1.0 has no way to write these: no SVG, handout or question bank could hold them.
            if let scalar = scalar.string.unicodeScalars.first(where: { $0.value == 0xFFFE || $0.value == 0xFFFF }) {
                throw fail("the character U+\(String(scalar.value, radix: 16, uppercase: true)) is not allowed (XML, which the frames and pages are, cannot hold it)", node)
            }
        case .alias: throw fail("anchors and aliases ('&', '*') are not allowed here; write the value out", node)
        case .sequence(let sequence):
            for child in sequence { try checkBudget(child, depth: depth + 1, count: &count) }
        case .mapping(let mapping):
            guard mapping.count <= limits.keysPerMapping else { throw fail("a mapping with more than \(limits.keysPerMapping) keys", node) }
            for (key, value) in mapping {
                try checkBudget(key, depth: depth + 1, count: &count)
                try checkBudget(value, depth: depth + 1, count: &count)
            }
        }
    }

    /// The entries of a mapping as (key text, key node, value), in file order; keys must be
    /// plain strings, each once.
    func entries(_ node: Node, what: String) throws(Diagnostic) -> [(key: String, keyNode: Node, value: Node)] {
        guard case .mapping(let mapping) = node else { throw fail("\(what) must be a mapping of 'key: value' lines", node) }
        var result: [(String, Node, Node)] = []
        result.reserveCapacity(mapping.count)
        var seen: [String: Int] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else { throw fail("a key must be a plain name", key) }
            if let first = seen[scalar.string] {
                throw fail("duplicate key '\(scalar.string)' (first at \(result[first].1.mark.map(\.description) ?? "?"))", key)
            }
            seen[scalar.string] = result.count
            result.append((scalar.string, key, value))
        }
        return result
    }

    /// Checks a mapping against its definition: no key outside it (`rejectUnknownKeys`) and at
    /// most one key of each exclusive group.
    func check(_ entries: [(key: String, keyNode: Node, value: Node)], against record: FormatRecord) throws(Diagnostic) {
        try rejectUnknownKeys(entries, allowed: record.keys, in: record.what)
        for group in record.exclusive {
            let present = entries.filter { group.contains($0.key) }
            if present.count > 1 {
                throw fail("\(record.what) takes only one of \(group.joined(separator: ", ")); '\(present[0].key)' and "
                           + "'\(present[1].key)' are both here", present[1].keyNode)
            }
        }
    }

    /// Reports the first key not in `allowed`, suggesting the closest allowed one.
    private func rejectUnknownKeys(_ entries: [(key: String, keyNode: Node, value: Node)], allowed: [String], in what: String) throws(Diagnostic) {
        for entry in entries where !allowed.contains(entry.key) {
            let suggestion = Suggestion.hint(for: entry.key, in: allowed)
            let hint = suggestion.isEmpty ? "; expected one of: " + allowed.joined(separator: ", ") : suggestion
            throw fail("unknown key '\(entry.key)' in \(what)\(hint)", entry.keyNode)
        }
    }

    func string(_ node: Node, what: String) throws(Diagnostic) -> String {
        guard case .scalar(let scalar) = node else { throw fail("\(what) must be text", node) }
        return scalar.string
    }

    /// One of `T`'s cases by its raw value: `backward_order is reverse or levels, not 'x'`,
    /// `visibility is one of visible, hidden, …, not 'x'`.
    func choice<T: RawRepresentable & CaseIterable>(_ node: Node, what: String) throws(Diagnostic) -> T where T.RawValue == String {
        let text = try string(node, what: what)
        guard let chosen = T(rawValue: text) else {
            let names = T.allCases.map(\.rawValue)
            let listed = names.count == 2 ? names.joined(separator: " or ") : "one of " + names.joined(separator: ", ")
            throw fail("\(what) is \(listed), not '\(text)'", node)
        }
        return chosen
    }

    func bool(_ node: Node, what: String) throws(Diagnostic) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain, ["true", "false"].contains(scalar.string) else {
            throw fail("\(what) must be true or false", node)
        }
        return scalar.string == "true"
    }

    /// A finite number written as a plain YAML scalar (`0.8`, `-3`, `1e-3`).
    func number(_ node: Node, what: String) throws(Diagnostic) -> Double {
        guard case .scalar(let scalar) = node else { throw fail("\(what) must be a number", node) }
        let text = Self.trimmed(scalar.string)
        // A number that parses and has an `n` or an `i` in it is spelt nan, inf or infinity.
        guard scalar.style == .plain, let value = Double(text), !text.utf8.contains(where: { $0 | 0x20 == UInt8(ascii: "n") || $0 | 0x20 == UInt8(ascii: "i") }) else {
            throw fail("\(what) must be a number, not '\(scalar.string)'", node)
        }
        guard value.isFinite else { throw fail("\(what) '\(text)' is too large to be a finite number", node) }
        return value
    }

    /// `text` without the spaces and tabs (`CharacterSet.whitespaces`) at its ends; the bytes
    /// at the ends say whether there are any, which in a lesson's thousands of numbers there
    /// almost never are.
    private static func trimmed(_ text: String) -> String {
        let mayTrim: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 >= 0x80 }
        guard let first = text.utf8.first, let last = text.utf8.last, mayTrim(first) || mayTrim(last) else { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }

    func integer(_ node: Node, what: String, range: ClosedRange<Int>) throws(Diagnostic) -> Int {
        let value = try number(node, what: what)
        guard let whole = Int(exactly: value), range.contains(whole) else {
            throw fail("\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound)", node)
        }
        return whole
    }

    /// A scalar (`0.8`), a vector (`[1, 2]`) or a matrix (`[[0.2, -0.1], [0.05, 0.3]]`).
    func tensor(_ node: Node, what: String, element: ((Node, String) throws(Diagnostic) -> Double)? = nil) throws(Diagnostic) -> Tensor {
        // Each number as `element` reads it (an answers file takes `−` for a minus), else as a lesson's.
        func number(_ node: Node, what: String) throws(Diagnostic) -> Double {
            if let element { return try element(node, what) }
            return try self.number(node, what: what)
        }
        switch node {
        case .scalar: return Tensor(try number(node, what: what))
        case .sequence(let items):
            guard let first = items.first else { throw fail("\(what) is empty; give at least one number", node) }
            if case .sequence = first {
                var rows: [[Double]] = []
                for row in items {
                    guard case .sequence(let cells) = row else { throw fail("every row of \(what) must be a list of numbers", row) }
                    var values: [Double] = []
                    for cell in cells { values.append(try number(cell, what: "an element of \(what)")) }
                    if let width = rows.first?.count, width != values.count {
                        throw fail("row \(rows.count + 1) of \(what) has \(values.count) numbers, row 1 has \(width)", row)
                    }
                    guard !values.isEmpty else { throw fail("a row of \(what) is empty", row) }
                    rows.append(values)
                }
                return Tensor(rows: rows)
            }
            var values: [Double] = []
            for item in items { values.append(try number(item, what: "an element of \(what)")) }
            return Tensor(vector: values)
        default:
            throw fail("\(what) must be a number, a list of numbers or a list of rows", node)
        }
    }

    /// Where character `offset` of a scalar's text sits in the file (single-line scalars).
    /// Quoted ones start one column later; in double quotes a `\\` or `\"` takes two columns
    /// for one character, and in single quotes a `''` does.
    func locate(_ node: Node, offset: Int) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(line: 1, column: 1) }
        guard case .scalar(let scalar) = node, scalar.style == .singleQuoted || scalar.style == .doubleQuoted else {
            if case .scalar(let scalar) = node, !isOnOneLine(scalar.string, at: mark),
               let place = placeInLines(scalar.string, offset: offset, from: mark) { return place }
            return SourceLocation(line: mark.line, column: mark.column + offset)
        }
        let escaped: Set<Character> = scalar.style == .doubleQuoted ? ["\\", "\""] : ["'"]
        let columns = scalar.string.prefix(offset).reduce(0) { $0 + (escaped.contains($1) ? 2 : 1) }
        return SourceLocation(line: mark.line, column: mark.column + 1 + columns)
    }

    /// `true` when `value` stands as it reads on the line of `mark`, from its column: then
    /// character `offset` is simply `offset` columns on.
    private func isOnOneLine(_ value: String, at mark: Mark) -> Bool {
        let key = mark.line << 32 | mark.column
        if let known = lines.onOneLine[key] { return known }
        let line = mark.line - 1, column = mark.column - 1
        var result = false
        if line < lines.count, case let text = lines[line], column <= text.count {
            result = text[column...].starts(with: value)
        }
        lines.onOneLine[key] = result
        return result
    }

    /// Where character `offset` of a plain, folded or literal scalar's value stands in the
    /// file: the value's characters are matched along the source from the scalar's mark, a
    /// line break (and the next line's indentation) standing for the space or newline folding
    /// made of it, and a block scalar's `>`/`|` header skipped. Nil when they do not match.
    private func placeInLines(_ value: String, offset: Int, from mark: Mark) -> SourceLocation? {
        let text = lines
        var line = mark.line - 1, column = mark.column - 1
        guard line < text.count else { return nil }
        if column < text[line].count, text[line][column] == ">" || text[line][column] == "|" { line += 1; column = 0 }
        func skipIndentation() {
            while line < text.count, column < text[line].count, text[line][column] == " " { column += 1 }
        }
        skipIndentation()
        for (index, character) in value.enumerated() {
            guard line < text.count else { return nil }
            if index == offset { return SourceLocation(line: line + 1, column: column + 1) }
            if column >= text[line].count {
                // The end of a source line: the value has a space or newline for it.
                guard character == " " || character == "\n" else { return nil }
                line += 1
                column = 0
                skipIndentation()
                continue
            }
            guard text[line][column] == character else { return nil }
            column += 1
        }
        return offset == value.count ? SourceLocation(line: line + 1, column: column + 1) : nil
    }
}
