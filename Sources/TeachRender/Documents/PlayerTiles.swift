/// The player's nodes and edge labels, grouped by where they are: the drawing is cut into
/// square cells `size` units wide, and each node or label joins the cell its centre lies in.
/// A tile is written as `<script type="text/x-teach-tile" class="tile" data-box="x0 y0 x1 y1">`
/// holding the markup of its cell's items: the browser keeps a script's text without parsing
/// it (the markup's text is escaped, so it never holds `</script` or `<!--`), and the player draws a tile when its box (the union of its items' boxes, so nothing
/// reaches past it) comes near the screen. Tiles are written row by row, left to right.
struct PlayerTiles {
    /// The width and height of a cell, in the drawing's units (a screen shows about two by one).
    static let size = 1024.0

    /// Every tile's `<script>`, one per line.
    let scripts: String
    /// The tile that holds each node, by node id (−1 for a node without a box), as JSON.
    let nodeTiles: String

    /// - Parameters:
    ///   - nodes: by node id, the node's box and markup (nil for a node without a box).
    ///   - labels: by edge id, the label's box and markup (nil for an edge without one).
    init(nodes: [(LayoutGeometry.Box, String)?], labels: [(LayoutGeometry.Box, String)?]) {
        struct Cell: Hashable, Comparable {
            let row: Int, column: Int
            static func < (a: Cell, b: Cell) -> Bool { (a.row, a.column) < (b.row, b.column) }
        }
        struct Tile { var box: (x0: Double, y0: Double, x1: Double, y1: Double); var markup: [String] = [] }
        var tiles: [Cell: Tile] = [:]
        func place(_ item: (LayoutGeometry.Box, String)) -> Cell {
            let (box, markup) = item
            let cell = Cell(row: Int(((box.top + box.height / 2) / Self.size).rounded(.down)), column: Int((box.centerX / Self.size).rounded(.down)))
            var tile = tiles[cell] ?? Tile(box: (box.left, box.top, box.left + box.width, box.top + box.height))
            tile.box = (min(tile.box.x0, box.left), min(tile.box.y0, box.top),
                        max(tile.box.x1, box.left + box.width), max(tile.box.y1, box.top + box.height))
            tile.markup.append(markup)
            tiles[cell] = tile
            return cell
        }
        let nodeCells = nodes.map { $0.map(place) }
        for label in labels { if let label { _ = place(label) } }
        let cells = tiles.keys.sorted()
        let position = Dictionary(uniqueKeysWithValues: cells.enumerated().map { ($1, $0) })
        scripts = cells.map { cell in
            let tile = tiles[cell]!
            let box = [tile.box.x0, tile.box.y0, tile.box.x1, tile.box.y1].map { FrameLayout.decimal($0, places: 2) }.joined(separator: " ")
            return "<script type=\"text/x-teach-tile\" class=\"tile\" data-box=\"\(box)\">\n" + tile.markup.joined(separator: "\n") + "\n</script>"
        }.joined(separator: "\n")
        nodeTiles = "[" + nodeCells.map { $0.map { String(position[$0]!) } ?? "-1" }.joined(separator: ",") + "]"
    }
}
