import TeachCore

/// A problem in a user's file, reported as compilers do:
///
///     lessons/x.yaml:7:9: error: unknown function 'sigmod' (did you mean 'sigmoid'?)
///       - y = sigmod(z)
///             ^
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let location: SourceLocation?
    public let message: String

    public init(file: String, location: SourceLocation?, message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    /// A stage's located error, reported in `file`.
    public init(file: String, _ error: some LocatedError) {
        self.init(file: file, location: error.location, message: error.diagnosticMessage)
    }

    /// `file:line:col: error: message`.
    public var description: String {
        "\(file):\(location.map { "\($0.line):\($0.column):" } ?? "") error: \(message)"
    }

    /// The longest excerpt of a source line shown; longer lines show a window around the column.
    static let excerptWidth = 120

    /// The description, then the source line and a caret under the column. Control characters
    /// show as `?`; a line longer than `excerptWidth` is cut to a window marked with `…`.
    public func rendered(source: String?) -> String {
        guard let location, let source else { return description }
        // Character by character, "\r\n" is one newline; so are the other line breaks YAML counts.
        let lines = source.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard location.line >= 1, location.line <= lines.count else { return description }
        let line = String(lines[location.line - 1]).replacingOccurrences(of: "\r", with: "")
        var visible = Array(line.unicodeScalars.map { $0.properties.generalCategory == .control && $0 != "\t" ? "?" : Character($0) })
        var caret = max(0, location.column - 1)
        if visible.count > Self.excerptWidth {
            let start = max(0, min(caret - Self.excerptWidth / 2, visible.count - Self.excerptWidth))
            let end = start + Self.excerptWidth
            visible = (start > 0 ? ["…"] : []) + visible[start..<end] + (end < visible.count ? ["…"] : [])
            caret -= start - (start > 0 ? 1 : 0)
        }
        let indent = String(visible.prefix(caret).map { $0 == "\t" ? "\t" : " " })
        return "\(description)\n\(String(visible))\n\(indent)^"
    }
}
