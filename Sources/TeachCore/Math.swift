#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The C math library under names that do not collide with `Function`'s cases.
@inline(__always) func Foundation_exp(_ a: Double) -> Double { exp(a) }
@inline(__always) func Foundation_log(_ a: Double) -> Double { log(a) }
@inline(__always) func Foundation_sin(_ a: Double) -> Double { sin(a) }
@inline(__always) func Foundation_cos(_ a: Double) -> Double { cos(a) }
@inline(__always) func Foundation_tanh(_ a: Double) -> Double { tanh(a) }
@inline(__always) func Foundation_pow(_ a: Double, _ b: Double) -> Double { pow(a, b) }
@inline(__always) func Foundation_floor(_ a: Double) -> Double { floor(a) }
@inline(__always) func Foundation_log10(_ a: Double) -> Double { log10(a) }
