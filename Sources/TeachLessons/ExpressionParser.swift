import TeachCore

/// Parses the lesson language's math syntax by recursive descent:
///
///     equation   = name "=" expression
///     expression = term { ("+" | "-") term }
///     term       = unary { ("*" | "/" | "@") unary }
///     unary      = "-" unary | power
///     power      = postfix [ "^" unary ]                 (right-associative: a^b^c = a^(b^c))
///     postfix    = primary { "[" integer { "," integer } "]" }
///     primary    = number | name | function "(" expression { "," expression } ")" | "(" expression ")"
///                | "adjoint" "(" name ")"                (only where `readsAdjoints`: a `show:` quantity)
///
/// Nesting (parentheses, calls, signs, exponents) is capped at `maximumDepth` and length at
/// `maximumLength`, so hostile input cannot overflow the stack.
public struct ExpressionParser {
    public static let maximumDepth = 64
    public static let maximumLength = 4096

    public struct Failure: Error, Sendable {
        public let message: String
        /// 0-based offset in the parsed text.
        public let offset: Int
    }

    /// The text, one unit per character: its ASCII code, or `notASCII` for any other character
    /// (no token has one), so a position is an offset in characters, as messages count them.
    private let units: [UInt8]
    /// The text, for quoting a character that is not ASCII in a message.
    private let text: String
    private static let notASCII: UInt8 = 0xFF
    private var position = 0
    private var depth = 0
    /// Maps an offset in the text to its place in the file.
    private let locate: (Int) -> SourceLocation
    /// Whether `adjoint(name)` reads a node's adjoint, as a `show:` quantity's definition may.
    public var readsAdjoints = false

