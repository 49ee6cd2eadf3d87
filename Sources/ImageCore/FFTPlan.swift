// FFTW (single precision) plans for real 2-D transforms, cached per size and shared between threads.
//
// FFTW's planner is not thread safe, so every plan is created under one process-wide lock; executing a plan
// with the new-array functions (`fftwf_execute_dft_r2c` / `_c2r`) on other buffers is thread safe, provided
// the buffers have the alignment the plan was made with. All buffers here come from `fftwf_malloc`, which
// gives FFTW's SIMD alignment, and the plans are made on such buffers.
import CFFTW
import Foundation

/// Real-to-complex and complex-to-real plans for one `width × height` size (row-major, `height` rows).
public final class FFTPlan2D: @unchecked Sendable {
    /// Width (fastest axis) of the real array.
    public let width: Int
    /// Height (slowest axis) of the real array.
    public let height: Int
    /// Number of complex bins of a spectrum: `height × (width / 2 + 1)`.
    public var spectrumCount: Int { height * (width / 2 + 1) }
    let forward: fftwf_plan
    let inverse: fftwf_plan

    fileprivate init(width: Int, height: Int) {
        self.width = width
        self.height = height
        // FFTW_ESTIMATE (1 << 6): no measuring runs, so planning never touches the caller's data.
        let flags = UInt32(1 << 6)
        let real = FFTBuffer(realCount: width * height, complexCount: height * (width / 2 + 1))
        forward = fftwf_plan_dft_r2c_2d(Int32(height), Int32(width), real.real, real.complex, flags)
        inverse = fftwf_plan_dft_c2r_2d(Int32(height), Int32(width), real.complex, real.real, flags)
    }

    /// Forward transform of `buffer.real` into `buffer.complex`.
    public func forwardTransform(_ buffer: FFTBuffer) {
        precondition(
            buffer.realCount == width * height && buffer.complexCount == spectrumCount,
            "FFT buffer \(buffer.realCount)/\(buffer.complexCount) for plan \(width)x\(height)")
        fftwf_execute_dft_r2c(forward, buffer.real, buffer.complex)
    }

    /// Inverse (unnormalised: scaled by `width × height`) transform of `buffer.complex` into `buffer.real`.
    /// The spectrum is destroyed.
    public func inverseTransform(_ buffer: FFTBuffer) {
        precondition(
            buffer.realCount == width * height && buffer.complexCount == spectrumCount,
            "FFT buffer \(buffer.realCount)/\(buffer.complexCount) for plan \(width)x\(height)")
        fftwf_execute_dft_c2r(inverse, buffer.complex, buffer.real)
    }

    /// The cached plan for a size, created on first use (under the planner lock).
    public static func shared(width: Int, height: Int) -> FFTPlan2D {
        precondition(width > 0 && height > 0, "FFT size must be positive, got \(width)x\(height)")
        let key = PlanKey(width: width, height: height)
        return planCache.withLock { plans in
            if let plan = plans[key] { return plan }
            let plan = FFTPlan2D(width: width, height: height)
            plans[key] = plan
            return plan
        }
    }
}

private struct PlanKey: Hashable { let width: Int; let height: Int }

/// The plan cache, process-wide because FFTW's planner is (its plans and wisdom are global to the library, and
/// planning is not thread safe): its lock is also the planner lock. Plans live as long as the process.
private let planCache = Locked<[PlanKey: FFTPlan2D]>([:])

/// A real array and a complex spectrum allocated with `fftwf_malloc` (FFTW's alignment).
public final class FFTBuffer: @unchecked Sendable {
    /// Number of real samples.
    public let realCount: Int
    /// Number of complex bins.
    public let complexCount: Int
    /// The real samples.
    public let real: UnsafeMutablePointer<Float>
    /// The spectrum, as FFTW complex pairs.
    public let complex: UnsafeMutablePointer<fftwf_complex>

    /// Allocates zero-filled buffers.
    public init(realCount: Int, complexCount: Int) {
        self.realCount = realCount
        self.complexCount = complexCount
        real = fftwf_malloc(realCount * MemoryLayout<Float>.stride)!.bindMemory(to: Float.self, capacity: realCount)
        real.initialize(repeating: 0, count: realCount)
        complex = fftwf_malloc(complexCount * MemoryLayout<fftwf_complex>.stride)!
            .bindMemory(to: fftwf_complex.self, capacity: complexCount)
        complex.initialize(repeating: (0, 0), count: complexCount)
    }

    /// Buffers sized for a plan.
    public convenience init(for plan: FFTPlan2D) {
        self.init(realCount: plan.width * plan.height, complexCount: plan.spectrumCount)
    }

    deinit {
        fftwf_free(real)
        fftwf_free(complex)
    }

    /// The spectrum viewed as interleaved (re, im) floats.
    public var complexFloats: UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer(complex).assumingMemoryBound(to: Float.self)
    }
}
