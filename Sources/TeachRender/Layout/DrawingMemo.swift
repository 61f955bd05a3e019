/// Each node's or edge's last drawing in a run of frames, with what it was drawn from.
/// Consecutive frames change few elements (a step fills in one node's row and the labels of the
/// edges it uses), so a frame draws again only the elements whose state changed: the same text,
/// at a cost that follows what changes rather than the graph's size.
final class DrawingMemo<State: Equatable> {
    private var last: [(state: State, drawing: String)?]

    init(count: Int) { last = Array(repeating: nil, count: count) }

    /// The drawing of element `index` in `state`: the last one if it was drawn in the same state.
    func drawing(_ index: Int, in state: State, _ draw: () -> String) -> String {
        if let made = last[index], made.state == state { return made.drawing }
        let drawing = draw()
        last[index] = (state, drawing)
        return drawing
    }
}
