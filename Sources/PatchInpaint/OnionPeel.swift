// Onion-peel initialisation of the coarsest level (docs/patch-method.md §7; paper §2.3 "initialisation").
//
// The hole is filled one 1-pixel layer at a time from its border inwards. For each layer, the nearest-neighbour
// search compares only the pixels already known or filled (partial comparison), then the layer's pixels are
// reconstructed from the patches centred at known or filled pixels.

struct OnionPeel {
    let reconstruction: Reconstruction

    /// Fills the hole of `level`; `search` updates the field (with the given partial-comparison mask).
    /// Returns the number of layers.
    func run(
        _ level: inout LevelImage, field: inout NearestNeighborField,
        search: (LevelImage, inout NearestNeighborField, [Float]?, Int) -> Void
    ) -> Int {
        var remaining = level.hole
        var layers = 0
        while !remaining.isEmpty {
            let inner = remaining.eroded3x3()
            let compared = remaining.values.map { $0 ? Float(0) : 1 }
            search(level, &field, compared, layers)
            var layer = remaining
            for i in 0..<layer.values.count where inner.values[i] { layer.values[i] = false }
            let usable = remaining.values.map { !$0 }
            _ = reconstruction.weightedMean(&level, field: field, targets: layer, usable: usable)
            remaining = inner
            layers += 1
        }
        return layers
    }
}
