import TeachCore

/// The lesson file's keys, one definition per mapping: `LessonLoader` and `ExerciseReader`
/// take their key lists and bounds from here, and `teach schema` writes them as a JSON Schema.
public enum LessonFormat {
    public static let lesson = FormatRecord("the lesson", [
        FormatField("title", .text(maxLength: 500), required: true, "The lesson's title, on every page and slide."),
        FormatField("source", .text(maxLength: 1_000), "Where the example comes from (a citation)."),
        FormatField("description", .text(maxLength: 20_000), "What the example shows; the player's speaker notes."),
        FormatField("inputs", .names(.tensor), "Data and constants, by name: no gradient unless listed in differentiate_inputs."),
        FormatField("parameters", .names(.tensor), "What gradients are taken for, by name; gradient descent updates them."),
        FormatField("equations", .list(.either([.text(maxLength: nil), .record(equation)]), nonEmpty: true), required: true,
                    "The equations in lecture order, one node each: 'z = w*x + b'."),
        FormatField("loss", .name, required: true, "The scalar node whose gradient is taken."),
        FormatField("notation", .names(.either([.text(maxLength: nil), .record(notation)])),
                    "Typesetting per name: LaTeX, or {latex, text}."),
        FormatField("display", .record(display), "How numbers are shown."),
        FormatField("forward_mode", .either([.name, .list(.name, nonEmpty: true)]),
                    "An input or parameter to show forward-mode tangents for, or a list of them (one tangent column each)."),
        FormatField("differentiate_inputs", .list(.name, nonEmpty: false), "Inputs to take gradients for as well."),
        FormatField("backward_order", .choice(Graph.BackwardOrder.allCases.map(\.rawValue)),
                    "reverse (the equations from the last back, the default) or levels (from the loss back level by level, each level in the lesson's order)."),
        FormatField("show", .names(.text(maxLength: nil)),
                    "Quantities under the lesson's own names and signs, over node values and adjoint(name): {Err6: -adjoint(I6)}."),
        FormatField("descent", .record(descent), "Gradient-descent steps after the backward pass."),
        FormatField("expand", .boolean, "Split every equation into one node per operation."),
        FormatField("layout", .choice(SlideLayout.allCases.map(\.rawValue)),
                    "What the slides show: auto (the default: the whole graph where it reads on a slide, else focus), whole, or focus (each step's neighbourhood large, beside a thumbnail of the whole graph)."),
        FormatField("slides", .record(slides), "Which steps become slides (the player steps through all of them)."),
        FormatField("exercises", .record(exercises), "Blanks for students to fill in, and how they are graded."),
    ])

    public static let slides = FormatRecord("slides", [
        FormatField("steps", .text(maxLength: 1_000),
                    "The steps that get a slide: all (the default), or step numbers, ranges and phases: 'forward,backward,33'."),
        FormatField("descent", .choice(SlidePlan.Descent.allCases.map(\.rawValue)),
                    "Gradient descent on slides: first (the default: the first iteration's updates a slide each, the later iterations one table slide) or each (a slide per update)."),
    ])

    public static let equation = FormatRecord("an equation", [
        FormatField("equation", .text(maxLength: nil), required: true, "name = expression"),
        FormatField("expand", .boolean, "Split this equation into one node per operation."),
        FormatField("steps", .list(.text(maxLength: nil), nonEmpty: true),
                    "Split this equation at the source's own named steps, in the order computed: [xi1 = -W*X, xi2 = exp(xi1)]."),
    ], exclusive: [["expand", "steps"]])

    public static let notation = FormatRecord("notation", [
        FormatField("latex", .text(maxLength: nil), "LaTeX for slides and handouts (a checked subset)."),
        FormatField("text", .text(maxLength: nil), "Plain text for frames and terminals."),
    ])

