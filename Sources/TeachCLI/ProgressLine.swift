import Foundation

/// A one-line progress report on stderr for long work, `l2reg: frame 40 of 150, about 12 s
/// left`, redrawn in place. It appears only when stderr is a terminal and only after the work
/// has run `delay` seconds, so short renders, CI logs and pipes stay quiet. The estimate is
/// the time so far times the share left: t·(total − done)/done.
struct ProgressLine {
    let label: String
    let total: Int
    /// Where the line goes; `nil` when stderr is not a terminal (nothing is shown).
    private let sink: ((String) -> Void)?
    private let clock: () -> Double
    private let delay: Double
    private let start: Double
    private var lastDrawn = -Double.infinity
    private var drawn = false

    /// On stderr if it is a terminal.
    init(label: String, total: Int) {
        let terminal = isatty(STDERR_FILENO) == 1
        self.init(label: label, total: total, delay: 1, clock: { Date().timeIntervalSinceReferenceDate },
                  sink: terminal ? { text in FileHandle.standardError.write(Data(text.utf8)) } : nil)
    }

    init(label: String, total: Int, delay: Double, clock: @escaping () -> Double, sink: ((String) -> Void)?) {
        self.label = label
        self.total = total
        self.delay = delay
        self.clock = clock
        self.sink = sink
        self.start = clock()
    }

    /// Reports that `done` of `total` are finished; redraws at most ten times a second.
    mutating func update(_ done: Int) {
        guard let sink, total > 0 else { return }
        let now = clock(), elapsed = now - start
        guard elapsed >= delay, now - lastDrawn >= 0.1 || done == total else { return }
        lastDrawn = now
        drawn = true
        sink("\r\u{1B}[K" + Self.text(label: label, done: done, total: total, elapsed: elapsed))
    }

    /// Clears the line, if one was drawn, so the next message starts on a clean line.
    mutating func finish() {
        guard drawn, let sink else { return }
        sink("\r\u{1B}[K")
        drawn = false
    }

    /// `l2reg: frame 40 of 150, about 12 s left`.
    static func text(label: String, done: Int, total: Int, elapsed: Double) -> String {
        var text = "\(label): frame \(done) of \(total)"
        if done > 0, done < total {
            let left = elapsed * Double(total - done) / Double(done)
            text += left < 60 ? ", about \(Int(left.rounded(.up))) s left" : ", about \(Int((left / 60).rounded(.up))) min left"
        }
        return text
    }
}
