import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server for GET (and HEAD) requests on 127.0.0.1, on POSIX sockets: one
/// thread accepts, one thread per connection answers (a long poll may wait), each connection
/// closed after its answer. A request's head is bounded (8 KiB, and 10 s from the connection
/// to its blank line, however slowly it trickles in), and so is the number of connections
/// answered at once (64; more get 503). A request must name this server in its `Host`
/// (`127.0.0.1:PORT` or `localhost:PORT`): a page on another site whose name is re-pointed at
/// 127.0.0.1 (DNS rebinding) sends its own name and gets 403; no `Host` gets 400. No
/// FoundationNetworking: a server library would bring it, and with it libcurl, into the
/// self-contained teach a Gradescope bundle ships.
final class LoopbackServer: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { let description: String }

    /// What a handler answers.
    struct Response {
        var status: Int
        var contentType: String
        var body: [UInt8]
    }

    /// Answers a GET: the path, percent-decoded, and the query's `name=value` pairs.
    typealias Handler = @Sendable (_ path: String, _ query: [String: String]) -> Response

    private let socket: Int32
    private let handler: Handler
    private let lock = NSLock()
    private var open = 0
    let port: UInt16

    static let headLimit = 8 * 1024
    static let connectionLimit = 64
    /// Seconds a request's head may take to arrive, from the connection on.
    static let headSeconds = 10.0

    /// The `Host` values that name this server, lowercased (without a port only on port 80).
    var hostNames: [String] {
        ["127.0.0.1:\(port)", "localhost:\(port)"] + (port == 80 ? ["127.0.0.1", "localhost"] : [])
    }

    /// Listens on 127.0.0.1:`port` (0 picks a free one) and starts answering.
    init(port: UInt16, handler: @escaping Handler) throws {
        self.handler = handler
        (socket, self.port) = try Self.listen(on: port)
        Thread.detachNewThread { [self] in acceptForever() }
    }

    /// A listening socket on 127.0.0.1:`port`, and the port it got.
    private static func listen(on port: UInt16) throws -> (Int32, UInt16) {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(socket, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(socket)
            throw Failure(description: reason)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return (socket, UInt16(bigEndian: actual.sin_port))
    }

    private func acceptForever() {
        while true {
            let connection = accept(socket, nil, nil)
            guard connection >= 0 else { continue }
            let admitted: Bool = lock.withLock {
                guard open < Self.connectionLimit else { return false }
                open += 1
                return true
            }
            guard admitted else {
                send(connection, Self.plain(503, "busy"))
                close(connection)
                continue
            }
            Thread.detachNewThread { [self] in
                answer(connection)
                close(connection)
                lock.withLock { open -= 1 }
            }
        }
    }

    private static func plain(_ status: Int, _ text: String) -> Response {
        Response(status: status, contentType: "text/plain; charset=utf-8", body: Array((text + "\n").utf8))
    }

    private func answer(_ connection: Int32) {
        guard let head = readHead(connection, until: Date().addingTimeInterval(Self.headSeconds)) else { return }
        let lines = head.components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ")
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else { return send(connection, Self.plain(400, "bad request")) }
        guard parts[0] == "GET" || parts[0] == "HEAD" else { return send(connection, Self.plain(405, "only GET and HEAD")) }
        let withBody = parts[0] == "GET"
        let hosts = lines.dropFirst().compactMap { line -> String? in
            guard let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == "host" else { return nil }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard hosts.count == 1 else { return send(connection, Self.plain(400, "one Host header, please"), withBody: withBody) }
        guard hostNames.contains(hosts[0]) else {
            return send(connection, Self.plain(403, "this preview answers only http://127.0.0.1:\(port)/"), withBody: withBody)
        }
        let target = parts[1].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard let path = String(target[0]).removingPercentEncoding else { return send(connection, Self.plain(400, "bad path"), withBody: withBody) }
        var query: [String: String] = [:]
        for pair in (target.count > 1 ? target[1] : "").split(separator: "&") {
            let item = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if let name = String(item[0]).removingPercentEncoding {
                query[name] = item.count > 1 ? String(item[1]).removingPercentEncoding : ""
            }
        }
        send(connection, handler(path, query), withBody: withBody)
    }

    /// The request's head up to its blank line, or nil when it is longer than `headLimit`, is
    /// not all in by `deadline` or the client goes away.
    private func readHead(_ connection: Int32, until deadline: Date) -> String? {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 2048)
        while received.count < Self.headLimit {
            // Each read waits only as long as is left of the whole head's time.
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return nil }
            var timeout = timeval(tv_sec: Int(left), tv_usec: Int((left - left.rounded(.down)) * 1_000_000))
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            received += buffer[0..<count]
            let text = String(decoding: received, as: UTF8.self)
            if let end = text.range(of: "\r\n\r\n") { return String(text[..<end.lowerBound]) }
        }
        return nil
    }

    /// Sends `response`; a HEAD request (`withBody` false) gets its head alone.
    private func send(_ connection: Int32, _ response: Response, withBody: Bool = true) {
        let reason = [200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
                      503: "Service Unavailable"][response.status] ?? "OK"
        let head = "HTTP/1.1 \(response.status) \(reason)\r\nContent-Type: \(response.contentType)\r\nContent-Length: \(response.body.count)\r\n"
            + "Cache-Control: no-store\r\nConnection: close\r\n\r\n"
        let bytes = Array(head.utf8) + (withBody ? response.body : [])
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return }
            sent += count
        }
    }
}
