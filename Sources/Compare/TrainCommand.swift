import ArgumentParser
import DeepInpaint
import Foundation
import NeuralEngine

/// `compare train`: trains the completion network and its discriminators (Iizuka et al. 2017, §3.3).
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the Iizuka et al. completion network on a folder of images (three phases, resumable).",
        discussion: """
            Phase 1 trains the completion network on the masked MSE, phase 2 the context discriminators alone, \
            phase 3 both with the adversarial term (otenim/GLCIC-PyTorch's schedule and losses). Checkpoints \
            (RUN_DIR/checkpoint.safetensors, RUN_DIR/cn.safetensors for inference, RUN_DIR/cd.safetensors for \
            --init-discriminators, a PNG grid in RUN_DIR/grids) \
            are written atomically every --checkpoint-every steps; losses go to RUN_DIR/losses.csv. A killed \
            run continues with --resume and gives the same losses as an uninterrupted one. Each checkpoint \
            records the CPU time the run has used so far, summed over resumes (training_cpu_seconds in \
            cn.safetensors).

            Example (a short run on the CelebA train split, val split as monitoring batch):
              compare train --data ../shared/data/celeba/img --partition ../shared/data/celeba/list_eval_partition.txt \\
                --out runs/celeba --phase-steps 2000,200,2000 --batch 8 --width 0.5 --checkpoint-every 100
            """)

    @Option(help: "Folder of JPEG/PNG training images.")
    var data: String

    @Option(
        help:
            "CelebA partition file ('file partition' lines: 0 train, 1 val, 2 test). Without it every image trains and the first 16 are the monitoring batch."
    )
    var partition: String?

    @Option(name: .customLong("out"), help: "Run folder for checkpoints, losses.csv and grids.")
    var out: String

    @Option(
        name: .customLong("phase-steps"), help: "Steps of phases 1,2,3, comma-separated (default: otenim's 90000,10000,400000).",
        transform: TrainCommand.parsePhaseSteps)
    var phaseSteps: [Int]?

    @OptionGroup var shape: TrainingShapeOptions

    @Option(help: "Weight of the adversarial term (default: the paper's 4e-4).")
    var alpha: Float?

    @Option(
        name: .customLong("learning-rate"),
        help:
            "Adadelta's learning rate for both networks (default: 1, PyTorch's and otenim's). A lower one late in phase 3 anneals; given with --resume it replaces the run's, which then differs from an uninterrupted one."
    )
    var learningRate: Float?

    @Flag(
        inversion: .prefixedNo,
        help:
            "Mirror each training crop left-right with probability 1/2 (default: off, as otenim). Given with --resume it replaces the run's setting."
    )
    var flip: Bool?

    @Option(help: "Seed of every random draw (initialisation, data order, crops, holes). (default: 0)")
    var seed: UInt64?

    @Option(
        name: .customLong("checkpoint-every"),
        help: "Steps between checkpoints (default: 1000; with --resume the run's, when its checkpoint records one).")
    var checkpointEvery: Int?

    @Flag(
        help:
            "Continue the run in --out from its last checkpoint, with its settings: those given again must agree with the run's architecture (width, sizes, batch, seed, discriminators); --phase-steps may extend the schedule."
    )
    var resume = false

    @Option(
        name: .customLong("init-network"),
        help: ArgumentHelp(
            "Start the completion network from this file (a run's cn.safetensors, the shipped model, an otenim checkpoint) instead of a fresh initialisation; its width must equal --width and its mpv, when recorded, becomes the run's. E.g. --phase-steps 0,200,2000 --init-network models/glcic-celeba.safetensors retrains phases 2 and 3 from a phase-1 network. Ignored with --resume.",
            valueName: "file"))
    var initNetwork: String?

    @Option(
        name: .customLong("init-discriminators"),
        help: ArgumentHelp(
            "Start the discriminators from this file (a run's cd.safetensors or checkpoint.safetensors) instead of a fresh initialisation; their --discriminators and --discriminator-width must be this run's. With --init-network, continues a run on another machine from committed files: e.g. --phase-steps 0,0,20000. The optimisers start afresh. Ignored with --resume.",
            valueName: "file"))
    var initDiscriminators: String?

    @OptionGroup var engineThreads: EngineThreadOptions

    @OptionGroup var precision: TrainingPrecisionOptions

    @Flag(
        name: .customLong("otenim-compat"), inversion: .prefixedNo,
        help:
            "Reproduce otenim's quirks: the network in train mode during phase 2, and the discriminator's gradient leak in phase 3 (default: off, the clean behaviour)."
    )
    var otenimCompat: Bool?

    /// The run's settings: those given on the command line over `base` (the defaults, or with --resume the
    /// settings recorded in the run's checkpoint).
    func parameters(base: TrainingParameters = TrainingParameters()) throws -> TrainingParameters {
        var p = base
        if let phaseSteps { p.phaseSteps = phaseSteps }
        shape.apply(to: &p)
        if let alpha { p.alpha = alpha }
        if let seed { p.seed = seed }
        if let otenimCompat { p.otenimCompat = otenimCompat }
        if let learningRate { p.adadelta.learningRate = learningRate }
        if let flip { p.horizontalFlip = flip }
        return try validated(p)
    }

    /// With --resume, the settings recorded in the run folder's checkpoint (nil without one or when it cannot
    /// be read: the run then reports that itself).
    func recordedParameters() -> TrainingParameters? {
        guard resume else { return nil }
        return (try? Trainer.checkpointState(in: URL(fileURLWithPath: out)))?.state.parameters
    }

    /// `--phase-steps`: three step counts.
    @Sendable static func parsePhaseSteps(_ text: String) throws -> [Int] {
        let steps = try ArgumentValue.integers(text, example: "90000,10000,400000")
        guard steps.count == 3 else {
            throw ValidationError("give three step counts separated by commas, e.g. 90000,10000,400000")
        }
        return steps
    }

    func validate() throws {
        _ = try parameters(base: recordedParameters() ?? TrainingParameters())
    }

    func run() throws {
        let options = TrainingRunOptions(
            data: URL(fileURLWithPath: data), partition: partition.map { URL(fileURLWithPath: $0) },
            runFolder: URL(fileURLWithPath: out), checkpointEvery: checkpointEvery, resume: resume,
            initialNetwork: initNetwork.map { URL(fileURLWithPath: $0) },
            initialDiscriminators: initDiscriminators.map { URL(fileURLWithPath: $0) },
            precision: precision.requested, engine: engineThreads.engineOptions)
        do {
            let base = recordedParameters() ?? TrainingParameters()
            try TrainingRun.run(try parameters(base: base), options: options, progress: TrainProgressPrinter().report)
        } catch let error as TrainingError {
            printToStandardError("error: \(error.description)")
            throw ExitCode.failure
        }
    }
}

