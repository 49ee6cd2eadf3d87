// A whole training run: checks the data, builds or resumes the trainer, runs the steps with the next
// batch decoding in the background, logs every step's losses, and checkpoints every N steps (weights,
// optimiser states, step, mpv; a PNG grid of the monitoring batch's completions).
import Foundation
import ImageCore
import NeuralEngine

/// Where a run reads and writes, and how often it checkpoints.
public struct TrainingRunOptions: Sendable {
    /// Folder of JPEG/PNG training images.
    public var data: URL
    /// CelebA partition file (train split for training, val split for monitoring), or nil.
    public var partition: URL?
    /// The run folder (checkpoint.safetensors, cn.safetensors, losses.csv, grids/).
    public var runFolder: URL
    /// Steps between checkpoints (a checkpoint is also written after the last step); nil: the resumed run's
    /// recorded interval, else `TrainingRunOptions.defaultCheckpointEvery`.
    public var checkpointEvery: Int?
    /// The interval of a fresh run that gives none (and of a resumed one whose checkpoint records none).
    public static let defaultCheckpointEvery = 1000
    /// Continue the run saved in `runFolder`.
    public var resume: Bool
    /// Stop (without a checkpoint) once this many steps are done — simulates a killed run in tests.
    public var stopAfterStep: Int?
    /// A completion network file (`cn.safetensors` of another run, the shipped model, an otenim checkpoint)
    /// to start from instead of a fresh initialisation — e.g. one phase-1 network retrained through phases 2
    /// and 3 with each discriminator choice (the seed review's ablation). Its width must be `--width`; its
    /// mean pixel value, when recorded, becomes the run's. Ignored when resuming (the checkpoint holds it).
    public var initialNetwork: URL?
    /// A discriminators file (`cd.safetensors` of another run, or its `checkpoint.safetensors`) to start D
    /// from instead of a fresh initialisation, so that a run continued from committed weights on another
    /// machine need not retrain D through phase 2 (docs/network-and-training.md §3.2). Its width and branches
    /// must be the run's. Ignored when resuming.
    public var initialDiscriminators: URL?
    /// The convolution arithmetic (docs/bf16.md). nil: the checkpoint's when resuming (bit-identical
    /// continuation), else bf16 where the CPU has it (`ComputePrecision.trainingDefault`). bf16 runs only
    /// where available (`ComputePrecision.effective`).
    public var precision: ComputePrecision?
    /// The networks' engine settings (threads, lowering, work budget; NeuralEngine's `EngineOptions`).
    public var engine: EngineOptions

    public init(
        data: URL, partition: URL? = nil, runFolder: URL, checkpointEvery: Int? = nil, resume: Bool = false,
        stopAfterStep: Int? = nil, initialNetwork: URL? = nil, initialDiscriminators: URL? = nil,
        precision: ComputePrecision? = nil, engine: EngineOptions = EngineOptions()
    ) {
        self.initialDiscriminators = initialDiscriminators
        self.precision = precision
        self.engine = engine
        self.data = data
        self.partition = partition
        self.runFolder = runFolder
        self.checkpointEvery = checkpointEvery
        self.resume = resume
        self.stopAfterStep = stopAfterStep
        self.initialNetwork = initialNetwork
    }
}

/// What a run reports as it goes (the library never prints; the caller decides).
public enum TrainingEvent: Sendable {
    /// The data was scanned: image counts and the mean pixel value used.
    case dataset(trainImages: Int, monitoringImages: Int, unreadable: Int, meanPixel: [Float])
    /// The convolution arithmetic that runs, the one asked for (explicitly or by default; it differs where
    /// the CPU lacks BF16), and the checkpoint's (nil for a fresh run; a different one is allowed: the run
    /// continues, no longer bit-identical to an uninterrupted one).
    case precision(ComputePrecision, requested: ComputePrecision, checkpoint: ComputePrecision?)
    /// The run continues from a checkpoint at this step.
    case resumed(step: Int)
    /// The completion network starts from this file's weights (and its mpv, when it records one).
    case initialised(from: URL, recordedStep: Int?)
    /// The discriminators start from this file's weights and BatchNorm statistics.
    case initialisedDiscriminators(from: URL, recordedStep: Int?)
    /// A step finished.
    case step(StepLosses, totalSteps: Int, imagesPerSecond: Double, secondsLeft: Double)
    /// A checkpoint and its grid were written; `cpuSeconds` is the run's CPU time so far (all resumes; nil when
    /// the run was resumed from a checkpoint that records none).
    case checkpoint(step: Int, grid: URL, cpuSeconds: Double?)
}

