import Foundation
import Testing
import TeachTestSupport
import TeachCore
import TeachLessons
@testable import TeachFuzz

/// The fuzz entry point over every seed it starts from and a fixed run of mutations: each must
/// return (a trap or a hang fails the whole test process). Crashes the fuzzer finds are added to
/// the seed folders, so this replays them on every `swift test`.
@Suite struct FuzzRegressionTests {
    static let seedFolders = ["lessons", "Tests/TeachLessonsTests/InvalidLessons", "Tests/TeachGradingTests/InvalidAnswers"]
        .map { repositoryRoot.appendingPathComponent($0).path }

    static func seeds() -> [[UInt8]] {
        SeededFuzzer.files(seedFolders).compactMap { FileManager.default.contents(atPath: $0).map { [UInt8]($0) } }
    }

    @Test func everySeedReturns() {
        let seeds = Self.seeds()
        #expect(seeds.count >= 60)
        seeds.forEach(FuzzTarget.exercise)
    }

    @Test func mutationsAreSeededAndReturn() {
        let seeds = Self.seeds()
        func inputs(seed: UInt64) -> [[UInt8]] {
            var random = SplitMix64(seed: seed)
            return (0..<300).map { _ in
                var input = seeds[Int(random.next() % UInt64(seeds.count))]
                SeededFuzzer.mutate(&input, seeds: seeds, random: &random)
                return input
            }
        }
        let batch = inputs(seed: 7)
        #expect(batch == inputs(seed: 7))
        #expect(batch != inputs(seed: 8))
        batch.forEach(FuzzTarget.exercise)
    }
}