/// Prints a run's events on stderr.
final class TrainProgressPrinter {
    /// The run's precision, shown in every step line.
    private var precision = ""

    func report(_ event: TrainingEvent) {
        var line: String
        switch event {
        case let .dataset(train, monitoring, unreadable, mpv):
            line =
                "data: \(train) training images, \(monitoring) monitoring images, mpv \(mpv.map { String(format: "%.4f", $0) }.joined(separator: ","))"
            if unreadable > 0 { line += "; \(unreadable) unreadable image(s) skipped" }
        case let .precision(p, requested, recorded):
            precision = p.rawValue
            line = "precision \(p) (convolutions; weights, BatchNorm, losses and Adadelta in f32)"
            if requested != p { line += "; \(requested) needs AVX512_BF16, which this CPU (or DNNL_MAX_CPU_ISA) lacks" }
            if let recorded, recorded != p {
                line += "; the checkpoint ran in \(recorded): the run continues in \(p), no longer bit-identical to an uninterrupted run"
            }
        case let .resumed(step):
            line = "resuming at step \(step)"
        case let .initialised(url, recordedStep):
            line = "completion network starts from \(url.path)" + (recordedStep.map { " (trained \($0) steps)" } ?? "")
        case let .initialisedDiscriminators(url, recordedStep):
            line = "discriminators start from \(url.path)" + (recordedStep.map { " (trained \($0) steps)" } ?? "")
        case let .step(l, total, rate, left):
            var parts = ["phase \(l.phase.rawValue)", "step \(l.step)/\(total)", precision]
            if !l.mse.isNaN { parts.append(String(format: "mse %.5f", l.mse)) }
            if !l.discriminator.isNaN { parts.append(String(format: "D %.4f", l.discriminator)) }
            if !l.adversarial.isNaN { parts.append(String(format: "adv %.4f", l.adversarial)) }
            parts.append(String(format: "%.2f img/s", rate))
            parts.append("left \(Self.duration(left))")
            line = parts.joined(separator: "  ")
        case let .checkpoint(step, grid, cpuSeconds):
            line = "checkpoint at step \(step)"
            if let cpuSeconds { line += String(format: " (%.2f CPU-hours so far)", cpuSeconds / 3600) }
            line += "; grid \(grid.path)"
        }
        printToStandardError(line)
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds)
        return s >= 3600 ? String(format: "%dh%02dm", s / 3600, s % 3600 / 60) : String(format: "%dm%02ds", s / 60, s % 60)
    }
}