/// Runs training from the command line's settings.
public enum TrainingRun {
    /// Runs (or resumes) a run to the end of its schedule, or to `options.stopAfterStep`; returns the trainer.
    @discardableResult
    public static func run(
        _ parameters: TrainingParameters, options: TrainingRunOptions,
        progress: (TrainingEvent) -> Void = { _ in }
    ) throws -> Trainer {
        let cpuAtStart = Stopwatch.cpuNow()
        try parameters.validate()
        if let every = options.checkpointEvery, every < 1 {
            throw TrainingError.badSetting(name: "--checkpoint-every", value: "\(every)", reason: "must be at least 1")
        }
        let folder = options.runFolder
        if !options.resume, FileManager.default.fileExists(atPath: folder.appendingPathComponent(Trainer.checkpointName).path) {
            throw TrainingError.runFolderNotEmpty(path: folder.path)
        }
        let resumed = options.resume ? try Trainer.resume(from: folder, requested: parameters) : nil
        let initial = resumed == nil ? try options.initialNetwork.map { try InitialNetwork(url: $0, width: parameters.width) } : nil
        let initialD = resumed == nil ? try options.initialDiscriminators.map { try InitialDiscriminators(url: $0) } : nil
        let dataset = try TrainingDataset(folder: options.data, partitionFile: options.partition, size: parameters.size)
        let trainer =
            try resumed
            ?? {
                let t = Trainer(parameters: parameters, meanPixel: initial?.meanPixel ?? dataset.meanPixel)
                if let initial { try initial.load(into: t) }
                if let initialD { try initialD.load(into: t) }
                return t
            }()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)  // only once data and weights are good
        progress(
            .dataset(
                trainImages: dataset.trainFiles.count, monitoringImages: dataset.monitoringFiles.count,
                unreadable: dataset.unreadableCount, meanPixel: trainer.meanPixel))
        trainer.engineOptions = options.engine
        let requested = options.precision ?? resumed?.recordedPrecision ?? ComputePrecision.trainingDefault
        trainer.networks.precision = requested.effective
        progress(.precision(trainer.networks.precision, requested: requested, checkpoint: resumed?.recordedPrecision))
        if let resumed { progress(.resumed(step: resumed.step)) }
        if let initial { progress(.initialised(from: initial.url, recordedStep: initial.recordedStep)) }
        if let initialD { progress(.initialisedDiscriminators(from: initialD.url, recordedStep: initialD.recordedStep)) }
        let checkpointEvery =
            options.checkpointEvery ?? resumed?.recordedCheckpointEvery.flatMap { $0 >= 1 ? $0 : nil }
            ?? TrainingRunOptions.defaultCheckpointEvery
        // A run resumed from a checkpoint that records no CPU time (written before it was recorded) records none:
        // counting from zero would understate it.
        let cpuBefore: Double? = resumed == nil ? 0 : resumed?.recordedCPUSeconds
        let log = try LossLog(url: folder.appendingPathComponent("losses.csv"), keepingThrough: trainer.step)
        let loader = BatchLoader(
            files: dataset.trainFiles, batchSize: parameters.batchSize, size: parameters.size,
            seed: parameters.seed, flip: parameters.horizontalFlip)
        let monitor = try MonitoringBatch(files: dataset.monitoringFiles, parameters: parameters, meanPixel: trainer.meanPixel)
        let end = min(parameters.totalSteps, options.stopAfterStep ?? .max)
        var clock = StepClock(parameters: parameters)
        while trainer.step < end {
            let started = Date()
            let x = try loader.batch(step: trainer.step)
            let losses = trainer.trainStep(images: x)
            clock.record(phase: losses.phase, seconds: Date().timeIntervalSince(started))
            try log.append(losses)
            progress(
                .step(
                    losses, totalSteps: parameters.totalSteps, imagesPerSecond: clock.imagesPerSecond(losses.phase),
                    secondsLeft: clock.secondsLeft(afterStep: trainer.step)))
            if trainer.step % checkpointEvery == 0 || trainer.step == parameters.totalSteps {
                let cpuSeconds = cpuBefore.map { $0 + Stopwatch.cpuNow() - cpuAtStart }
                try trainer.saveCheckpoint(to: folder, checkpointEvery: checkpointEvery, cpuSeconds: cpuSeconds)
                try log.synchronize()
                let grid = folder.appendingPathComponent("grids/step-\(String(format: "%07d", trainer.step)).png")
                try ImageFile.writePNG(monitor.grid(trainer.networks), to: grid)
                progress(.checkpoint(step: trainer.step, grid: grid, cpuSeconds: cpuSeconds))
            }
        }
        return trainer
    }
}

/// The completion network a run starts from (`TrainingRunOptions.initialNetwork`), checked before any file
/// of the run is written.
struct InitialNetwork {
    let url: URL
    let file: CompletionModelFile
    var meanPixel: [Float]? { file.meanPixelValue?.rgb }
    var recordedStep: Int? { file.metadata[ModelMetadata.step].flatMap { Int($0) } }

    init(url: URL, width: Double) throws {
        self.url = url
        do { file = try CompletionModelFile.load(path: url.path) } catch {
            throw TrainingError.badInitialNetwork(path: url.path, reason: "\(error)")
        }
        let found = Double(file.network.widthMultiplier)
        guard abs(found - width) < 1e-6 else {
            throw TrainingError.badInitialNetwork(
                path: url.path, reason: "its width multiplier is \(found) but --width is \(width); pass --width \(found)")
        }
    }

