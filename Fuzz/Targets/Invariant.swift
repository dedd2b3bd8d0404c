// Shared by every fuzz target (compiled into each): how a broken invariant is reported.
// libFuzzer treats a trap as a crash and saves the input that caused it.
import Foundation

/// Stops the run, with the reason on standard error, when `condition` is false.
@inline(__always)
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() {
        FileHandle.standardError.write(Data(("invariant broken: " + message() + "\n").utf8))
        abort()
    }
}

/// Runs `body` and requires it to take at most `perByte` seconds a byte of input (plus a
/// fixed allowance): a parser that is linear stays far under it on any input, a quadratic
/// one crosses it on inputs of a few kilobytes. The fuzzer shares the machine, so an input
/// over the bound is run twice more and only fails when every run is over it; libFuzzer's
/// own `-timeout` catches outright hangs.
@inline(__always)
func linear(_ count: Int, perByte: Double = 50e-6, allowance: Double = 0.5, _ what: String, _ body: () -> Void) {
    let bound = allowance + perByte * Double(count)
    var best = Double.infinity
    for _ in 0..<3 {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        if best <= bound { return }
    }
    require(false, "\(what) took \(best) s at best for \(count) bytes (bound \(bound) s): not linear")
}
