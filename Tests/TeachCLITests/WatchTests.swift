import Foundation
import Testing
import TeachTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `teach watch` as a lecturer uses it: a running watch over a copy of l2reg is edited as an
/// editor saves (a new file renamed over the old), and the test sees the new output, the
/// reload signal an open page waits for, the last good output kept through an invalid save,
/// and every way out of the output folder refused.
@Suite(.enabled(if: teachExecutableExists, "needs the teach executable beside the tests"), .serialized)
struct WatchTests {
    @Test func aSaveRendersAgainAndTellsTheOpenPage() throws {
        let watch = try Watch()
        defer { watch.stop() }
        // The render (a process of its own) says "wrote" just before the watch counts it: the
        // poll waits for the count, then the page carries it.
        #expect(try watch.get("/.teach/generation?lesson=l2reg&after=0").body == "{\"generation\": 1}")
        let page = try watch.get("/l2reg/index.html")
        #expect(page.status == 200 && page.body.contains("teach watch: reload after each render") && page.body.contains("var generation = 1;"))
        // z = w·x + b = 0.8·1.5 − 0.3 = 0.9 before the edit, 0.5·1.5 − 0.3 = 0.45 after.
        #expect(try watch.trace().contains("\"value\": 0.9"))

        try watch.save(watch.lesson.replacingOccurrences(of: "w: 0.8", with: "w: 0.5"))
        let signal = try watch.get("/.teach/generation?lesson=l2reg&after=1")
        #expect(signal.body == "{\"generation\": 2}")
        #expect(try watch.trace().contains("\"value\": 0.45"))
        #expect(try watch.get("/l2reg/index.html").body.contains("var generation = 2;"))

        // An invalid save: the located error, and the last good output stays.
        try watch.save(watch.lesson.replacingOccurrences(of: "w: 0.8", with: "w: 0.5") + "loss: [\n")
        try watch.waitForError("kept the last good output")
        #expect(watch.errors.contains("l2reg.yaml:") && watch.errors.contains(": error: "))
        #expect(try watch.get("/.teach/generation?lesson=l2reg&after=-1").body == "{\"generation\": 2}")
        #expect(try watch.trace().contains("\"value\": 0.45"))
    }

    @Test func nothingOutsideTheOutputFolderIsServed() throws {
        let watch = try Watch()
        defer { watch.stop() }
        let secret = watch.folder.appendingPathComponent("secret.txt")
        try "the course secret\n".write(to: secret, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: watch.folder.appendingPathComponent("out/l2reg/link.txt").path,
                                                   withDestinationPath: secret.path)
        for path in ["/l2reg/../../secret.txt", "/l2reg/%2e%2e/%2e%2e/secret.txt", "/l2reg/..%2f..%2fsecret.txt", "/../secret.txt",
                     "/l2reg/link.txt", "/out/l2reg/trace.json", "/l2reg/.%2e/l2reg.yaml", "/l2reg/frames/"] {
            let response = try watch.get(path)
            #expect(response.status == 404 && !response.body.contains("course secret") && !response.body.contains("title:"), "\(path)")
        }
        #expect(try watch.get("/l2reg/trace.json").status == 200)
        #expect(try watch.get("/l2reg/").body.contains("teach watch: reload after each render"))
    }
}

/// The preview server against a page on another site and against slow clients, over raw
/// sockets on 127.0.0.1 (bounded in count and time).
@Suite(.enabled(if: teachExecutableExists, "needs the teach executable beside the tests"), .serialized)
struct PreviewServerTests {
    /// DNS rebinding: a page whose own name now points at 127.0.0.1 sends that name as `Host`
    /// and is refused (403), so it cannot read `trace.json` and its exercise keys; only the
    /// server's own names get an answer, and a request without one `Host` is malformed (400).
    @Test func onlyTheServersOwnNamesAreAnswered() throws {
        let watch = try Watch()
        defer { watch.stop() }
        let port = watch.port
        for host in ["127.0.0.1:\(port)", "localhost:\(port)", "LOCALHOST:\(port)"] {
            #expect(try watch.get("/l2reg/trace.json", host: host).status == 200, "\(host)")
        }
        for host in ["evil.example:\(port)", "evil.example", "127.0.0.1", "127.0.0.1:\(port + 1)", "localhost.evil.example:\(port)",
                     "127.0.0.1:\(port)@evil.example", ""] {
            let response = try watch.get("/l2reg/trace.json", host: host)
            #expect(response.status == 403 && !response.body.contains("\"steps\""), "Host: \(host) got \(response.status)")
        }
        #expect(try watch.get("/l2reg/trace.json", omittingHost: true).status == 400, "no Host")
        let twice = try watch.send("GET /l2reg/trace.json HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nHost: evil.example\r\n\r\n")
        #expect(twice.status == 400, "two Host headers")
    }

