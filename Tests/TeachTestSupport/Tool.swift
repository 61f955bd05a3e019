import Testing
import Foundation

/// An external program a test drives (a browser, pdflatex, pandoc). A test that needs one is
/// written `@Test(.enabled(if: Tool.chromium.isInstalled, Tool.chromium.missing))`, so where the
/// program is absent `swift test` reports the test as skipped, with the package that brings it.
public struct Tool: Sendable {
    /// The names the program may have, first found wins.
    public let names: [String]
    /// The Debian packages that install it.
    public let packages: String

    public static let chromium = Tool(names: ["chromium", "chromium-browser"], packages: "chromium")
    public static let pdflatex = Tool(names: ["pdflatex"], packages: "texlive-latex-base texlive-latex-recommended texlive-pictures")
    public static let pdfinfo = Tool(names: ["pdfinfo"], packages: "poppler-utils")
    public static let pdftotext = Tool(names: ["pdftotext"], packages: "poppler-utils")
    public static let pandoc = Tool(names: ["pandoc"], packages: "pandoc")
    public static let cmark = Tool(names: ["cmark"], packages: "cmark")
    public static let rsvgConvert = Tool(names: ["rsvg-convert"], packages: "librsvg2-bin")
    public static let neato = Tool(names: ["neato"], packages: "graphviz")
    public static let node = Tool(names: ["node", "nodejs"], packages: "nodejs")
    public static let tidy = Tool(names: ["tidy"], packages: "tidy")
    public static let xmllint = Tool(names: ["xmllint"], packages: "libxml2-utils")

    /// The program's path, or nil where it is not installed.
    public var path: String? {
        for name in names {
            for folder in ["/usr/bin/", "/usr/local/bin/"] where FileManager.default.isExecutableFile(atPath: folder + name) {
                return folder + name
            }
        }
        return nil
    }

    public var isInstalled: Bool { path != nil }

    /// The reason a test that needs it is skipped.
    public var missing: Comment { Comment(rawValue: "\(names[0]) is not installed (apt-get install \(packages))") }

    /// Runs the program with `arguments` in `folder`: its exit status and standard output.
    @discardableResult
    public func run(_ arguments: [String], in folder: URL? = nil, input: Data? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path ?? names[0])
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        let output = Pipe(), standardInput = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = input == nil ? FileHandle.nullDevice : standardInput
        try process.run()
        if let input {
            standardInput.fileHandleForWriting.write(input)
            try standardInput.fileHandleForWriting.close()
        }
        let bytes = readToEnd(output)
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: bytes, as: UTF8.self))
    }
}

/// Everything a pipe gives until it closes, read with `read(2)` and retried after an
/// interrupted call (Foundation's `readDataToEndOfFile` traps on EINTR, which a signal to the
/// test process can cause while a browser runs).
public func readToEnd(_ pipe: Pipe) -> [UInt8] {
    let descriptor = pipe.fileHandleForReading.fileDescriptor
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = read(descriptor, &buffer, buffer.count)
        if count > 0 { bytes += buffer[0..<count]; continue }
        if count < 0 && errno == EINTR { continue }
        return bytes
    }
}
