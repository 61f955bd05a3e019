import Foundation
import TeachRender

/// The preview `teach watch` serves on `http://127.0.0.1:PORT/`: the output folder's files, and
/// a long poll that tells an open page its lesson was rendered again. Each `index.html` is sent
/// with a script that waits on that poll and reloads the page, which keeps its `#step=` and so
/// the step it showed. Only files inside the output folder of a watched lesson are served, and
/// only on the loopback interface.
final class PreviewServer: @unchecked Sendable {
    /// How often each lesson has been rendered, under `lock`.
    private var generations: [String: Int] = [:]
    private let lock = NSLock()
    private let root: URL
    private let lessons: [String]
    /// Kept for the life of the preview.
    private var server: LoopbackServer?
    /// How long a poll waits for a new render before it answers with the same generation.
    static let pollSeconds = 25.0

    init(root: URL, lessons: [String]) {
        self.root = root.standardizedFileURL.resolvingSymlinksInPath()
        // Only ids a render can write (`[A-Za-z0-9_-]`), which is also what makes them safe to
        // put into the index page and the reload script unescaped.
        self.lessons = lessons.filter(OutputFolder.isValidName)
    }

    /// Starts serving on 127.0.0.1:`port` (0 picks a free one); returns the port it listens on.
    func start(port: UInt16) throws -> UInt16 {
        let server = try LoopbackServer(port: port) { [self] path, query in respond(path: path, query: query) }
        self.server = server
        return server.port
    }

    /// Marks `lesson` rendered once more; the pages waiting on it reload.
    func rendered(_ lesson: String) {
        lock.lock()
        generations[lesson, default: 0] += 1
        lock.unlock()
    }

    private func generation(_ lesson: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return generations[lesson] ?? 0
    }

    private func respond(path: String, query: [String: String]) -> LoopbackServer.Response {
        if path == "/.teach/generation" {
            return poll(lesson: query["lesson"] ?? "", after: Int(query["after"] ?? "") ?? -1)
        }
        if path == "/" { return .init(status: 200, contentType: "text/html; charset=utf-8", body: Array(index.utf8)) }
        guard let (lesson, file) = resolve(path), var bytes = FileManager.default.contents(atPath: file.path).map(Array.init) else {
            return .init(status: 404, contentType: "text/plain; charset=utf-8", body: Array("not found\n".utf8))
        }
        if file.lastPathComponent == "index.html" {
            bytes = Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "</body>", with: reloadScript(lesson) + "</body>").utf8)
        }
        return .init(status: 200, contentType: Self.contentType(file.pathExtension), body: bytes)
    }

    /// The file a request's path names inside a watched lesson's folder, or nil: a path with an
    /// empty, `.` or `..` component, or one that leads outside the folder through a link, names
    /// nothing. A lesson's folder stands for its `index.html`.
    func resolve(_ path: String) -> (lesson: String, file: URL)? {
        guard path.hasPrefix("/") else { return nil }
        var parts = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        if parts.count == 1 { parts.append("index.html") }
        let relative = parts.joined(separator: "/")
        guard let lesson = parts.first, lessons.contains(lesson), OutputFolder.isSafeRelativePath(relative), !relative.contains("\\") else { return nil }
        let folder = root.appendingPathComponent(lesson, isDirectory: true).resolvingSymlinksInPath()
        let file = parts.dropFirst().reduce(folder) { $0.appendingPathComponent($1) }.resolvingSymlinksInPath()
        guard folder.path.hasPrefix(root.path + "/"), file.path.hasPrefix(folder.path + "/") else { return nil }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder), !isFolder.boolValue else { return nil }
        return (lesson, file)
    }

    /// Answers once `lesson` has a generation other than `after`, or after `pollSeconds`.
    private func poll(lesson: String, after: Int) -> LoopbackServer.Response {
        let deadline = Date().addingTimeInterval(Self.pollSeconds)
        while generation(lesson) == after, Date() < deadline { usleep(100_000) }
        return .init(status: 200, contentType: "application/json", body: Array("{\"generation\": \(generation(lesson))}".utf8))
    }

    /// Waits on the poll and reloads the page when its lesson is rendered again.
    private func reloadScript(_ lesson: String) -> String {
        """
        <script>/* teach watch: reload after each render */(function () {
          var generation = \(generation(lesson));
          function wait() {
            fetch('/.teach/generation?lesson=\(lesson)&after=' + generation, {cache: 'no-store'})
              .then(function (response) { return response.json(); })
              .then(function (answer) { if (answer.generation !== generation) location.reload(); else wait(); })
              .catch(function () { setTimeout(wait, 1000); });
          }
          wait();
        })();</script>

        """
    }

    private var index: String {
        let links = lessons.map { "<li><a href=\"/\($0)/index.html\">\($0)</a></li>" }.joined()
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>teach watch</title></head>"
            + "<body><h1>teach watch</h1><ul>\(links)</ul></body></html>"
    }

    /// By file extension, for what a lesson's folder holds.
    static func contentType(_ fileExtension: String) -> String {
        switch fileExtension {
        case "html": return "text/html; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "json": return "application/json"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "png": return "image/png"
        case "pdf": return "application/pdf"
        case "md", "dot", "tex", "csv", "txt": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }
}