    public static let display = FormatRecord("display", [
        FormatField("digits", .integer(1...15), "Significant digits of every number shown."),
        FormatField("decimals", .integer(0...15), "Decimal places of every number shown, as textbooks often print them, instead of significant digits."),
        FormatField("by_hand", .boolean, "Round every number shown to its digits before it is used."),
    ] + Shown.allCases.map { shown in
        FormatField(shown.rawValue, .record(precision(shown)), "The precision of \(shown.summary), where it differs from the rest.")
    }, exclusive: [["digits", "decimals"]])

    /// `{digits: N}` or `{decimals: N}` for one kind of number shown.
    static func precision(_ shown: Shown) -> FormatRecord {
        FormatRecord("display.\(shown.rawValue)", [
            FormatField("digits", .integer(1...15), "Significant digits."),
            FormatField("decimals", .integer(0...15), "Decimal places."),
        ], exclusive: [["digits", "decimals"]])
    }

    public static let descent = FormatRecord("descent", [
        FormatField("learning_rate", .number(nil), required: true, "The step size η of θ ← θ − η ∂L/∂θ."),
        FormatField("learning_rates", .names(.number(nil)), "Another step size for some parameters, by name (the others take learning_rate)."),
        FormatField("steps", .integer(1...1_000), "How many steps (1 when left out)."),
        FormatField("parameters", .list(.name, nonEmpty: true), "The parameters that descend (all when left out); the others are held fixed."),
        FormatField("compare_stale", .boolean, "Also show the update-order erratum beside the correct descent: layer by layer from the output, each earlier gradient through weights already updated with the old activations."),
    ])

    public static let exercises = FormatRecord("exercises", [
        FormatField("tolerance", .record(tolerance), "How close an answer must be; the default for every blank."),
        FormatField("carried_forward", .number(0...1), "The share of a blank's points for an error carried forward."),
        FormatField("vary", .names(.record(variation)), "Per-student numbers for inputs and parameters."),
        FormatField("blanks", .list(.either([.text(maxLength: nil), .record(blank)]), nonEmpty: true), required: true,
                    "What students compute: 'adjoint w', 'column adjoint', …"),
    ])

    public static let blank = FormatRecord("a blank", [
        FormatField("ask", .text(maxLength: nil), required: true, "The quantity: 'adjoint w', 'contribution w via R', 'update w step 2', 'loss step 2', 'value y step 2', 'column value', …"),
        FormatField("name", .name, "The key in answers.yaml (made from the ask when left out)."),
        FormatField("points", .number(0...1_000), "Points for the blank (1 when left out)."),
        FormatField("tolerance", .record(tolerance), "How close this blank's answer must be."),
        FormatField("visibility", .choice(Visibility.allCases.map(\.rawValue)), "When Gradescope shows the result."),
        FormatField("hint", .text(maxLength: nil), "A hint shown with a wrong answer."),
        FormatField("hints", .list(.text(maxLength: nil), nonEmpty: false), "Several hints."),
    ])

    public static let tolerance = FormatRecord("tolerance", [
        FormatField("rtol", .number(0...Double.infinity), "Relative tolerance (0.01 when left out)."),
        FormatField("atol", .number(0...Double.infinity), "Absolute floor (10⁻⁶ when left out)."),
        FormatField("sigfig", .integer(1...15), "Agree to this many significant figures."),
        FormatField("decdig", .integer(1...15), "Agree to this many decimal digits."),
    ], exclusive: [["rtol", "sigfig", "decdig"]])

    public static let variation = FormatRecord("vary", [
        FormatField("from", .number(nil), required: true, "The smallest value drawn."),
        FormatField("to", .number(nil), required: true, "The largest value drawn."),
        FormatField("decimals", .integer(0...6), required: true, "Decimals of the drawn value."),
    ])
}

/// An answers file: one `blank_name: number` line per blank, a vector or matrix as lists, a
/// column blank's rows as a mapping, a blank left empty when not answered.
public enum AnswersFormat {
    public static let answer = FormatValue.either([.empty, .typedNumber, .tensor])
    public static let file = FormatValue.mapping(.either([answer, .mapping(answer)]))
}
