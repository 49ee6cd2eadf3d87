// One level of the coarse-to-fine loop (docs/patch-method.md §9, steps 1–6).
import ImageCore

extension PatchInpainter {
    /// Initialises the level (onion peel at the coarsest, else upsampling), runs the search/reconstruct loop,
    /// and at level 0 the best-patch pass. `field` comes in from the coarser level and leaves for the finer one.
    func inpaintLevel(
        _ level: inout LevelImage, index: Int, coarsest: Bool, fullSize: Int,
        field: inout NearestNeighborField?
    ) -> LevelReport {
        let p = parameters
        let start = now()
        let sources = (0..<level.isSource.count).filter { level.isSource[$0] }.map { Int32($0) }
        let reconstruction = Reconstruction(percentile: p.sigmaPercentile, minimumSigma: p.minimumSigma, threads: p.threads)
        let search = searcher(
            level: level, index: index, exact: coarsest && p.exactNearestNeighbors, sources: sources,
            fullSize: fullSize)
        var current: NearestNeighborField
        var layers = 0
        if let coarse = field {
            var random = SplitMix64(seed: mixSeeds(p.seed, UInt64(index), 0x0905))
            current = coarse.upsampled(to: level, random: &random, sources: sources)
            _ = reconstruction.weightedMean(&level, field: current, targets: level.hole, usable: nil)
        } else {
            current = NearestNeighborField(width: level.width, height: level.height)
            layers = OnionPeel(reconstruction: reconstruction).run(&level, field: &current) { image, f, compared, call in
                search(image, &f, compared, 1000 + call)
            }
        }
        let initialised = now()
        var residuals: [Float] = []
        var searchSeconds = 0.0, reconstructionSeconds = 0.0
        while residuals.count < p.maxIterations && (residuals.last ?? .infinity) > p.residualThreshold {
            let t0 = now()
            search(level, &current, nil, residuals.count)
            let t1 = now()
            residuals.append(reconstruction.weightedMean(&level, field: current, targets: level.hole, usable: nil))
            searchSeconds += t1 - t0
            reconstructionSeconds += now() - t1
        }
        if index == 0 && p.bestPatchFinalPass {
            let t0 = now()
            reconstruction.bestPatch(&level, field: current)
            reconstructionSeconds += now() - t0
        }
        field = index > 0 ? current : nil
        return LevelReport(
            level: index, width: level.width, height: level.height,
            holePixels: level.hole.values.reduce(0) { $0 + ($1 ? 1 : 0) },
            initialisationLayers: layers, iterations: residuals.count, residuals: residuals,
            initialisationSeconds: initialised - start, searchSeconds: searchSeconds,
            reconstructionSeconds: reconstructionSeconds, totalSeconds: now() - start)
    }

    /// The nearest-neighbour search of a level: PatchMatch, or the exact FFT search. The closure takes the
    /// image, the field, the partial-comparison mask and a call number (which selects the random stream).
    func searcher(level: LevelImage, index: Int, exact: Bool, sources: [Int32], fullSize: Int)
        -> (LevelImage, inout NearestNeighborField, [Float]?, Int) -> Void
    {
        let p = parameters
        if exact {
            let exactSearch = ExactNearestNeighbors(threads: p.threads, useFeatures: p.useFeatures)
            let patchMatch = PatchMatchSearch(iterations: 0, radii: [], threads: p.threads)
            return { image, field, compared, call in
                // Redraw invalid entries first (the exact search keeps the offset where nothing is compared).
                patchMatch.run(
                    level: image, field: &field, compared: compared, sources: sources,
                    seed: mixSeeds(p.seed, UInt64(index), UInt64(call)))
                exactSearch.run(level: image, field: &field, compared: compared)
            }
        }
        let fullRadius = p.searchRadius ?? fullSize
        let patchMatch = PatchMatchSearch(
            iterations: p.patchMatchIterations,
            radii: PatchMatchSearch.radii(
                fullResolutionRadius: fullRadius, shrink: p.radiusShrink,
                levelWidth: level.width, levelHeight: level.height),
            threads: p.threads)
        return { image, field, compared, call in
            patchMatch.run(
                level: image, field: &field, compared: compared, sources: sources,
                seed: mixSeeds(p.seed, UInt64(index), UInt64(call)))
        }
    }
}
