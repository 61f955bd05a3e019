import Foundation
import TeachFuzz

/// `teach-fuzz`, in two builds of one target (see the README, "Fuzzing"):
///
/// - with libFuzzer (`-Xswiftc -sanitize=fuzzer -Xswiftc -DLIBFUZZER`), coverage-guided inputs
///   from `LLVMFuzzerRunDriver`, which takes libFuzzer's usual arguments;
/// - otherwise the seeded mutation driver, `SeededFuzzer`, for toolchains without libFuzzer and
///   for replaying files.
@main enum TeachFuzzMain {
    static func main() {
        #if LIBFUZZER
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv) { data, count in
            FuzzTarget.exercise(Array(UnsafeBufferPointer(start: data, count: count)))
            return 0
        })
        #else
        SeededFuzzer.main(Array(CommandLine.arguments.dropFirst()))
        #endif
    }
}

#if LIBFUZZER
/// libFuzzer's driver for a program with its own `main` (SwiftPM names the entry point itself):
/// `int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test)(const uint8_t *, size_t))`.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                     _ test: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt
#endif
