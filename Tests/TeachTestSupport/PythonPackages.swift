import Testing

/// Python packages a test drives from PyPI (test-only tools), found through the `python3` on
/// the PATH: `@Test(.enabled(if: PythonPackages.schemaCheck.isInstalled, PythonPackages.schemaCheck.missing))`.
public struct PythonPackages: Sendable {
    /// The modules to import and the PyPI packages that bring them.
    public let modules: [String]
    public let packages: String

    /// A YAML 1.2 reader and a JSON Schema validator, as an editor's YAML language server has.
    public static let schemaCheck = PythonPackages(modules: ["jsonschema", "ruamel.yaml"], packages: "jsonschema ruamel.yaml")
    /// A PDF reader that gives each glyph's size and whether it stands inside an included picture.
    public static let pdfMeasure = PythonPackages(modules: ["pdfminer"], packages: "pdfminer.six")
    /// A CommonMark reader besides pandoc's and cmark's.
    public static let markdownIt = PythonPackages(modules: ["markdown_it"], packages: "markdown-it-py")

    public var isInstalled: Bool {
        (try? run(["-c", modules.map { "import \($0)" }.joined(separator: "; ")]).status) == 0
    }

    public var missing: Comment { Comment(rawValue: "python3 with \(modules.joined(separator: ", ")) is not installed (pip install \(packages))") }

    /// Runs `python3 arguments` (the one on the PATH, through `env`): its exit status and standard output.
    public func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try Tool(names: ["env"], packages: "coreutils").run(["python3"] + arguments)
    }
}
