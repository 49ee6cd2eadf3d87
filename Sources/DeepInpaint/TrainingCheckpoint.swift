// The checkpoint of a training run: one safetensors file RUN_DIR/checkpoint.safetensors written
// atomically (temporary file + rename), holding both networks' weights and BN statistics ("cn." and
// "cd." prefixes, otenim's state_dict names), both optimisers' state ("opt_cn.square_avg.<i>", …),
// in otenim-compat mode D's pending (leaked) gradients, and in its metadata the run's state as JSON
// (step, phase, seed, mpv, settings). Every random draw is a function of (seed, step), so the step is
// the whole RNG state. Beside it, RUN_DIR/cn.safetensors holds the completion network alone with its
// mpv and width, ready for inference, and RUN_DIR/cd.safetensors the discriminators alone (f16), for
// `--init-discriminators`.
import Foundation
import ImageCore
import NeuralEngine

/// What the metadata of a training checkpoint records.
public struct TrainingState: Codable, Equatable, Sendable {
    /// Format tag of the checkpoint.
    public var format = "inpainting-suite-training-v1"
    /// Completed steps.
    public var step: Int
    /// The phase of the next step.
    public var phase: Int
    /// The run's settings (architecture included).
    public var parameters: TrainingParameters
    /// Mean pixel value of the training set.
    public var meanPixel: [Float]
    /// The RNG state: every draw derives from (seed, step), so this is the seed and the step.
    public var rng: RNGState
    /// The convolution arithmetic of the run ("f32" or "bf16"); absent in checkpoints written before it was
    /// recorded, which ran in f32.
    public var precision: String? = nil
    /// Steps between checkpoints, kept by `--resume` unless given again; absent in older checkpoints.
    public var checkpointEvery: Int? = nil
    /// CPU seconds (all threads, user + system) the run spent to reach this checkpoint, summed over the
    /// processes that resumed it; the work of steps lost to a kill (past the last checkpoint) is not counted.
    /// Absent in checkpoints written before it was recorded.
    public var cpuSeconds: Double? = nil

    public struct RNGState: Codable, Equatable, Sendable {
        public var seed: UInt64
        public var step: Int
    }
}

extension Trainer {
    /// File name of the full training checkpoint inside a run folder.
    public static let checkpointName = "checkpoint.safetensors"
    /// File name of the completion network's inference weights inside a run folder.
    public static let completionWeightsName = "cn.safetensors"
    /// File name of the discriminators' weights and BatchNorm statistics (f16 storage, "cd." names) inside a
    /// run folder: what `--init-discriminators` reads to continue a run elsewhere from committed files.
    public static let discriminatorWeightsName = "cd.safetensors"

    /// Writes the checkpoint (and cn.safetensors) atomically into `folder`, recording the checkpoint interval
    /// and the CPU seconds spent so far when given.
    public func saveCheckpoint(to folder: URL, checkpointEvery: Int? = nil, cpuSeconds: Double? = nil) throws {
        let state = TrainingState(
            step: step, phase: phase.rawValue, parameters: parameters, meanPixel: meanPixel,
            rng: .init(seed: parameters.seed, step: step), precision: networks.precision.rawValue,
            checkpointEvery: checkpointEvery, cpuSeconds: cpuSeconds)
        var tensors = StateDict()
        tensors.merge(networks.completionStateDict(), prefix: "cn.")
        tensors.merge(networks.discriminatorStateDict(), prefix: "cd.")
        Self.addOptimiser(completionOptimiser, prefix: "opt_cn.", to: &tensors)
        Self.addOptimiser(discriminatorOptimiser, prefix: "opt_cd.", to: &tensors)
        if parameters.otenimCompat {
            for (i, p) in networks.discriminatorParameters.enumerated() { tensors["cd_pending_grad.\(i)"] = p.grad }
        }
        let json = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
        try SafeTensors.write(
            Checkpoint(tensors: tensors, metadata: ["training_state": json]),
            to: folder.appendingPathComponent(Self.checkpointName).path)
        try CompletionModelFile.save(
            networks.completion, meanPixelValue: MeanPixelValue(rgb: meanPixel),
            to: folder.appendingPathComponent(Self.completionWeightsName).path,
            step: step, phase: parameters.phase(ofStep: max(0, step - 1)).rawValue,
            extraMetadata: trainingMetadata(cpuSeconds: cpuSeconds))
        var discriminators = StateDict()
        discriminators.merge(networks.discriminatorStateDict(), prefix: "cd.")
        let dMetadata = [
            ModelMetadata.step: String(step), ModelMetadata.discriminatorBranches: parameters.discriminators.rawValue,
            "discriminator_width": String(parameters.discriminatorWidth), "format": "inpainting-suite-discriminators-v1"
        ]
        try SafeTensors.write(
            Checkpoint(tensors: discriminators, metadata: dMetadata),
            to: folder.appendingPathComponent(Self.discriminatorWeightsName).path, storage: .f16)
    }

    /// What cn.safetensors records of the training beyond ModelMetadata's keys: the budget and settings.
    func trainingMetadata(cpuSeconds: Double? = nil) -> [String: String] {
        var metadata = [
            "trained_images": String(step * parameters.batchSize),
            "training_size": String(parameters.size),
            "local_size": String(parameters.localSize),
            "batch_size": String(parameters.batchSize),
            "phase_steps": parameters.phaseSteps.map(String.init).joined(separator: ","),
            ModelMetadata.discriminatorBranches: parameters.discriminators.rawValue,
            "discriminator_width": String(parameters.discriminatorWidth),
            "seed": String(parameters.seed),
            "otenim_compat": String(parameters.otenimCompat),
            "learning_rate": String(parameters.adadelta.learningRate),
            "horizontal_flip": String(parameters.horizontalFlip),
            "trainer": "compare train (Swift, CPU)",
            ModelMetadata.precision: networks.precision.rawValue
        ]
        if let cpuSeconds { metadata["training_cpu_seconds"] = String(format: "%.0f", cpuSeconds) }
        return metadata
    }

