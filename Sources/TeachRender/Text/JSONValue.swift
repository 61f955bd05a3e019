import TeachCore

/// A JSON document with object keys in the order they were written, so output is
/// byte-identical run to run.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case integer(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }

    /// A scalar as a number, a vector as an array, a matrix as an array of rows.
    public static func tensor(_ t: Tensor) -> JSONValue {
        switch t.shape.rank {
        case 0: return .number(t.scalar)
        case 1: return .array(t.scalars.map { .number($0) })
        default: return .array(t.rows.map { .array($0.map { .number($0) }) })
        }
    }

    /// Pretty-printed with two-space indents; numbers in Swift's shortest round-trip form. With
    /// `inScript`, every `<` is written `\u003c`, so the text is safe inside an HTML `<script>`
    /// (no `</script>` can end it).
    public func serialized(indent: Int = 0, inScript: Bool = false) -> String {
        let pad = String(repeating: "  ", count: indent + 1), end = String(repeating: "  ", count: indent)
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .number(let d):
            if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
            return "\(d)"
        case .string(let s): return Self.quoted(s, inScript: inScript)
        case .array(let items):
            if items.isEmpty { return "[]" }
            if items.allSatisfy({ switch $0 { case .number, .integer: return true; default: return false } }) {
                return "[" + items.map { $0.serialized() }.joined(separator: ", ") + "]"
            }
            return "[\n" + items.map { pad + $0.serialized(indent: indent + 1, inScript: inScript) }.joined(separator: ",\n") + "\n\(end)]"
        case .object(let fields):
            if fields.isEmpty { return "{}" }
            return "{\n" + fields.map { pad + Self.quoted($0.0, inScript: inScript) + ": " + $0.1.serialized(indent: indent + 1, inScript: inScript) }
                .joined(separator: ",\n") + "\n\(end)}"
        }
    }

    /// A JSON string: `"` and `\` escaped, control characters and U+2028/U+2029 as `\uXXXX`
    /// (and `<` too with `inScript`), everything else as it is. Works on UTF-8 bytes.
    static func quoted(_ s: String, inScript: Bool = false) -> String {
        let bytes = Array(s.utf8)
        var out: [UInt8] = [0x22]
        out.reserveCapacity(bytes.count + 2)
        let digits = Array("0123456789abcdef".utf8)
        func hex(_ value: UInt32) {
            out += [0x5C, 0x75] + [12, 8, 4, 0].map { digits[Int((value >> UInt32($0)) & 0xF)] }
        }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0x3C where inScript: hex(0x3C)
            case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                hex(bytes[i + 2] == 0xA8 ? 0x2028 : 0x2029)
                i += 2
            default:
                if b < 0x20 { hex(UInt32(b)) } else { out.append(b) }
            }
            i += 1
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }
}
