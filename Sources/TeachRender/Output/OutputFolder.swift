import Foundation

/// A failure to write output, with the path concerned.
public struct OutputError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }

    /// Why a file operation failed, in words: the system's own reason where Foundation's error
    /// holds one (Foundation on Linux says only `NSCocoaErrorDomain error 512`).
    public static func reason(_ error: Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))) }
        guard error.domain == NSCocoaErrorDomain else { return error.localizedDescription }
        switch error.code {
        case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "no such file or folder"
        case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return "permission denied"
        case NSFileWriteOutOfSpaceError: return "no space left on the device"
        case NSFileWriteFileExistsError: return "a file of that name is in the way"
        default: return error.localizedDescription
        }
    }
}

/// Writes a lesson's files into `<root>/<lesson id>/` all or nothing: everything goes into a
/// fresh hidden folder beside it first, which then takes the old folder's place by rename.
/// A failed render leaves the previous output exactly as it was, and nothing is ever written
/// outside `root`, whatever the lesson id or file names say.
///
/// A render never deletes a file it did not write: each folder lists the files teach wrote
/// into it (`manifest`), and every other file of the old folder (a PDF the lecturer made
/// there with pdflatex or pandoc) is carried into the new one, unless the new render writes a
/// file at its path. An old folder without a list (written before there was one) counts the
/// files under a name the new render writes at its top (`frames/`, `deck.md`) as teach's.
public struct OutputFolder: Sendable {
    public let root: URL

    /// Every write and rename of every output folder happens under this lock, and the folders
    /// being staged are listed here, so an interrupted run can remove them and stop between
    /// two writes: a signal handler takes the lock, removes them and exits (`abandonAll`).
    private final class Staging: @unchecked Sendable {
        let lock = NSLock()
        var folders: [URL] = []
    }
    private static let staging = Staging()

    /// Removes every folder being staged and ends the process with `status`, never to return:
    /// no file of this run is written after it (for SIGINT, SIGTERM and the time limit).
    public static func abandonAll(exitStatus status: Int32) -> Never {
        staging.lock.lock()
        for folder in staging.folders { try? FileManager.default.removeItem(at: folder) }
        exit(status)
    }

    /// Runs `body` under the staging lock.
    private static func locked<T>(_ body: () throws -> T) rethrows -> T {
        staging.lock.lock()
        defer { staging.lock.unlock() }
        return try body()
    }

    public init(root: URL) { self.root = root }

    /// `[A-Za-z0-9_-]{1,128}`, the only names an output folder may have: a lesson id (at most
    /// 64) and, for a student's worksheet, `-`, at most 32 of the id's characters, `-` and 8 hex
    /// digits.
    public static func isValidName(_ name: String) -> Bool {
        (1...128).contains(name.utf8.count) && name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }

    /// The list of the files teach wrote into a folder, one relative path a line, sorted.
    public static let manifest = ".teach-files"

    /// The folder a lesson's output lives in.
    public func folder(for id: String) -> URL { root.appendingPathComponent(id, isDirectory: true) }

    /// Replaces `<root>/<id>/` with exactly `files`.
    public func replace(_ id: String, with files: [OutputFile]) throws(OutputError) {
        do { try replace(id) { write in for file in files { try write(file) } } } catch {
            throw error as? OutputError ?? OutputError(message: "\(error)")
        }
    }

