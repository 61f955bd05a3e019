/// A change to the reverse pass, applied by `Tracer.backward` without knowing what it stands
/// for: a caller replays a different calculation (the grader replays the slips of a
/// calculation by hand). Each method's default leaves the pass as it is.
public protocol BackwardAlteration: Sendable {
    /// What of `contribution`, the term of `node`'s adjoint through `consumer`, is summed into
    /// that adjoint; nil leaves the term out.
    func term(_ contribution: Tensor, of node: Int, through consumer: Int) -> Tensor?
    /// The adjoint with which `node`'s own program is differentiated.
    func seed(_ adjoint: Tensor, of node: Int) -> Tensor
    /// Replacements for vector–Jacobian products inside `node`'s program, or nil.
    func localVJP(of node: Int) -> Program.LocalVJP?
}

extension BackwardAlteration {
    public func term(_ contribution: Tensor, of node: Int, through consumer: Int) -> Tensor? { contribution }
    public func seed(_ adjoint: Tensor, of node: Int) -> Tensor { adjoint }
    public func localVJP(of node: Int) -> Program.LocalVJP? { nil }
}