    /// HEAD gets the headers GET would, with no body.
    @Test func headGetsTheHeadersOfGet() throws {
        let watch = try Watch()
        defer { watch.stop() }
        let get = try watch.get("/l2reg/trace.json")
        let head = try watch.send("HEAD /l2reg/trace.json HTTP/1.1\r\nHost: 127.0.0.1:\(watch.port)\r\n\r\n", readBody: false)
        #expect(head.status == 200 && head.length == get.body.utf8.count && head.received == 0)
    }

    /// A client that sends its head a byte a second is cut off 10 s after it connected, not
    /// held for as long as it keeps trickling.
    @Test func aTricklingHeadIsCutAtItsDeadline() throws {
        let watch = try Watch()
        defer { watch.stop() }
        let socket = try watch.connect()
        defer { close(socket) }
        let started = Date()
        var closedAfter: Double?
        for byte in Array("GET /l2reg/trace.json HTTP/1.1\r\nHost: 127.0.0.1:\(watch.port)\r\nX-Slow: ".utf8) {
            var one = byte
            if send(socket, &one, 1, Int32(MSG_NOSIGNAL)) != 1 { closedAfter = Date().timeIntervalSince(started); break }
            // The server closes the connection: a read sees its end without waiting.
            var buffer = [UInt8](repeating: 0, count: 16)
            if recv(socket, &buffer, buffer.count, Int32(MSG_DONTWAIT)) == 0 { closedAfter = Date().timeIntervalSince(started); break }
            if Date().timeIntervalSince(started) > 16 { break }
            usleep(1_000_000)
        }
        let after = try #require(closedAfter, "the server still held the connection after 16 s")
        #expect(after >= 9 && after <= 13, "closed after \(after) s")
    }

    /// A save that takes longer to render than the time limit fails alone: the watch says so,
    /// keeps the last good output and renders the next save.
    @Test func aSaveThatRendersTooLongFailsAlone() throws {
        let watch = try Watch(environment: ["TEACH_TIME_LIMIT": "1"])
        defer { watch.stop() }
        // Sixteen products of 150×150 matrices in each of its 5 passes, 2.7·10⁸ scalar
        // operations (under the work limit): well past one second.
        let product = Array(repeating: "A", count: 17).joined(separator: " @ ")
        let row = "[" + Array(repeating: "0.01", count: 150).joined(separator: ", ") + "]"
        let matrix = "[" + Array(repeating: row, count: 150).joined(separator: ", ") + "]"
        let heavy = "title: heavy\ninputs: {A: \(matrix)}\nparameters: {w: 1}\nequations:\n  - L = w*sum(\(product))\nloss: L\n"
        try watch.save(heavy)
        try watch.waitForError("kept the last good output")
        #expect(watch.errors.contains("stopped at the time limit"))
        #expect(try watch.trace().contains("\"value\": 0.9"), "the last good output")
        try watch.save(watch.lesson.replacingOccurrences(of: "w: 0.8", with: "w: 0.5"))
        let signal = try watch.get("/.teach/generation?lesson=l2reg&after=1")
        #expect(signal.body == "{\"generation\": 2}")
        #expect(try watch.trace().contains("\"value\": 0.45"))
    }
}