    func load(into trainer: Trainer) throws {
        do { try trainer.networks.loadCompletion(file.network.stateDict()) } catch {
            throw TrainingError.badInitialNetwork(path: url.path, reason: "\(error)")
        }
    }
}

/// The discriminators a run starts from (`TrainingRunOptions.initialDiscriminators`): the "cd." tensors of a
/// run's cd.safetensors or checkpoint.safetensors, read before the data is scanned and loaded strictly (names,
/// shapes, finite values) before any file of the run is written.
struct InitialDiscriminators {
    let url: URL
    let tensors: StateDict
    let recordedStep: Int?

    init(url: URL) throws {
        self.url = url
        let checkpoint: Checkpoint
        do { checkpoint = try SafeTensors.read(path: url.path) } catch {
            throw TrainingError.badInitialNetwork(path: url.path, reason: "\(error)")
        }
        tensors = checkpoint.tensors.subdict(prefix: "cd.")
        guard tensors.count > 0 else {
            throw TrainingError.badInitialNetwork(
                path: url.path,
                reason: "it holds no discriminator tensors ('cd.' names; a run's cd.safetensors or checkpoint.safetensors has them)")
        }
        let json = checkpoint.metadata["training_state"].flatMap { try? JSONDecoder().decode(TrainingState.self, from: Data($0.utf8)) }
        recordedStep = json?.step ?? checkpoint.metadata[ModelMetadata.step].flatMap { Int($0) }
    }

    func load(into trainer: Trainer) throws {
        do { try trainer.networks.loadDiscriminator(tensors) } catch {
            throw TrainingError.badInitialNetwork(
                path: url.path,
                reason:
                    "its discriminators do not fit --discriminators \(trainer.parameters.discriminators.rawValue) --discriminator-width \(trainer.parameters.discriminatorWidth) (\(error))"
            )
        }
    }
}

/// The fixed monitoring batch: centre crops of the monitoring images with holes drawn once from the seed.
struct MonitoringBatch {
    let images: Tensor
    let mask: Tensor
    var input: Tensor

    init(files: [URL], parameters: TrainingParameters, meanPixel: [Float]) throws {
        images = try BatchLoader.loadBatch(files, size: parameters.size) { _, _ in nil }
        let sampler = HoleSampler(parameters: .init(imageSize: parameters.size, localSize: parameters.localSize))
        var rng = stepGenerator(seed: parameters.seed, step: 0, stream: .monitoring)
        var m = Tensor(shape: [files.count, 1, parameters.size, parameters.size])
        sampler.fillMask(sampler.batch(count: files.count, using: &rng).holes, into: &m)
        mask = m
        input = Tensor(shape: [files.count, 4, parameters.size, parameters.size])
        MonitoringGrid.networkInput(images: images, mask: mask, meanPixel: meanPixel, into: &input)
    }

    /// The grid of the current network's completions (eval mode).
    func grid(_ networks: TrainingNetworks) -> Image {
        let output = networks.completionOutput(input, trainMode: false)
        return MonitoringGrid.image(images: images, input: input, output: output, mask: mask)
    }
}

/// Step times per phase, for the progress line: images/s of the current phase and the time left, the
/// phases not yet seen estimated from phase 1 with PyTorch's relative step costs (8.17 / 4.79 / 10.84 s).
struct StepClock {
    let parameters: TrainingParameters
    private var total = [Double](repeating: 0, count: 3)
    private var count = [Int](repeating: 0, count: 3)
    static let relativeCost: [Double] = [1, 4.79 / 8.17, 10.84 / 8.17]

    init(parameters: TrainingParameters) { self.parameters = parameters }

    mutating func record(phase: TrainingPhase, seconds: Double) {
        total[phase.rawValue - 1] += seconds
        count[phase.rawValue - 1] += 1
    }

    func imagesPerSecond(_ phase: TrainingPhase) -> Double {
        let i = phase.rawValue - 1
        return count[i] == 0 ? 0 : Double(count[i] * parameters.batchSize) / max(total[i], 1e-9)
    }

    /// Seconds for the steps after `step` (1-based count of steps done).
    func secondsLeft(afterStep step: Int) -> Double {
        guard let known = (0..<3).first(where: { count[$0] > 0 }) else { return .nan }
        let unit = total[known] / Double(count[known]) / Self.relativeCost[known]  // a phase-1 step's time
        var left = 0.0, start = 0
        for phase in 0..<3 {
            let end = start + parameters.phaseSteps[phase]
            let remaining = max(0, end - max(start, step))
            let perStep = count[phase] > 0 ? total[phase] / Double(count[phase]) : unit * Self.relativeCost[phase]
            left += Double(remaining) * perStep
            start = end
        }
        return left
    }
}
