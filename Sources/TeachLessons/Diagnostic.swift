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

    /// `file:line:col: error: message`.
    public var description: String {
        "\(file):\(location.map { "\($0.line):\($0.column):" } ?? "") error: \(message)"
    }

    /// The description, then the source line and a caret under the column.
    public func rendered(source: String?) -> String {
        guard let location, let source else { return description }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard location.line >= 1, location.line <= lines.count else { return description }
        let line = String(lines[location.line - 1]).replacingOccurrences(of: "\r", with: "")
        let visible = String(line.unicodeScalars.map { $0.properties.generalCategory == .control && $0 != "\t" ? "?" : Character($0) })
        let indent = String(visible.prefix(max(0, location.column - 1)).map { $0 == "\t" ? "\t" : " " })
        return "\(description)\n\(visible)\n\(indent)^"
    }
}
