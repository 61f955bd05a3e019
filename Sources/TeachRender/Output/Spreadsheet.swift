import CSV
import Foundation

/// Rows as CSV a spreadsheet opens safely: RFC 4180 quoting (CSV.swift's writer), and a cell
/// that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return, as a hostile student id might) written with a leading `'`.
public enum Spreadsheet {
    public static func csv(_ rows: [[String]]) -> String {
        let stream = OutputStream(toMemory: ())
        guard let writer = try? CSVWriter(stream: stream) else { return "" }
        for row in rows {
            let cells = row.map { cell in
                guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(cell) == nil else { return cell }
                return "'" + cell
            }
            try? writer.write(row: cells, quotedAtIndex: { _ in false })
        }
        writer.stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + (rows.isEmpty ? "" : "\n")
    }
}