    /// Replaces `<root>/<id>/` with exactly the files `produce` hands to `write`, each written
    /// to the staging folder at once. If `produce` throws, the old folder stays and its error
    /// is rethrown; a failed write throws `OutputError`.
    public func replace(_ id: String, writing produce: (_ write: (OutputFile) throws -> Void) throws -> Void) throws {
        guard Self.isValidName(id) else { throw OutputError(message: "'\(id)' is not a valid folder name ([A-Za-z0-9_-], at most 128)") }
        let manager = FileManager.default
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let staging = root.appendingPathComponent(".\(id).partial-\(token)", isDirectory: true)
        let retired = root.appendingPathComponent(".\(id).old-\(token)", isDirectory: true)
        let destination = folder(for: id)
        do {
            try Self.locked {
                try manager.createDirectory(at: root, withIntermediateDirectories: true)
                removeAbandoned(id)
                try manager.createDirectory(at: staging, withIntermediateDirectories: false)
                Self.staging.folders.append(staging)
            }
        } catch {
            throw OutputError(message: "cannot create \(staging.path): \(OutputError.reason(error))")
        }
        defer { Self.locked { Self.staging.folders.removeAll { $0 == staging } } }
        var written: [String] = []
        do {
            try produce { file in
                guard Self.isSafeRelativePath(file.path), file.path != Self.manifest else {
                    throw OutputError(message: "refusing to write '\(file.path)' outside the lesson folder")
                }
                written.append(file.path)
                let url = staging.appendingPathComponent(file.path)
                do {
                    try Self.locked {
                        try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                        try Self.create(url.path, file.bytes, mode: file.executable ? 0o755 : 0o644)
                    }
                } catch {
                    throw OutputError(message: "cannot write \(url.path): \((error as? OutputError)?.message ?? OutputError.reason(error))")
                }
            }
            do {
                try Self.locked {
                    let hadPrevious = (try? destination.checkResourceIsReachable()) == true || manager.fileExists(atPath: destination.path)
                    try Self.create(staging.appendingPathComponent(Self.manifest).path, Array((written.sorted().joined(separator: "\n") + "\n").utf8), mode: 0o644)
                    if hadPrevious { try Self.carry(from: destination, into: staging, written: written) }
                    if hadPrevious { try manager.moveItem(at: destination, to: retired) }
                    do { try manager.moveItem(at: staging, to: destination) } catch {
                        if hadPrevious { try? manager.moveItem(at: retired, to: destination) }
                        throw error
                    }
                    if hadPrevious { try? manager.removeItem(at: retired) }
                }
            } catch {
                throw OutputError(message: "cannot write \(destination.path): \(OutputError.reason(error))")
            }
        } catch {
            Self.locked { try? manager.removeItem(at: staging) }
            throw error
        }
    }

    /// Links into `staging` every file of the old folder `old` that teach did not write (not on
    /// its manifest, or, without one, not under a top-level name of `written`) and that the new
    /// render does not write; the old folder keeps its own link until it is retired.
    private static func carry(from old: URL, into staging: URL, written: [String]) throws {
        let manager = FileManager.default
        let listed = (try? String(contentsOf: old.appendingPathComponent(manifest), encoding: .utf8))
            .map { Set($0.split(separator: "\n").map(String.init)) }
        let writtenNow = Set(written), tops = Set(written.map { String($0.prefix { $0 != "/" }) })
        guard let walker = manager.enumerator(atPath: old.path) else { return }
        while let path = walker.nextObject() as? String {
            let source = old.appendingPathComponent(path)
            var isFolder: ObjCBool = false
            guard path != manifest, !writtenNow.contains(path),
                  (try? manager.destinationOfSymbolicLink(atPath: source.path)) != nil
                      || (manager.fileExists(atPath: source.path, isDirectory: &isFolder) && !isFolder.boolValue) else { continue }
            let teachs = listed.map { $0.contains(path) } ?? tops.contains(String(path.prefix { $0 != "/" }))
            guard !teachs else { continue }
            let target = staging.appendingPathComponent(path)
            try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            if link(source.path, target.path) != 0 { try manager.copyItem(at: source, to: target) }
        }
    }

    /// Writes a new file with `open(O_CREAT | O_EXCL)`, `write` and `close`, and no `fsync`:
    /// Foundation's `Data.write` syncs every file to disk, which took a third of a render's
    /// time. A crash of teach still leaves the old folder (the rename comes last); after a power
    /// loss the files of the last render may be lost, and rendering again restores them.
    private static func create(_ path: String, _ bytes: [UInt8], mode: mode_t) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw OutputError(message: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw OutputError(message: String(cString: strerror(errno)))
            }
            written += count
        }
        // `open` applies the umask; an executable keeps its 755 whatever the umask.
        if mode == 0o755 { fchmod(descriptor, mode) }
    }

    /// Clears up after a run killed outright (SIGKILL, power loss) whose process is gone: its
    /// `.<id>.partial-<pid>-…` folder is removed, and its `.<id>.old-<pid>-…` folder is put back
    /// if it was killed between the two renames, else removed.
    private func removeAbandoned(_ id: String) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: root.path) else { return }
        for name in names.sorted() where name.hasPrefix(".\(id).partial-") || name.hasPrefix(".\(id).old-") {
            let token = name.dropFirst(id.count + 1).drop { $0 != "-" }.dropFirst()
            guard let pid = Int32(token.prefix { $0 != "-" }), kill(pid, 0) != 0, errno == ESRCH else { continue }
            let url = root.appendingPathComponent(name)
            if name.hasPrefix(".\(id).old-"), !manager.fileExists(atPath: folder(for: id).path) {
                try? manager.moveItem(at: url, to: folder(for: id))
            } else {
                try? manager.removeItem(at: url)
            }
        }
    }

    /// A relative path of plain components: no `..`, no `.`, no empty or absolute parts.
    public static func isSafeRelativePath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return !path.hasPrefix("/") && parts.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("\0") }
    }
}
