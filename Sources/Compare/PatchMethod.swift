import ComparisonKit
import ImageCore
import PatchInpaint

/// The patch-based method (PatchInpaint) as the driver runs it; stages per pyramid level.
final class PatchMethod: InpaintingMethod {
    let label = "patch"
    let inpainter: PatchInpainter
    var threads: Int { inpainter.parameters.threads }
    let loadSeconds: Double? = nil

    init(options: MethodOptions) {
        var p = Parameters()
        if let v = options.patchSize { p.patchSize = v }
        if let v = options.patchLevels { p.levels = v }
        if let v = options.patchIterations { p.patchMatchIterations = v }
        if let v = options.patchSeed { p.seed = v }
        if options.patchNoFeatures { p.useFeatures = false }
        if options.patchExactNN { p.exactNearestNeighbors = true }
        p.threads = options.threads
        inpainter = PatchInpainter(parameters: p)
    }

    var settings: [String: String] {
        let p = inpainter.parameters
        return [
            "patch size": "\(p.patchSize)", "levels": p.levels.map(String.init) ?? "auto",
            "features": "\(p.useFeatures)", "PatchMatch iterations": "\(p.patchMatchIterations)",
            "seed": "\(p.seed)", "exact NN": "\(p.exactNearestNeighbors)"
        ]
    }

    func inpaint(_ image: Image, mask: Mask) throws -> InpaintOutput {
        let result = try inpainter.inpaint(image, mask: mask)
        var stages = [StageTime(name: "setup", seconds: result.report.setupSeconds)]
        for level in result.report.levels {
            stages.append(StageTime(name: "L\(level.level).init", seconds: level.initialisationSeconds))
            stages.append(StageTime(name: "L\(level.level).patchmatch", seconds: level.searchSeconds))
            stages.append(StageTime(name: "L\(level.level).reconstruction", seconds: level.reconstructionSeconds))
        }
        return InpaintOutput(image: result.image, stages: stages)
    }
}
