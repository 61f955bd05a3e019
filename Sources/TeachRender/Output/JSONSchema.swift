import TeachLessons

/// The lesson and answers formats (`LessonFormat`, `AnswersFormat`) as JSON Schemas (draft-07,
/// the draft editors' YAML language servers read), for completion and checking while a lesson
/// is written. Every rule comes from the definitions the loader reads; what a schema cannot say
/// (expression syntax, names defined elsewhere in the file, shapes, limits) only teach checks.
public enum JSONSchema {
    public static let draft = "http://json-schema.org/draft-07/schema#"

    /// The lesson file's schema.
    public static func lesson() -> JSONValue {
        document(title: "teach lesson", summary: "A lesson file for teach: inputs, parameters, equations and a loss.",
                 body: schema(.record(LessonFormat.lesson)))
    }

    /// The answers file's schema.
    public static func answers() -> JSONValue {
        document(title: "teach answers", summary: "A student's answers file: one 'blank_name: number' line per blank.",
                 body: schema(AnswersFormat.file))
    }

    private static func document(title: String, summary: String, body: [(String, JSONValue)]) -> JSONValue {
        .object([("$schema", .string(draft)), ("title", .string(title)), ("description", .string(summary))] + body)
    }

    /// A variable's name, as `LessonLoader.isValidName` checks it.
    static let namePattern = "^[A-Za-z][A-Za-z0-9_]{0,63}$"

    /// A negative number typed with U+2212 for the minus sign, which YAML reads as text (a
    /// number in quotes is text, and the loader refuses it).
    static let typedNumberPattern = "^\\s*\u{2212}([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?\\s*$"

    private static func schema(_ value: FormatValue) -> [(String, JSONValue)] {
        switch value {
        case .text(let maxLength):
            // Any scalar is read as text; only a string has a length a schema can bound.
            let types: JSONValue = .array(["string", "number", "boolean", "null"].map { .string($0) })
            return [("type", types)] + (maxLength.map { [("maxLength", .integer($0))] } ?? [])
        case .name:
            return [("type", .string("string")), ("pattern", .string(namePattern))]
        case .number(let range):
            return [("type", .string("number"))] + bounds(range)
        case .integer(let range):
            return [("type", .string("integer")), ("minimum", .integer(range.lowerBound)), ("maximum", .integer(range.upperBound))]
        case .boolean:
            return [("type", .string("boolean"))]
        case .tensor:
            let number: JSONValue = .object([("type", .string("number"))])
            let vector: JSONValue = .object([("type", .string("array")), ("minItems", .integer(1)), ("items", number)])
            let matrix: JSONValue = .object([("type", .string("array")), ("minItems", .integer(1)), ("items", vector)])
            return [("oneOf", .array([number, vector, matrix]))]
        case .choice(let words):
            return [("type", .string("string")), ("enum", .array(words.map { .string($0) }))]
        case .list(let item, let nonEmpty):
            return [("type", .string("array")), ("items", .object(schema(item)))] + (nonEmpty ? [("minItems", .integer(1))] : [])
        case .record(let record):
            return self.record(record)
        case .names(let item):
            return [("type", .string("object")), ("propertyNames", .object([("pattern", .string(namePattern))])),
                    ("additionalProperties", .object(schema(item)))]
        case .mapping(let item):
            return [("type", .string("object")), ("additionalProperties", .object(schema(item)))]
        case .either(let choices):
            return [("anyOf", .array(choices.map { .object(schema($0)) }))]
        case .empty:
            return [("type", .string("null"))]
        case .typedNumber:
            return [("anyOf", .array([.object([("type", .string("number"))]),
                                      .object([("type", .string("string")), ("pattern", .string(typedNumberPattern))])]))]
        }
    }

    private static func record(_ record: FormatRecord) -> [(String, JSONValue)] {
        let properties = record.fields.map { field in
            (field.name, JSONValue.object([("description", .string(field.summary))] + schema(field.value)))
        }
        let required = record.fields.filter(\.required).map { JSONValue.string($0.name) }
        var result: [(String, JSONValue)] = [("type", .string("object")), ("properties", .object(properties)),
                                             ("additionalProperties", .bool(false))]
        if !required.isEmpty { result.append(("required", .array(required))) }
        // At most one key of each group: no two of them together.
        let pairs = record.exclusive.flatMap { group in
            group.enumerated().flatMap { index, first in group.dropFirst(index + 1).map { [first, $0] } }
        }
        if !pairs.isEmpty {
            let together = pairs.map { pair in JSONValue.object([("required", .array(pair.map { .string($0) }))]) }
            result.append(("not", .object([("anyOf", .array(together))])))
        }
        return result
    }

    private static func bounds(_ range: ClosedRange<Double>?) -> [(String, JSONValue)] {
        guard let range else { return [] }
        return [("minimum", .number(range.lowerBound))] + (range.upperBound.isFinite ? [("maximum", .number(range.upperBound))] : [])
    }
}
