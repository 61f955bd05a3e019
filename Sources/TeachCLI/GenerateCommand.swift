import ArgumentParser
import TeachLessons

/// `teach generate mlp`: a lesson for a tanh network of any size, for measuring how teach scales.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate lessons (for benchmarks and large examples).",
        subcommands: [MLPCommand.self]
    )

    struct MLPCommand: ParsableCommand, OutcomeCommand {
        static let configuration = CommandConfiguration(
            commandName: "mlp",
            abstract: "Print a lesson for a fully connected tanh network with a squared-error loss.",
            discussion: """
            Scalar form has one node per number (about the count printed by --count); vector form \
            one node per layer. Weights come from SplitMix64 with --seed.

            Examples:
              teach generate mlp --inputs 4 --hidden 8 --layers 2 --outputs 2 \\
                  > lessons/mlp-small.yaml
              teach generate mlp --inputs 20 --hidden 40 --layers 5 --outputs 4 \\
                  --form vector
            """
        )

        @Option(help: "Input features.") var inputs = 2
        @Option(help: "Units per hidden layer.") var hidden = 3
        @Option(help: "Hidden layers.") var layers = 1
        @Option(help: "Outputs.") var outputs = 1
        @Option(help: "scalar (one node per number) or vector (one node per layer).") var form: MLPGenerator.Form = .scalar
        @Option(help: "Seed of the weights.") var seed: UInt64 = 1
        @Flag(help: "Print only the number of scalar nodes the network has.") var count = false

        func validate() throws {
            for (name, value) in [("inputs", inputs), ("hidden", hidden), ("layers", layers), ("outputs", outputs)] where !(1...10_000).contains(value) {
                throw ValidationError("--\(name) must be from 1 to 10000")
            }
            // Generating is bounded before it starts: the text of 10¹⁰ nodes would not fit in memory.
            let generator = MLPGenerator(inputs: inputs, hidden: hidden, layers: layers, outputs: outputs, form: form, seed: seed)
            let nodes = generator.scalarNodeCount
            if !count, nodes > Self.maximumNodes {
                throw ValidationError("the network would have \(nodes) scalar nodes, over the \(Self.maximumNodes) teach generates; "
                                      + "choose fewer --hidden units or --layers (--count prints the number)")
            }
            if !count, let refusal = generator.refusal() {
                throw ValidationError("teach would refuse this lesson: \(refusal). \(fittingOptions(generator))")
            }
        }

        /// Which options give a lesson teach accepts: the widest --hidden with the rest kept,
        /// and whether the vector form (one node per layer) fits as it is.
        private func fittingOptions(_ generator: MLPGenerator) -> String {
            var fits: [String] = []
            if let width = generator.widestAcceptedHidden() {
                fits.append("--hidden \(width) or fewer with these --inputs, --layers and --outputs")
            }
            if form == .scalar, MLPGenerator(inputs: inputs, hidden: hidden, layers: layers, outputs: outputs, form: .vector, seed: seed).refusal() == nil {
                fits.append("--form vector with these sizes")
            }
            return fits.isEmpty ? "Choose fewer --inputs, --layers or --outputs." : "What fits: " + fits.joined(separator: "; ") + "."
        }

        static let maximumNodes = 1_000_000

        func run() throws { outcome().finish() }

        func outcome() -> Outcome {
            let generator = MLPGenerator(inputs: inputs, hidden: hidden, layers: layers, outputs: outputs, form: form, seed: seed)
            var outcome = Outcome()
            outcome.say(count ? String(generator.scalarNodeCount) : generator.yaml())
            return outcome
        }
    }
}

extension MLPGenerator.Form: ExpressibleByArgument {}
