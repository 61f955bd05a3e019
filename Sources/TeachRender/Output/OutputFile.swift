/// One file of a rendered lesson: its path inside the lesson's folder and its bytes.
public struct OutputFile: Sendable {
    public let path: String
    public let bytes: [UInt8]
    /// Written with mode 755 (a script or program), else 644.
    public let executable: Bool

    public init(path: String, bytes: [UInt8], executable: Bool = false) {
        self.path = path
        self.bytes = bytes
        self.executable = executable
    }

    public init(path: String, text: String, executable: Bool = false) {
        self.init(path: path, bytes: Array(text.utf8), executable: executable)
    }
}
