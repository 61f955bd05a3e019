import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Waits for files to be saved, through Linux's inotify. It watches each file's folder, not the
/// file: editors save by writing a new file and renaming it over the old one (vim, VS Code,
/// Emacs), which replaces the file a watch on it would follow. A burst of events (write, then
/// rename, then attribute change) counts as one save once the folder has been quiet for
/// `settle` seconds.
final class FileWatcher {
    struct Failure: Error, CustomStringConvertible { let description: String }

    /// The watched files, by their full paths.
    private let files: [String]
    private let descriptor: Int32
    /// The folder of each watch descriptor.
    private var folders: [Int32: String] = [:]

    /// Saves, renames into place, creations and deletions (a file deleted and written anew).
    private static let mask = UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_CREATE) | UInt32(IN_DELETE) | UInt32(IN_MOVED_FROM)

    init(files paths: [String]) throws {
        files = paths.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        descriptor = inotify_init1(Int32(IN_CLOEXEC) | Int32(IN_NONBLOCK))
        guard descriptor >= 0 else { throw Failure(description: "cannot watch files: inotify_init1 failed (\(String(cString: strerror(errno))))") }
        for folder in Array(Set(files.map { ($0 as NSString).deletingLastPathComponent })).sorted() {
            let watch = inotify_add_watch(descriptor, folder, Self.mask)
            guard watch >= 0 else {
                close(descriptor)
                throw Failure(description: "cannot watch \(folder): \(String(cString: strerror(errno)))")
            }
            folders[watch] = folder
        }
    }

    deinit { close(descriptor) }

    /// Blocks until at least one watched file has changed and the folder has then been quiet
    /// for `settle` seconds; returns the positions of the changed files in the list given.
    func nextChanges(settle: Double = 0.15) -> [Int] {
        var changed = Set<String>()
        while true {
            // Wait without end for the first event, then only `settle` for each further one.
            let ready = wait(milliseconds: changed.isEmpty ? -1 : Int32(settle * 1000))
            if !ready {
                if !changed.isEmpty { return files.indices.filter { changed.contains(files[$0]) } }
                continue
            }
            changed.formUnion(readEvents())
        }
    }

    private func wait(milliseconds: Int32) -> Bool {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&request, 1, milliseconds) > 0
    }

    /// The watched files named by the events waiting to be read.
    private func readEvents() -> Set<String> {
        var found = Set<String>()
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<inotify_event>.alignment)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer, size)
            guard count > 0 else { return found }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = buffer + offset + MemoryLayout<inotify_event>.size
                if event.len > 0, let folder = folders[event.wd] {
                    let name = String(cString: nameStart.assumingMemoryBound(to: CChar.self))
                    let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
                    if files.contains(path) { found.insert(path) }
                }
                offset += MemoryLayout<inotify_event>.size + Int(event.len)
            }
        }
    }
}
