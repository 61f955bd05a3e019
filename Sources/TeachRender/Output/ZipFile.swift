import Foundation
import ZIPFoundation

/// Files as one ZIP archive, each at the archive's root under its path, deflated, with its
/// mode (755 for scripts and programs, 644 otherwise) and one fixed date, so the same files
/// always give the same bytes.
public enum ZipFile {
    /// 2000-01-01 00:00:00 UTC, the date every entry carries.
    static let date = Date(timeIntervalSince1970: 946_684_800)

    public static func archive(_ files: [OutputFile]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for file in files {
            let bytes = Data(file.bytes)
            try archive.addEntry(with: file.path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: date,
                                 permissions: file.executable ? 0o755 : 0o644, compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw OutputError(message: "the ZIP archive could not be made") }
        return [UInt8](data)
    }
}
