/// What one value in a lesson or answers file may be, as the loader reads it. The loader takes
/// its key lists and bounds from these definitions (`LessonFormat`, `AnswersFormat`), and
/// `teach schema` writes the same definitions as a JSON Schema, so the two cannot drift.
public indirect enum FormatValue: Sendable {
    /// Any scalar, read as text (`title: 2024` is the text "2024"), at most `maxLength` characters.
    case text(maxLength: Int?)
    /// A variable's name: a letter, then letters, digits or `_`, at most 64 characters.
    case name
    /// A finite number written without quotes, within `range` when there is one.
    case number(ClosedRange<Double>?)
    /// A whole number within `range`.
    case integer(ClosedRange<Int>)
    /// `true` or `false`.
    case boolean
    /// A number, a list of numbers (a vector) or a list of equally long rows (a matrix).
    case tensor
    /// One of these words.
    case choice([String])
    /// A list of values, with at least one item when `nonEmpty`.
    case list(FormatValue, nonEmpty: Bool)
    /// A mapping with these keys and no others.
    case record(FormatRecord)
    /// A mapping from variable names to values.
    case names(FormatValue)
    /// A mapping from any keys to values.
    case mapping(FormatValue)
    /// Any one of these.
    case either([FormatValue])
    /// Nothing (`key:` left empty), which an answers file reads as "not answered".
    case empty
    /// A number as a student may type it: also text such as `−0.5` with the minus sign (U+2212)
    /// a worksheet prints.
    case typedNumber
}

/// One key of a mapping: what it holds, whether a file must have it, and what it means.
public struct FormatField: Sendable {
    public let name: String
    public let value: FormatValue
    public let required: Bool
    public let summary: String

    public init(_ name: String, _ value: FormatValue, required: Bool = false, _ summary: String) {
        self.name = name
        self.value = value
        self.required = required
        self.summary = summary
    }
}

/// A mapping with fixed keys.
public struct FormatRecord: Sendable {
    /// What the mapping is, in the loader's words ("descent", "a blank").
    public let what: String
    public let fields: [FormatField]
    /// Groups of keys of which a mapping may have at most one (a tolerance is relative or in
    /// significant figures or in decimal digits).
    public let exclusive: [[String]]

    public init(_ what: String, _ fields: [FormatField], exclusive: [[String]] = []) {
        self.what = what
        self.fields = fields
        self.exclusive = exclusive
    }

    /// The keys, in the order the documentation lists them.
    public var keys: [String] { fields.map(\.name) }

    /// The field named `name`; every caller names a field of this record.
    public subscript(_ name: String) -> FormatField {
        guard let field = fields.first(where: { $0.name == name }) else { preconditionFailure("\(what) has no field '\(name)'") }
        return field
    }

    /// The integer bounds of field `name`.
    public func integerRange(_ name: String) -> ClosedRange<Int> {
        guard case .integer(let range) = self[name].value else { preconditionFailure("\(what).\(name) is not an integer") }
        return range
    }

    /// The number bounds of field `name`.
    public func numberRange(_ name: String) -> ClosedRange<Double> {
        guard case .number(let range?) = self[name].value else { preconditionFailure("\(what).\(name) has no bounds") }
        return range
    }

    /// The length bound of text field `name`.
    public func maxLength(_ name: String) -> Int {
        guard case .text(let length?) = self[name].value else { preconditionFailure("\(what).\(name) has no length bound") }
        return length
    }
}