    public init(_ text: String, locate: @escaping (Int) -> SourceLocation) {
        self.text = text
        // One byte per character unless a character takes more than one (CR LF is one).
        let simple = text.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D }
        self.units = simple ? Array(text.utf8) : text.map { $0.utf8.count == 1 ? $0.utf8.first! : Self.notASCII }
        self.locate = locate
    }

    /// `name = expression`: the name, its offset, and the definition.
    public mutating func parseEquation() throws(Failure) -> (name: String, offset: Int, definition: Expr) {
        try checkLength()
        skipSpaces()
        let start = position
        guard let name = identifier() else { throw Failure(message: "an equation starts with the name it defines, as in 'z = w*x + b'", offset: position) }
        skipSpaces()
        guard peek() == ascii("=") else {
            throw Failure(message: "expected '=' after '\(name)'; an equation reads 'name = expression'", offset: position)
        }
        position += 1
        let definition = try parseExpression()
        return (name, start, definition)
    }

    /// A whole expression, with nothing after it.
    public mutating func parseAlone() throws(Failure) -> Expr {
        try checkLength()
        return try parseExpression()
    }

    private func checkLength() throws(Failure) {
        if units.count > Self.maximumLength {
            throw Failure(message: "expression is longer than \(Self.maximumLength) characters", offset: 0)
        }
    }

    private mutating func parseExpression() throws(Failure) -> Expr {
        let expr = try sum()
        skipSpaces()
        if position < units.count {
            let c = character(at: position)
            let message = c == ")" ? "unmatched ')'" : c == "=" ? "only one '=' per equation" : "unexpected '\(c)'"
            throw Failure(message: message, offset: position)
        }
        return expr
    }

    private func location(_ offset: Int) -> SourceLocation { locate(offset) }

    /// The character at `offset`, for a message.
    /// The character at `offset` as a message shows it: a control character by its picture
    /// (`␊`, `␍`), so that no message holds a raw line break.
    private func character(at offset: Int) -> Character {
        if units[offset] != Self.notASCII, units[offset] < 0x20 || units[offset] == 0x7F {
            return Character(Unicode.Scalar(units[offset] == 0x7F ? 0x2421 : 0x2400 + UInt32(units[offset]))!)
        }
        return units[offset] == Self.notASCII ? Array(text)[offset] : Character(Unicode.Scalar(units[offset]))
    }

    private mutating func nest() throws(Failure) {
        depth += 1
        if depth > Self.maximumDepth {
            throw Failure(message: "expression nests deeper than \(Self.maximumDepth) levels", offset: position)
        }
    }

    private mutating func sum() throws(Failure) -> Expr {
        var left = try term()
        while true {
            skipSpaces()
            let start = position
            guard let c = peek(), c == ascii("+") || c == ascii("-") else { return left }
            position += 1
            let right = try term()
            left = Expr(.binary(c == ascii("+") ? .add : .subtract, left, right), at: location(start))
        }
    }

    private mutating func term() throws(Failure) -> Expr {
        var left = try unary()
        while true {
            skipSpaces()
            let start = position
            guard let c = peek(), c == ascii("*") || c == ascii("/") || c == ascii("@") else { return left }
            position += 1
            let right = try unary()
            let op: BinaryOperator = c == ascii("*") ? .multiply : c == ascii("/") ? .divide : .matmul
            left = Expr(.binary(op, left, right), at: location(start))
        }
    }

    private mutating func unary() throws(Failure) -> Expr {
        skipSpaces()
        let start = position
        if peek() == ascii("-") {
            position += 1
            try nest(); defer { depth -= 1 }
            return Expr(.negate(try unary()), at: location(start))
        }
        if peek() == ascii("+") { throw Failure(message: "unexpected '+'", offset: position) }
        return try power()
    }

    private mutating func power() throws(Failure) -> Expr {
        let base = try postfix()
        skipSpaces()
        let start = position
        guard peek() == ascii("^") else { return base }
        position += 1
        try nest(); defer { depth -= 1 }
        return Expr(.binary(.power, base, try unary()), at: location(start))
    }

    private mutating func postfix() throws(Failure) -> Expr {
        var expr = try primary()
        while true {
            skipSpaces()
            let start = position
            guard peek() == ascii("[") else { return expr }
            position += 1
            var indices: [Int] = []
            repeat {
                skipSpaces()
                if peek() == ascii(",") { position += 1; skipSpaces() }
                let digitsStart = position
                while let c = peek(), isDigit(c) { position += 1 }
                guard position > digitsStart, let index = Int(spelling(digitsStart..<position)) else {
                    throw Failure(message: "an index is a whole number from 1, as in z[2] or W[2, 1]", offset: digitsStart)
                }
                indices.append(index)
                skipSpaces()
            } while peek() == ascii(",")
            guard peek() == ascii("]") else { throw Failure(message: "expected ']' to close the index", offset: position) }
            position += 1
            expr = Expr(.index(expr, indices), at: location(start))
        }
    }

    private mutating func primary() throws(Failure) -> Expr {
        skipSpaces()
        let start = position
        guard let c = peek() else { throw Failure(message: "the expression ends where a value was expected", offset: position) }
        if c == ascii("(") {
            try nest(); defer { depth -= 1 }
            position += 1
            let inner = try sum()
            skipSpaces()
            guard peek() == ascii(")") else {
                throw Failure(message: "expected ')' to close the '(' at \(location(start))", offset: position)
            }
            position += 1
            return inner
        }
        if isDigit(c) || c == ascii(".") { return try number() }
        if let name = identifier() {
            skipSpaces()
            guard peek() == ascii("(") else { return Expr(.variable(name), at: location(start)) }
            if readsAdjoints, name == "adjoint" { return try adjoint(start) }
            guard let function = Function.callable(named: name) else {
                let hint = Suggestion.hint(for: name, in: Function.callable.map(\.rawValue))
                throw Failure(message: "unknown function '\(name)'\(hint)", offset: start)
            }
            position += 1
            try nest(); defer { depth -= 1 }
            var arguments = [try sum()]
            skipSpaces()
            while peek() == ascii(","), arguments.count < function.arity {
                position += 1
                arguments.append(try sum())
                skipSpaces()
            }
            let takes = function.arity == 1 ? "one argument" : "\(function.arity) arguments"
            if peek() == ascii(",") { throw Failure(message: "'\(name)' takes \(takes)", offset: position) }
            guard peek() == ascii(")") else {
                throw Failure(message: "expected ')' after the argument of '\(name)'", offset: position)
            }
            guard arguments.count == function.arity else {
                throw Failure(message: "'\(name)' takes \(takes), not \(arguments.count)", offset: position)
            }
            position += 1
            return Expr(.call(function, arguments), at: location(start))
        }
        throw Failure(message: "unexpected '\(character(at: position))' where a value was expected", offset: position)
    }

    /// `adjoint(name)`, the position after `adjoint`: the adjoint of the node `name`.
    private mutating func adjoint(_ start: Int) throws(Failure) -> Expr {
        position += 1
        skipSpaces()
        guard let name = identifier() else { throw Failure(message: "adjoint takes the name of a node, as in 'adjoint(I6)'", offset: position) }
        skipSpaces()
        guard peek() == ascii(")") else { throw Failure(message: "expected ')' after 'adjoint(\(name)'", offset: position) }
        position += 1
        return Expr(.adjoint(name), at: location(start))
    }

    private mutating func number() throws(Failure) -> Expr {
        let start = position
        while let c = peek(), isDigit(c) || c == ascii(".") { position += 1 }
        if let e = peek(), e == ascii("e") || e == ascii("E") {
            let mark = position
            position += 1
            if let sign = peek(), sign == ascii("+") || sign == ascii("-") { position += 1 }
            let digits = position
            while let c = peek(), isDigit(c) { position += 1 }
            if position == digits { position = mark }
        }
        let text = spelling(start..<position)
        guard let value = Double(text) else { throw Failure(message: "'\(text)' is not a number", offset: start) }
        guard value.isFinite else { throw Failure(message: "'\(text)' is too large to be a finite number", offset: start) }
        return Expr(.number(value), at: location(start), shape: .scalar)
    }

    private mutating func identifier() -> String? {
        guard let first = peek(), isLetter(first) else { return nil }
        let start = position
        while let c = peek(), isLetter(c) || isDigit(c) || c == ascii("_") { position += 1 }
        return spelling(start..<position)
    }

    /// The text of a token, whose units are all ASCII.
    private func spelling(_ range: Range<Int>) -> String { String(decoding: units[range], as: UTF8.self) }

    private func peek() -> UInt8? { position < units.count ? units[position] : nil }

    private mutating func skipSpaces() {
        // A line break is a space: an equation may run over lines (a YAML block scalar `|`).
        while let c = peek(), c == ascii(" ") || c == ascii("\t") || c == ascii("\n") || c == ascii("\r") { position += 1 }
    }

    private func ascii(_ c: Unicode.Scalar) -> UInt8 { UInt8(ascii: c) }
    private func isDigit(_ c: UInt8) -> Bool { c >= ascii("0") && c <= ascii("9") }
    private func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= ascii("a") && (c | 0x20) <= ascii("z") }
}
