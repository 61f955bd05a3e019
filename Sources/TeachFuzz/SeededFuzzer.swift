import Foundation
import TeachCore
import TeachLessons

/// The fuzzer for toolchains without libFuzzer: replays every seed file once, then mutates seeds
/// with a seeded generator for a fixed time. The same seed and corpus give the same inputs.
///
///     teach-fuzz [--seconds N] [--seed S] FILE_OR_FOLDER...
///
/// Mutations, chosen uniformly: flip a byte, insert a byte from YAML's and the expression
/// language's punctuation, delete a run, duplicate a run, splice in a run of another seed.
public enum SeededFuzzer {
    static let punctuation = Array("()[]{}:-,*&!|>'\"#\\\n ^/+.=eE0123456789".utf8)

    public static func main(_ arguments: [String]) {
        var seconds = 10.0, seed: UInt64 = 1, paths: [String] = []
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--seconds": seconds = rest.popFirst().flatMap(Double.init) ?? seconds
            case "--seed": seed = rest.popFirst().flatMap { UInt64($0) } ?? seed
            default: paths.append(argument)
            }
        }
        let seeds = files(paths).compactMap { FileManager.default.contents(atPath: $0).map { [UInt8]($0) } }
        guard !seeds.isEmpty else {
            FileHandle.standardError.write(Data("usage: teach-fuzz [--seconds N] [--seed S] FILE_OR_FOLDER...\n".utf8))
            exit(64)
        }
        seeds.forEach(FuzzTarget.exercise)
        var random = SplitMix64(seed: seed)
        let end = Date().addingTimeInterval(seconds)
        var runs = 0
        while Date() < end {
            var input = seeds[Int(random.next() % UInt64(seeds.count))]
            for _ in 0...(random.next() % 4) { mutate(&input, seeds: seeds, random: &random) }
            FuzzTarget.exercise(input)
            runs += 1
        }
        print("teach-fuzz: \(seeds.count) seeds replayed, \(runs) mutated inputs in \(Int(seconds)) s, seed \(seed): no crash")
    }

    static func mutate(_ input: inout [UInt8], seeds: [[UInt8]], random: inout SplitMix64) {
        func index(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(random.next() % UInt64(bound)) }
        let at = index(input.count + 1)
        let length = min(input.count - min(at, input.count), 1 + index(16))
        switch random.next() % 5 {
        case 0 where at < input.count: input[at] ^= UInt8(1 << index(8))
        case 1: input.insert(punctuation[index(punctuation.count)], at: at)
        case 2: input.removeSubrange(at..<(at + length))
        case 3: input.insert(contentsOf: input[at..<(at + length)], at: at)
        default:
            let other = seeds[index(seeds.count)]
            let start = index(other.count)
            input.insert(contentsOf: other[start..<min(other.count, start + 1 + index(64))], at: at)
        }
    }

    /// Files named directly, and every file inside named folders, sorted.
    static func files(_ paths: [String]) -> [String] {
        paths.flatMap { path -> [String] in
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return [] }
            guard isFolder.boolValue else { return [path] }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return names.sorted().map { path + "/" + $0 }
        }
    }
}
