import Foundation

/// Reads an untrusted input file (a lesson, an answers file, a roster): only a regular file,
/// checked before it is opened, since opening a FIFO blocks until a writer comes and a folder
/// reads as nothing; and at most `limit + 1` bytes, so a file over the limit is refused without
/// reading it all.
enum InputFile {
    static func read(_ path: String, what: String, limit: Int) throws(Diagnostic) -> [UInt8] {
        var status = stat()
        guard stat(path, &status) == 0 else { throw Diagnostic(file: path, location: nil, message: "cannot open the \(what)") }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw Diagnostic(file: path, location: nil, message: "the \(what) is a folder, not a file")
        default: throw Diagnostic(file: path, location: nil, message: "the \(what) is not a regular file (a pipe or a device)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Diagnostic(file: path, location: nil, message: "cannot open the \(what)") }
        defer { try? handle.close() }
        return [UInt8]((try? handle.read(upToCount: limit + 1)) ?? Data())
    }
}
