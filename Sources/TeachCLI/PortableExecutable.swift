import Foundation
import TeachRender

/// Whether an executable can run on a grading platform's machine, which has no Swift
/// toolchain: it must link no library of the toolchain's (only the static-stdlib build
/// carries the Swift runtime inside it), and need no newer glibc than the platform's.
struct PortableExecutable {
    let path: String
    let bytes: [UInt8]

    /// Libraries that come only with a Swift toolchain.
    static let toolchainLibraries = ["libswift", "libFoundation", "lib_Foundation", "libdispatch", "libBlocksRuntime", "libXCTest"]

    /// The shared libraries the dynamic loader resolves for it (`ldd`), by name.
    func neededLibraries() throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return output.split(separator: "\n").compactMap { line in
            line.split(separator: " ").first.map { String($0.trimmingCharacters(in: .whitespaces)) }
        }
    }

    /// The toolchain's libraries among those it needs.
    func toolchainLibrariesNeeded() throws -> [String] {
        try neededLibraries().filter { name in Self.toolchainLibraries.contains { name.hasPrefix($0) } }
    }

    /// The newest `GLIBC_x.y` symbol version it names (its version requirements are among
    /// these strings; the newest is what the machine's glibc must provide).
    var newestGlibc: String? {
        let marker = Array("GLIBC_".utf8)
        var newest: [Int]?
        var i = 0
        while i + marker.count < bytes.count {
            if bytes[i] == marker[0], bytes[i..<(i + marker.count)].elementsEqual(marker) {
                var j = i + marker.count
                while j < bytes.count, bytes[j] == UInt8(ascii: ".") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[j]) { j += 1 }
                let version = String(decoding: bytes[(i + marker.count)..<j], as: UTF8.self).split(separator: ".").compactMap { Int($0) }
                if j < bytes.count, bytes[j] == 0, version.count >= 2, newest.map({ version.lexicographicallyPrecedes($0) == false }) ?? true {
                    newest = version
                }
                i = j
            } else {
                i += 1
            }
        }
        return newest.map { $0.map(String.init).joined(separator: ".") }
    }

    /// `a` is newer than `b` (`2.36` against `2.35`).
    static func isNewer(_ a: String, than b: String) -> Bool {
        let (x, y) = (a.split(separator: ".").compactMap { Int($0) }, b.split(separator: ".").compactMap { Int($0) })
        return y.lexicographicallyPrecedes(x)
    }
}
