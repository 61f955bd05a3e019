import Foundation

/// This test process's folder for scratch files, in the temporary directory; removed, with
/// everything in it, when the process exits, so a run leaves nothing behind.
private let scratchRoot: URL = {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("teach-tests-\(getpid())", isDirectory: true)
    atexit { try? FileManager.default.removeItem(at: scratchRoot) }
    return root
}()

/// A new empty folder for one test, named after `label`, inside the process's scratch folder.
public func scratchFolder(_ label: String) throws -> URL {
    let url = scratchRoot.appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
