import ArgumentParser
import Foundation
import NeuralEngine

// `--precision f32|bf16` (issue 10, docs/bf16.md): the arithmetic of the networks' convolutions.
extension ComputePrecision: ExpressibleByArgument {}

/// The help line of every `--precision` option.
func precisionHelp(training: Bool) -> ArgumentHelp {
    let fallback = "bf16 needs AVX512_BF16 (else f32, with a notice)"
    return ArgumentHelp(
        training
            ? "Convolution arithmetic: f32 or bf16 (bf16 operands, f32 accumulation, f32 weights and state). Default: bf16 where the CPU has AVX512_BF16, else f32 (a resumed training run: its checkpoint's precision, f32 for older checkpoints); \(fallback)."
            : "Convolution arithmetic: f32 (default, PyTorch parity) or bf16 (oneDNN, f32 accumulation); \(fallback).")
}

/// The precision that will run for a request (nil: the default), with a notice on stderr when bf16 cannot run
/// or when training falls back to f32 by default.
func resolvedPrecision(_ requested: ComputePrecision?, training: Bool) -> ComputePrecision {
    let wanted = requested ?? (training ? .bf16 : .f32)
    guard wanted == .bf16, !ComputePrecision.bf16Available else { return wanted }
    let why = "this CPU (or DNNL_MAX_CPU_ISA) has no AVX512_BF16 instructions"
    printToStandardError(
        requested == nil
            ? "compare: training in f32: \(why) for the bf16 default"
            : "compare: --precision bf16: \(why); running in f32 instead")
    return .f32
}
