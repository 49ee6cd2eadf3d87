// Which arithmetic a layer's convolutions use (issue 10, docs/bf16.md): the engine's own float32 lowering
// (the exact path the PyTorch golden tests check), or bfloat16 operands with float32 accumulation on oneDNN.
import CDNNL
import Foundation

/// The arithmetic of convolutions and transposed convolutions. Master weights, gradients, BatchNorm,
/// losses and optimiser state are float32 in both.
public enum ComputePrecision: String, Sendable, CaseIterable, CustomStringConvertible {
    /// float32 everywhere (the engine's im2col / shifted-GEMM lowering on OpenBLAS).
    case f32
    /// bfloat16 inputs and weights, float32 accumulation, outputs and gradients (oneDNN).
    case bf16

    public var description: String { rawValue }

    /// Whether this CPU runs bf16 convolutions natively (AVX512_BF16, oneDNN's `avx512_core_bf16` kernels).
    /// Without it oneDNN would emulate bf16, slower than the f32 path, so the engine never uses it there.
    public static let bf16Available: Bool = {
        // oneDNN's own dispatcher: the effective ISA (which honours DNNL_MAX_CPU_ISA) must include BF16.
        let isa = dnnl_get_effective_cpu_isa()
        let bf16Kernels: Set<UInt32> = [dnnl_cpu_isa_avx512_core_bf16.rawValue, dnnl_cpu_isa_avx512_core_amx.rawValue]
        return bf16Kernels.contains(isa.rawValue) && cpuFlags.contains("avx512_bf16")
    }()

    /// The precision that actually runs for a request: bf16 only where `bf16Available`.
    public var effective: ComputePrecision { self == .bf16 && !ComputePrecision.bf16Available ? .f32 : self }

    /// The default for training: bf16 where the CPU has the instructions, else f32.
    public static var trainingDefault: ComputePrecision { bf16Available ? .bf16 : .f32 }

    /// The CPU feature flags of the first processor in /proc/cpuinfo (empty where it cannot be read).
    private static let cpuFlags: Set<String> = {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
            let colon = line.firstIndex(of: ":")
        else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }()
}
