/// teach's own version, which `teach --version` prints and a Gradescope bundle records, so a
/// bug report or a grade can say which teach made it. Raised with every change to what teach
/// writes or accepts.
public enum TeachVersion {
    public static let current = "0.11.0"
}
