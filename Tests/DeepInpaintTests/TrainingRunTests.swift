import Foundation
import ImageCore
import NeuralEngine
import XCTest
@testable import DeepInpaint

/// Short runs on tiny images: the loss goes down, and a killed run resumed from its checkpoint gives the
/// losses of the run that was never killed.
final class TrainingRunTests: XCTestCase {
    private func tinyParameters(_ steps: [Int]) -> TrainingParameters { TrainingFixtures.tinyParameters(steps, seed: 11) }

    func testAFewDozenStepsHalveThePhaseOneLoss() throws {
        let data = try TrainingFixtures.imageFolder("halve-data", count: 4, width: 32, height: 36, for: self)
        let run = try TrainingFixtures.folder("halve-run", for: self)
        let p = tinyParameters([40, 0, 0])
        try TrainingRun.run(p, options: TrainingRunOptions(data: data, runFolder: run, checkpointEvery: 40))
        let losses = try LossLog.read(run.appendingPathComponent("losses.csv")).map(\.mse)
        XCTAssertEqual(losses.count, 40)
        let first = losses.prefix(3).reduce(0, +) / 3, last = losses.suffix(3).reduce(0, +) / 3
        XCTAssertLessThan(last, first / 2, "phase-1 loss went from \(first) to \(last): \(losses)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: run.appendingPathComponent("grids/step-0000040.png").path))
        let weights = try SafeTensors.read(path: run.appendingPathComponent("cn.safetensors").path)
        XCTAssertNotNil(weights.metadata["mpv"])
        XCTAssertEqual(weights.metadata["width_multiplier"], "0.25")
        XCTAssertEqual(weights.metadata["learning_rate"], "1.0")
        XCTAssertEqual(weights.metadata["horizontal_flip"], "false")
        let model = try CompletionModelFile.load(path: run.appendingPathComponent("cn.safetensors").path)
        XCTAssertEqual(model.network.widthMultiplier, 0.25)
        XCTAssertEqual(model.metadata["step"], "40")
    }

    func testResumedRunGivesTheLossesOfTheUninterruptedRun() throws {
        for compat in [false, true] {
            let data = try TrainingFixtures.imageFolder("resume-data", count: 6, width: 32, height: 40, for: self)
            var p = tinyParameters([2, 1, 5])
            p.otenimCompat = compat
            p.alpha = 0.5  // a strong adversarial term so that phase 3 exercises D's gradient into C
            let whole = try TrainingFixtures.folder("resume-whole", for: self)
            try TrainingRun.run(p, options: TrainingRunOptions(data: data, runFolder: whole, checkpointEvery: 4))
            let killed = try TrainingFixtures.folder("resume-killed", for: self)
            // "Killed" after step 5: its last checkpoint is at step 4 (in phase 3, so otenim-compat mode must carry
            // D's leaked gradient over) and losses.csv has a row past it.
            try TrainingRun.run(p, options: TrainingRunOptions(data: data, runFolder: killed, checkpointEvery: 4, stopAfterStep: 5))
            XCTAssertEqual(try LossLog.read(killed.appendingPathComponent("losses.csv")).count, 5)
            XCTAssertThrowsError(try TrainingRun.run(p, options: TrainingRunOptions(data: data, runFolder: killed, checkpointEvery: 4))) {
                XCTAssertEqual($0 as? TrainingError, .runFolderNotEmpty(path: killed.path))
            }
            let resumed = try TrainingRun.run(
                p, options: TrainingRunOptions(data: data, runFolder: killed, checkpointEvery: 4, resume: true))
            XCTAssertEqual(resumed.step, 8)
            let a = try String(contentsOf: whole.appendingPathComponent("losses.csv"), encoding: .utf8)
            let b = try String(contentsOf: killed.appendingPathComponent("losses.csv"), encoding: .utf8)
            XCTAssertEqual(a.split(separator: "\n").count, 9)
            XCTAssertEqual(a, b, "otenim-compat \(compat): resumed losses differ")
            let phases = try LossLog.read(whole.appendingPathComponent("losses.csv")).map(\.phase.rawValue)
            XCTAssertEqual(phases, [1, 1, 2, 3, 3, 3, 3, 3])
        }
    }

    func testARunStartsFromAGivenNetworkAndPhaseTwoLeavesItUnchanged() throws {
        let data = try TrainingFixtures.imageFolder("init-data", count: 4, width: 32, height: 32, for: self)
        let first = try TrainingFixtures.folder("init-first", for: self)
        try TrainingRun.run(tinyParameters([3, 0, 0]), options: TrainingRunOptions(data: data, runFolder: first, checkpointEvery: 3))
        let trained = first.appendingPathComponent("cn.safetensors")
        // Phases 2 and 3 only, from the phase-1 network, with another seed (another fresh initialisation).
        var p = tinyParameters([0, 2, 0])
        p.seed = 12
        let second = try TrainingFixtures.folder("init-second", for: self)
        let trainer = try TrainingRun.run(
            p,
            options: TrainingRunOptions(
                data: data, runFolder: second, checkpointEvery: 2,
                initialNetwork: trained))
        let a = try CompletionModelFile.load(path: trained.path)
        let b = try CompletionModelFile.load(path: second.appendingPathComponent("cn.safetensors").path)
        XCTAssertEqual(trainer.meanPixel, a.meanPixelValue?.rgb)
        // Phase 2 (clean behaviour) trains D only: C must still be exactly the network it started from.
        let (da, db) = (a.network.stateDict(), b.network.stateDict())
        XCTAssertEqual(da.keys, db.keys)
        for key in da.keys { XCTAssertEqual(db[key]?.data, da[key]?.data, key) }
        let fresh = try TrainingFixtures.folder("init-fresh", for: self)
        let control = try TrainingRun.run(p, options: TrainingRunOptions(data: data, runFolder: fresh, checkpointEvery: 2))
        XCTAssertNotEqual(control.networks.completionStateDict()["conv1.weight"]?.data, a.network.stateDict()["conv1.weight"]?.data)

        var wider = p
        wider.width = 0.5
        let third = try TrainingFixtures.folder("init-third", for: self)
        XCTAssertThrowsError(try TrainingRun.run(wider, options: TrainingRunOptions(data: data, runFolder: third, initialNetwork: trained)))
        { error in
            guard case .badInitialNetwork(_, let reason)? = error as? TrainingError, reason.contains("--width") else {
                return XCTFail("\(error)")
            }
        }
        XCTAssertThrowsError(
            try TrainingRun.run(
                p,
                options: TrainingRunOptions(
                    data: data, runFolder: third,
                    initialNetwork: data.appendingPathComponent("absent.safetensors")))
        ) { error in
            guard case .badInitialNetwork? = error as? TrainingError else { return XCTFail("\(error)") }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: third.appendingPathComponent("checkpoint.safetensors").path))
    }