/// A `teach watch` process over a copy of l2reg in a fresh folder, on a free port.
private final class Watch: @unchecked Sendable {
    let folder: URL
    let lesson: String
    private let process = Process()
    private let lock = NSLock()
    private var output = "", errorOutput = ""
    private(set) var port: UInt16 = 0

    var errors: String { lock.withLock { errorOutput } }

    init(environment: [String: String] = [:]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("teach-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        lesson = try String(contentsOfFile: shippedLessonPath("l2reg"), encoding: .utf8)
        try lesson.write(to: folder.appendingPathComponent("l2reg.yaml"), atomically: true, encoding: .utf8)
        process.executableURL = teachExecutable
        process.arguments = ["watch", "l2reg.yaml", "--port", "0", "--out", "out", "--documents", "trace,player"]
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let standardOutput = Pipe(), standardError = Pipe()
        process.standardOutput = standardOutput
        process.standardError = standardError
        standardOutput.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            self?.lock.withLock { self?.output += text }
        }
        standardError.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            self?.lock.withLock { self?.errorOutput += text }
        }
        try process.run()
        try waitFor { $0.output.contains("wrote out/l2reg/") }
        let said = lock.withLock { output }
        let digits = said.components(separatedBy: "http://127.0.0.1:").dropFirst().first?.prefix { $0.isNumber } ?? ""
        port = try #require(UInt16(digits), "no port in: \(said)")
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Saves as editors do: a new file, renamed over the lesson.
    func save(_ text: String) throws {
        let temporary = folder.appendingPathComponent(".l2reg.yaml.swp")
        try text.write(to: temporary, atomically: false, encoding: .utf8)
        _ = rename(temporary.path, folder.appendingPathComponent("l2reg.yaml").path)
    }

    func trace() throws -> String { try get("/l2reg/trace.json").body }

    func waitForError(_ text: String) throws { try waitFor { $0.errorOutput.contains(text) } }

    private func waitFor(_ condition: (Watch) -> Bool) throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if lock.withLock({ condition(self) }) { return }
            guard process.isRunning else { break }
            usleep(50_000)
        }
        Issue.record("teach watch did not get there; it said: \(lock.withLock { output + errorOutput })")
        throw CancellationError()
    }

    /// A connected socket to the watch's port.
    func connect() throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: 40, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            Issue.record("cannot connect to port \(port)")
            throw CancellationError()
        }
        return socket
    }

    /// One GET with the path sent exactly as written (no client tidies it first), naming
    /// `host` (nil: the server's own name) or no host at all: the status and the body.
    func get(_ path: String, host: String? = nil, omittingHost: Bool = false) throws -> (status: Int, body: String) {
        let named = omittingHost ? "" : "Host: \(host ?? "127.0.0.1:\(port)")\r\n"
        let response = try send("GET \(path) HTTP/1.1\r\n\(named)Connection: close\r\n\r\n")
        return (response.status, response.body)
    }

    /// Sends `request` as it is: the status, the Content-Length, the body and how many bytes of
    /// body came (none are waited for where `readBody` is false).
    func send(_ request: String, readBody: Bool = true) throws -> (status: Int, length: Int, body: String, received: Int) {
        let socket = try connect()
        defer { close(socket) }
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, 0) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
            if let response = Self.complete(received), readBody { return response }
        }
        return Self.complete(received) ?? Self.headOnly(received) ?? (0, 0, "", 0)
    }

    /// The status, length and body once the headers and `Content-Length` bytes of body are in.
    private static func complete(_ bytes: [UInt8]) -> (status: Int, length: Int, body: String, received: Int)? {
        guard let head = headOnly(bytes), head.received >= head.length else { return nil }
        return (head.status, head.length, String(decoding: Array(head.body.utf8).prefix(head.length), as: UTF8.self), head.received)
    }

    /// The status and Content-Length once the headers are in, and what body came with them.
    private static func headOnly(_ bytes: [UInt8]) -> (status: Int, length: Int, body: String, received: Int)? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return nil }
        let head = text[..<end.lowerBound]
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        let body = String(text[end.upperBound...])
        return (status, length, body, body.utf8.count)
    }
}
