/// The files of a Gradescope autograder for one lesson: Gradescope unpacks them into
/// `/autograder/source/`, runs `setup.sh` once when building the image, and `run_autograder`
/// for every submission. The script reads `/autograder/submission/answers.yaml`, takes the
/// student from `/autograder/submission_metadata.json`, and always writes
/// `/autograder/results/results.json` — if teach itself cannot run, a zero score saying so.
public struct GradescopeBundle {
    public let lessonID: String
    /// The lesson file's bytes, the course secret and the teach executable to ship.
    public let lesson: [UInt8]
    public let secret: [UInt8]
    public let teach: [UInt8]

    public init(lessonID: String, lesson: [UInt8], secret: [UInt8], teach: [UInt8]) {
        self.lessonID = lessonID
        self.lesson = lesson
        self.secret = secret
        self.teach = teach
    }

    public func files() -> [OutputFile] {
        [OutputFile(path: "setup.sh", text: setup, executable: true),
         OutputFile(path: "run_autograder", text: runAutograder, executable: true),
         OutputFile(path: "teach", bytes: teach, executable: true),
         OutputFile(path: "lesson.yaml", bytes: lesson),
         OutputFile(path: "course.secret", bytes: secret),
         OutputFile(path: "README.md", text: readme)]
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
        "$SOURCE/teach" check "$SOURCE/lesson.yaml" "$ROOT/submission/answers.yaml" \\
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

    /// Installs Graphviz's runtime libraries, which the teach executable links.
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

        Zip the contents of this folder (not the folder) and upload the zip as the autograder of a
        programming assignment: `cd <this folder> && zip -r ../\(lessonID)-autograder.zip .`

        Students submit one file, `answers.yaml` (the template `teach sheet` writes). Each blank
        becomes one Gradescope test with its points and visibility; the student's numbers are
        their own variant, derived from `course.secret` and their email.

        `teach` here is the executable that wrote this bundle. Build it with
        `swift build -c release --static-swift-stdlib` on a system no newer than the autograder
        image's (Gradescope's Ubuntu base), so it carries the Swift runtime and needs only
        Graphviz's libraries, which `setup.sh` installs.

        Try it locally: `AUTOGRADER_ROOT=/tmp/ag AUTOGRADER_SOURCE=$PWD ./run_autograder` with
        `/tmp/ag/submission/answers.yaml` and `/tmp/ag/submission_metadata.json` in place.

        """
    }
}