    func testARunStartsFromGivenDiscriminators() throws {
        let data = try TrainingFixtures.imageFolder("initd-data", count: 4, width: 32, height: 32, for: self)
        let first = try TrainingFixtures.folder("initd-first", for: self)
        let trained = try TrainingRun.run(
            tinyParameters([1, 2, 1]), options: TrainingRunOptions(data: data, runFolder: first, checkpointEvery: 4))
        let cdFile = first.appendingPathComponent("cd.safetensors")
        let stored = try SafeTensors.read(path: cdFile.path)
        XCTAssertEqual(stored.metadata["step"], "4")
        let original = trained.networks.discriminatorStateDict()
        // Another seed draws other initial weights; the files replace them (f16-rounded from cd.safetensors,
        // exactly from checkpoint.safetensors).
        var p = tinyParameters([0, 0, 2])
        p.seed = 12
        for (name, file) in [("f16", cdFile), ("checkpoint", first.appendingPathComponent("checkpoint.safetensors"))] {
            let folder = try TrainingFixtures.folder("initd-\(name)", for: self)
            let t = try TrainingRun.run(
                p, options: TrainingRunOptions(data: data, runFolder: folder, stopAfterStep: 0, initialDiscriminators: file))
            let loaded = t.networks.discriminatorStateDict()
            XCTAssertEqual(loaded.keys, original.keys)
            for key in original.keys {
                let (a, b) = (original[key]!.data, loaded[key]!.data)
                if name == "checkpoint" {
                    XCTAssertEqual(a, b, key)
                } else {
                    XCTAssertEqual(b, stored.tensors["cd." + key]?.data, key)
                    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: 1e-3 * max(1, abs(x)), key) }
                }
            }
        }
        let fresh = try TrainingRun.run(
            p, options: TrainingRunOptions(data: data, runFolder: try TrainingFixtures.folder("initd-fresh", for: self), stopAfterStep: 0))
        let firstKey = original.keys[0]
        XCTAssertNotEqual(fresh.networks.discriminatorStateDict()[firstKey]?.data, original[firstKey]?.data)

        // Another width, another branch choice, a file without discriminators: clear errors, no run folder.
        var wider = p
        wider.discriminatorWidth = 0.5
        var local = p
        local.discriminators = .local
        let bad = try TrainingFixtures.folder("initd-bad", for: self)
        try FileManager.default.removeItem(at: bad)
        for (q, file) in [(wider, cdFile), (local, cdFile), (p, first.appendingPathComponent("cn.safetensors"))] {
            XCTAssertThrowsError(
                try TrainingRun.run(q, options: TrainingRunOptions(data: data, runFolder: bad, initialDiscriminators: file))
            ) {
                error in
                guard case .badInitialNetwork(let path, _)? = error as? TrainingError, path == file.path else { return XCTFail("\(error)") }
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: bad.path))
        }
    }

    func testResumeKeepsTheCheckpointIntervalAndAddsUpCPUTime() throws {
        let data = try TrainingFixtures.imageFolder("interval-data", count: 4, width: 32, height: 32, for: self)
        let run = try TrainingFixtures.folder("interval-run", for: self)
        let p = tinyParameters([6, 0, 0])
        try TrainingRun.run(p, options: TrainingRunOptions(data: data, runFolder: run, checkpointEvery: 2, stopAfterStep: 3))
        guard let (first, checkpoint) = try Trainer.checkpointState(in: run) else { return XCTFail("no checkpoint") }
        XCTAssertEqual(first.step, 2)
        XCTAssertEqual(first.checkpointEvery, 2)
        let firstCPU = try XCTUnwrap(first.cpuSeconds)
        XCTAssertGreaterThan(firstCPU, 0)
        // Pretend the first process had used 1,000 CPU seconds: the resumed run must add its own to them.
        var state = first
        state.cpuSeconds = 1000
        let json = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
        try SafeTensors.write(
            Checkpoint(tensors: checkpoint.tensors, metadata: ["training_state": json]),
            to: run.appendingPathComponent(Trainer.checkpointName).path)
        let cpu0 = Stopwatch.cpuNow()
        try TrainingRun.run(p, options: TrainingRunOptions(data: data, runFolder: run, resume: true))  // no interval given
        let used = Stopwatch.cpuNow() - cpu0
        let grids = try FileManager.default.contentsOfDirectory(atPath: run.appendingPathComponent("grids").path).sorted()
        XCTAssertEqual(grids, ["step-0000002.png", "step-0000004.png", "step-0000006.png"], "the resumed run kept --checkpoint-every 2")
        guard let (last, _) = try Trainer.checkpointState(in: run) else { return XCTFail("no checkpoint") }
        XCTAssertEqual(last.step, 6)
        let total = try XCTUnwrap(last.cpuSeconds)
        XCTAssertGreaterThan(total, 1000)
        XCTAssertLessThanOrEqual(total, 1000 + used + 1e-3)
        let weights = try SafeTensors.read(path: run.appendingPathComponent("cn.safetensors").path)
        XCTAssertEqual(weights.metadata["training_cpu_seconds"], String(format: "%.0f", total))
        // An interval given again replaces the recorded one.
        try TrainingRun.run(
            tinyParameters([9, 0, 0]), options: TrainingRunOptions(data: data, runFolder: run, checkpointEvery: 3, resume: true))
        XCTAssertEqual(try Trainer.checkpointState(in: run)?.state.checkpointEvery, 3)
        XCTAssertThrowsError(
            try TrainingRun.run(p, options: TrainingRunOptions(data: data, runFolder: run, checkpointEvery: 0, resume: true)))
        // A checkpoint that records no CPU time (an older one) is continued without one: no undercount.
        guard let (nine, nineCheckpoint) = try Trainer.checkpointState(in: run) else { return XCTFail("no checkpoint") }
        var older = nine
        older.cpuSeconds = nil
        let olderJSON = String(decoding: try JSONEncoder().encode(older), as: UTF8.self)
        try SafeTensors.write(
            Checkpoint(tensors: nineCheckpoint.tensors, metadata: ["training_state": olderJSON]),
            to: run.appendingPathComponent(Trainer.checkpointName).path)
        try TrainingRun.run(tinyParameters([10, 0, 0]), options: TrainingRunOptions(data: data, runFolder: run, resume: true))
        XCTAssertEqual(try Trainer.checkpointState(in: run)?.state.step, 10)
        XCTAssertNil(try Trainer.checkpointState(in: run)?.state.cpuSeconds)
        XCTAssertNil(try SafeTensors.read(path: run.appendingPathComponent("cn.safetensors").path).metadata["training_cpu_seconds"])
    }

    func testResumingWithAnotherArchitectureIsAClearError() throws {
        let data = try TrainingFixtures.imageFolder("arch-data", count: 4, width: 32, height: 32, for: self)
        let run = try TrainingFixtures.folder("arch-run", for: self)
        let p = tinyParameters([1, 0, 0])
        try TrainingRun.run(p, options: TrainingRunOptions(data: data, runFolder: run, checkpointEvery: 1))
        var wider = p
        wider.width = 0.5
        XCTAssertThrowsError(try TrainingRun.run(wider, options: TrainingRunOptions(data: data, runFolder: run, resume: true))) { error in
            guard case .architectureMismatch(_, "--width", "0.25", "0.5")? = error as? TrainingError else { return XCTFail("\(error)") }
        }
        var otherD = p
        otherD.discriminatorWidth = 1
        XCTAssertThrowsError(try TrainingRun.run(otherD, options: TrainingRunOptions(data: data, runFolder: run, resume: true))) { error in
            guard case .architectureMismatch(_, "--discriminator-width", _, _)? = error as? TrainingError else {
                return XCTFail("\(error)")
            }
        }
        let empty = try TrainingFixtures.folder("arch-empty", for: self)
        XCTAssertThrowsError(try TrainingRun.run(p, options: TrainingRunOptions(data: data, runFolder: empty, resume: true))) {
            XCTAssertEqual($0 as? TrainingError, .noCheckpoint(runFolder: empty.path))
        }
    }

    func testTimeLeftUsesMeasuredPhasesAndPyTorchRatiosForTheRest() {
        var p = TrainingParameters()
        p.phaseSteps = [2, 2, 2]
        p.batchSize = 4
        var clock = StepClock(parameters: p)
        XCTAssertTrue(clock.secondsLeft(afterStep: 0).isNaN)
        clock.record(phase: .completion, seconds: 1)
        clock.record(phase: .completion, seconds: 3)
        XCTAssertEqual(clock.imagesPerSecond(.completion), 2, accuracy: 1e-12)
        let phase2: Double = 4.79 / 8.17, phase3: Double = 10.84 / 8.17
        let expected: Double = 4 * phase2 + 4 * phase3  // a phase-1 step took 2 s on average
        XCTAssertEqual(clock.secondsLeft(afterStep: 2), expected, accuracy: 1e-9)
        clock.record(phase: .discriminator, seconds: 5)
        let expectedAfter3: Double = 5 + 4 * phase3
        XCTAssertEqual(clock.secondsLeft(afterStep: 3), expectedAfter3, accuracy: 1e-9)
    }
}
