import TeachLessons

/// The files of a Gradescope autograder for one lesson: Gradescope unpacks them into
/// `/autograder/source/`, runs `setup.sh` once when building the image, and `run_autograder`
/// for every submission. The script grades the submission folder's `answers.yaml` (or `.yml`,
/// `.json`) for the student in `/autograder/submission_metadata.json`, and always writes
/// `/autograder/results/results.json`: if teach itself cannot run, a zero score saying so.
///
/// The lesson is shipped under its own id (`<id>.yaml`), because per-student numbers are
/// derived from the id: under another name the grader would draw other numbers than the
/// worksheets showed. `bundle.json` records the id, the lesson file's digest and the teach version.
public struct GradescopeBundle {
    public let lessonID: String
    /// The first 16 hex digits of the lesson file's SHA-256.
    public let lessonDigest: String
    /// The lesson file's bytes, the course secret and the teach executable to ship.
    public let lesson: [UInt8]
    public let secret: [UInt8]
    public let teach: [UInt8]
    /// The newest glibc symbol version the executable needs (`2.35`).
    public let glibc: String

    /// The glibc of Gradescope's base image (Ubuntu 22.04).
    public static let gradescopeGlibc = "2.35"

    public init(lessonID: String, lessonDigest: String, lesson: [UInt8], secret: [UInt8], teach: [UInt8], glibc: String) {
        self.lessonID = lessonID
        self.lessonDigest = lessonDigest
        self.lesson = lesson
        self.secret = secret
        self.teach = teach
        self.glibc = glibc
    }

    var lessonFile: String { lessonID + ".yaml" }

    public func files() -> [OutputFile] {
        [OutputFile(path: "setup.sh", text: setup, executable: true),
         OutputFile(path: "run_autograder", text: runAutograder, executable: true),
         OutputFile(path: "teach", bytes: teach, executable: true),
         OutputFile(path: lessonFile, bytes: lesson),
         OutputFile(path: "course.secret", bytes: secret),
         OutputFile(path: "bundle.json", text: manifest),
         OutputFile(path: "README.md", text: readme)]
    }

    var manifest: String {
        JSONValue.object([("lesson", .string(lessonID)), ("lesson_file", .string(lessonFile)), ("lesson_digest", .string(lessonDigest)),
                          ("glibc", .string(glibc)), ("teach_version", .string(TeachVersion.current))]).serialized() + "\n"
    }

    /// `AUTOGRADER_ROOT` and `AUTOGRADER_SOURCE` move the tree, for testing the bundle.
    var runAutograder: String {
        """
        #!/usr/bin/env bash
        # Gradescope runs this for every submission of \(lessonID). It always writes results.json.
        set -u
        ROOT="${AUTOGRADER_ROOT:-/autograder}"
        SOURCE="${AUTOGRADER_SOURCE:-$ROOT/source}"
        RESULTS="$ROOT/results/results.json"
        mkdir -p "$ROOT/results"
        rm -f "$RESULTS"
        "$SOURCE/teach" check "$SOURCE/\(lessonFile)" "$ROOT/submission" \\
            --secret-file "$SOURCE/course.secret" --metadata "$ROOT/submission_metadata.json" \\
            --format gradescope --output "$RESULTS"
        status=$?
        if [ ! -s "$RESULTS" ]; then
            printf '{"score": 0, "output": "The autograder could not run (teach exit status %s). Please tell your instructor.", "tests": []}\\n' "$status" > "$RESULTS"
        fi
        # The score is in results.json; a nonzero exit would only mark the run as broken.
        exit 0

        """
    }

    /// Installs Graphviz's runtime libraries, the only ones the self-contained teach needs
    /// beyond the C and C++ runtimes every Ubuntu image has.
    var setup: String {
        """
        #!/usr/bin/env bash
        # Gradescope runs this once while building the autograder image.
        set -eu
        apt-get update
        apt-get install -y --no-install-recommends libgvc6 libcgraph6
        chmod +x /autograder/source/teach /autograder/source/run_autograder
        /autograder/source/teach --help > /dev/null

        """
    }

    var readme: String {
        """
        # Gradescope autograder for `\(lessonID)`

        Upload `\(lessonID)`'s zip (written beside this folder by `teach bundle`, its files at the
        root of the archive) as the autograder of a programming assignment.

        Students submit one file, `answers.yaml` (the template `teach sheet` writes; `answers.yml`
        and `answers.json` are read too). Each blank becomes one Gradescope test with its points,
        visibility and Markdown feedback; the student's numbers are their own variant, derived
        from `course.secret`, the lesson id `\(lessonID)` and their email. Answers written on
        another lesson's worksheet are refused; a worksheet from another version of the lesson
        file (digest other than `\(lessonDigest)`) is graded with a warning.

        `teach` here carries the Swift runtime (built with `--static-swift-stdlib`) and needs
        glibc \(glibc) or newer (Gradescope's Ubuntu 22.04 has \(Self.gradescopeGlibc)) and Graphviz's
        libraries, which `setup.sh` installs.

        Try it locally: `AUTOGRADER_ROOT=/tmp/ag AUTOGRADER_SOURCE=$PWD ./run_autograder` with
        `/tmp/ag/submission/answers.yaml` and `/tmp/ag/submission_metadata.json` in place.

        """
    }
}
