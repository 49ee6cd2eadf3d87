import ArgumentParser
import ComparisonKit
import DeepInpaint
import Foundation
import ImageCore
import NeuralEngine

/// The methods to compare and the options passed through to them.
struct MethodOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            """
            Methods in table order, comma-separated: patch, telea (Telea's fast marching), iizuka, iizuka:WEIGHTS \
            (several iizuka:WEIGHTS compare configurations of the network in one run), iizuka@LAYER:CH (that entry with \
            channel CH of block LAYER zeroed; join several with '+': iizuka@conv1:6+conv14:3), iizuka@LAYER:* (one entry \
            per channel of LAYER: a whole channel sweep in one run, the ground truth's FID features computed once), \
            results:DIR or results:LABEL=DIR (another tool's outputs, one per image named NAME or STEM.png, at the crop \
            size; or a file pattern with {stem}: results:lama=out/{stem}_mask.png; not timed). Default: patch,iizuka \
            (iizuka skipped without weights).
            """, valueName: "LIST"), transform: ArgumentValue.methods)
    var methods: [MethodSpec]?

    @Flag(name: .long, help: "results: entries: paste each output into the known pixels instead of requiring them unchanged.")
    var composite = false

    @Option(name: .long, help: "Telea's method: radius ε of the neighbourhood in pixels (at least 1).")
    var teleaRadius: Double = 5

    @Flag(name: .long, help: "Telea's method: without the paper's first-order term (weighted mean of the neighbours).")
    var teleaZeroOrder = false

    @Option(name: .long, help: "Threads for each method and the FID network (default: all cores).")
    var threads: Int = defaultThreadCount

    @Option(name: .long, help: ArgumentHelp("Completion-network weights (.safetensors or otenim .pt).", valueName: "FILE"))
    var iizukaWeights: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Zero these channels of completion-network blocks in every iizuka entry without an @ablation of its own, e.g. conv1:44,conv14:44.",
            valueName: "LAYER:CH,..."))
    var iizukaAblate: String?

    @Option(name: .long, help: "Post-processing of the network's output: none or poisson.")
    var iizukaBlend: Inpainter.Blend = .none

    @Option(
        name: .long, help: ArgumentHelp("Mean pixel value filling the holes (default: from the weights).", valueName: "R,G,B"),
        transform: ArgumentValue.meanPixelValue)
    var iizukaMpv: MeanPixelValue?

    @Option(name: .long, help: precisionHelp(training: false))
    var iizukaPrecision: ComputePrecision = .f32

    @Option(name: .long, help: "Patch method: patch side (odd).")
    var patchSize: Int?

    @Option(name: .long, help: "Patch method: pyramid levels (default: automatic).")
    var patchLevels: Int?

    @Option(name: .long, help: "Patch method: PatchMatch iterations per search.")
    var patchIterations: Int?

    @Option(name: .long, help: "Patch method: seed of its random search.")
    var patchSeed: UInt64?

    @Flag(name: .long, help: "Patch method: no texture features in the patch distance.")
    var patchNoFeatures = false

    @Flag(name: .long, help: "Patch method: exact FFT nearest-neighbour search at the coarsest level.")
    var patchExactNN = false

    @OptionGroup var fidWeights: FIDWeightsOptions

    @Flag(name: .long, help: "Do not compute FID.")
    var noFID = false

    func validate() throws {
        if threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
        if !teleaRadius.isFinite || teleaRadius < 1 { throw ValidationError("--telea-radius must be at least 1, got \(teleaRadius)") }
    }

    /// Whether the user chose the methods (then a method that cannot run is an error, not a skip).
    var explicit: Bool { methods != nil }

    /// The methods to run: --methods, else the default list.
    var specs: [MethodSpec] { methods ?? MethodSpec.defaults }
}