    /// Reads the state recorded in a run folder's checkpoint (nil when the folder has none).
    public static func checkpointState(in folder: URL) throws -> (state: TrainingState, checkpoint: Checkpoint)? {
        let path = folder.appendingPathComponent(checkpointName).path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let checkpoint: Checkpoint
        do { checkpoint = try SafeTensors.read(path: path) } catch {
            throw TrainingError.badCheckpoint(path: path, reason: "\(error)")
        }
        guard let json = checkpoint.metadata["training_state"],
            let state = try? JSONDecoder().decode(TrainingState.self, from: Data(json.utf8))
        else {
            throw TrainingError.badCheckpoint(path: path, reason: "it has no training state (not made by compare train)")
        }
        return (state, checkpoint)
    }

    /// A trainer continuing the run saved in `folder`; the requested settings must agree with the run's
    /// architecture (width, sizes, discriminators, batch). The phase schedule may be extended.
    public static func resume(from folder: URL, requested: TrainingParameters) throws -> Trainer {
        guard let (state, checkpoint) = try checkpointState(in: folder) else {
            throw TrainingError.noCheckpoint(runFolder: folder.path)
        }
        let saved = state.parameters
        func check(_ field: String, _ a: String, _ b: String) throws {
            if a != b { throw TrainingError.architectureMismatch(runFolder: folder.path, field: field, checkpoint: a, requested: b) }
        }
        try check("--width", "\(saved.width)", "\(requested.width)")
        try check("--discriminator-width", "\(saved.discriminatorWidth)", "\(requested.discriminatorWidth)")
        try check("--size", "\(saved.size)", "\(requested.size)")
        try check("--local-size", "\(saved.localSize)", "\(requested.localSize)")
        try check("--discriminators", saved.discriminators.rawValue, requested.discriminators.rawValue)
        try check("--batch", "\(saved.batchSize)", "\(requested.batchSize)")
        try check("--seed", "\(saved.seed)", "\(requested.seed)")
        let trainer = Trainer(parameters: requested, meanPixel: state.meanPixel)
        do {
            try trainer.networks.loadCompletion(checkpoint.tensors.subdict(prefix: "cn."))
            try trainer.networks.loadDiscriminator(checkpoint.tensors.subdict(prefix: "cd."))
            try restoreOptimiser(trainer.completionOptimiser, prefix: "opt_cn.", from: checkpoint.tensors)
            try restoreOptimiser(trainer.discriminatorOptimiser, prefix: "opt_cd.", from: checkpoint.tensors)
            if requested.otenimCompat {
                for (i, p) in trainer.networks.discriminatorParameters.enumerated() {
                    if let g = checkpoint.tensors["cd_pending_grad.\(i)"] { p.grad = try checked(g, p.grad.shape, "cd_pending_grad.\(i)") }
                }
            }
        } catch let error as TrainingError {
            throw error
        } catch {
            throw TrainingError.architectureMismatch(
                runFolder: folder.path, field: "the network weights",
                checkpoint: "\(error)", requested: "this architecture")
        }
        trainer.step = state.step
        trainer.recordedPrecision = state.precision.flatMap(ComputePrecision.init(rawValue:)) ?? .f32
        trainer.recordedCheckpointEvery = state.checkpointEvery
        trainer.recordedCPUSeconds = state.cpuSeconds.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
        return trainer
    }

    static func addOptimiser(_ optimiser: Adadelta, prefix: String, to tensors: inout StateDict) {
        for (i, (sq, acc)) in zip(optimiser.squareAverages, optimiser.accumulatedDeltas).enumerated() {
            tensors[prefix + "square_avg.\(i)"] = Tensor(shape: [sq.count], data: sq)
            tensors[prefix + "acc_delta.\(i)"] = Tensor(shape: [acc.count], data: acc)
        }
        tensors[prefix + "step"] = Tensor(shape: [], data: [Float(optimiser.stepCount)])
    }

    static func restoreOptimiser(_ optimiser: Adadelta, prefix: String, from tensors: StateDict) throws {
        var sq: [[Float]] = [], acc: [[Float]] = []
        for (i, size) in optimiser.slotSizes.enumerated() {
            sq.append(try checked(tensors[prefix + "square_avg.\(i)"], [size], prefix + "square_avg.\(i)").data)
            acc.append(try checked(tensors[prefix + "acc_delta.\(i)"], [size], prefix + "acc_delta.\(i)").data)
        }
        let recorded = tensors[prefix + "step"]?.data.first ?? 0
        guard recorded.isFinite, recorded >= 0, recorded < 1e15 else {
            throw CheckpointError.nonFinite(key: prefix + "step", index: 0, value: recorded)
        }
        let steps = Int(recorded)
        optimiser.restore(squareAverages: sq, accumulatedDeltas: acc, stepCount: steps)
    }

    static func checked(_ t: Tensor?, _ shape: [Int], _ key: String) throws -> Tensor {
        guard let t else { throw CheckpointError.missingKey(key) }
        guard t.count == shape.reduce(1, *) else { throw CheckpointError.shapeMismatch(key: key, expected: shape, found: t.shape) }
        return Tensor(shape: shape, data: t.data)
    }
}
