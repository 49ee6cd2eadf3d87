// The errors of the DeepInpaint module (inference set-up and inputs).

import Foundation

/// What went wrong setting up or running the completion network. Each case says what to change.
public enum DeepInpaintError: Error, CustomStringConvertible, LocalizedError {
    /// A mean pixel value string is not three numbers in [0, 1].
    case badMeanPixelValue(String)
    /// An ablation item is not `LAYER:CHANNEL`, names no completion-network block, or a channel out of range.
    case badAblation(item: String, reason: String)
    /// The image and mask sizes differ.
    case sizeMismatch(image: (width: Int, height: Int), mask: (width: Int, height: Int), index: Int)
    /// The image is not RGB.
    case notRGB(channels: Int, index: Int)
    /// The numbers of images and masks differ.
    case countMismatch(images: Int, masks: Int)
    /// The checkpoint's metadata names another architecture.
    case wrongArchitecture(expected: String, found: String)
    /// A metadata value could not be parsed.
    case badMetadata(key: String, value: String)
    /// An image larger than `Inpainter.maxPixels` (the network's activations would not fit in memory).
    case imageTooLarge(width: Int, height: Int, index: Int)

    public var description: String {
        switch self {
        case let .badMeanPixelValue(s):
            return "mean pixel value '\(s)' is not three numbers in [0, 1] separated by commas (e.g. 0.5042,0.4300,0.3891)"
        case let .badAblation(item, reason):
            return "ablation '\(item)': \(reason); use LAYER:CHANNEL items separated by commas, e.g. conv1:44,conv14:44"
        case let .sizeMismatch(image, mask, index):
            return
                "image \(index) is \(image.width)x\(image.height) but its mask is \(mask.width)x\(mask.height); give a mask of the image's size"
        case let .notRGB(channels, index):
            return "image \(index) has \(channels) channel(s); the completion network needs RGB"
        case let .countMismatch(images, masks):
            return "\(images) image(s) but \(masks) mask(s); give one mask per image"
        case let .wrongArchitecture(expected, found):
            return "the weights are for architecture '\(found)', not '\(expected)'"
        case let .imageTooLarge(width, height, index):
            return
                "image \(index) is \(width)x\(height); the completion network takes at most \(Inpainter.maxPixels) pixels (2048x2048, about 3 GB of activations): downscale or crop it"
        case let .badMetadata(key, value):
            return "checkpoint metadata '\(key)' has the unreadable or out-of-range value '\(value.prefix(100))'"
        }
    }

    public var errorDescription: String? { description }
}
