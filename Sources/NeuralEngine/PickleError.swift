// Errors of the restricted pickle reader (Unpickler.swift).
import Foundation

/// Why a pickle stream could not be decoded. Every case names what was found, so that a user can tell a
/// truncated download from a file of another kind or a file that asks for code the reader will not run.
public enum PickleError: Error, CustomStringConvertible, LocalizedError {
    /// The stream ended inside an opcode or before STOP.
    case truncated(offset: Int, needed: Int)
    /// An opcode byte the reader does not implement (or that is not a pickle opcode at all).
    case unsupportedOpcode(opcode: UInt8, offset: Int)
    /// The stream names a global that the caller did not allow (the reader never imports or runs code).
    case forbiddenGlobal(String)
    /// An opcode needed more stack items than there were (above the last MARK).
    case stackUnderflow(opcode: String, offset: Int)
    /// A MARK-consuming opcode found no MARK.
    case missingMark(opcode: String, offset: Int)
    /// BINGET/GET of a memo slot that was never written.
    case missingMemo(index: Int, offset: Int)
    /// An operand had the wrong kind (e.g. APPEND to something that is not a list).
    case malformed(reason: String, offset: Int)
    /// BINPERSID/PERSID but the caller gave no persistent-load callback.
    case noPersistentLoad(offset: Int)
    /// The decoded structure refers to itself or nests too deep to turn into a value.
    case tooDeep(limit: Int)
    /// Turning the decoded structure into values took more than `limit` steps (a hostile stream).
    case tooMuchWork(limit: Int)

    public var description: String {
        switch self {
        case let .truncated(offset, needed):
            return
                "pickle data ends at byte \(offset) where \(needed) more byte(s) were expected: the file is truncated or corrupt; fetch it again"
        case let .unsupportedOpcode(opcode, offset):
            return
                "pickle opcode 0x\(String(opcode, radix: 16)) at byte \(offset) is not supported: the file is corrupt or uses a pickle feature this reader does not implement"
        case let .forbiddenGlobal(name):
            return
                "pickle data refers to the global \(name), which is not on this reader's allow-list: the file is not the expected kind of checkpoint (it may try to run code)"
        case let .stackUnderflow(opcode, offset):
            return "pickle opcode \(opcode) at byte \(offset) found too few values on the stack: the file is corrupt"
        case let .missingMark(opcode, offset):
            return "pickle opcode \(opcode) at byte \(offset) found no MARK: the file is corrupt"
        case let .missingMemo(index, offset):
            return "pickle memo entry \(index) read at byte \(offset) was never written: the file is corrupt"
        case let .malformed(reason, offset):
            return "pickle data malformed at byte \(offset): \(reason)"
        case let .noPersistentLoad(offset):
            return "pickle data at byte \(offset) refers to external storage, but no persistent-load handler was given"
        case let .tooDeep(limit):
            return "pickle data nests deeper than \(limit) levels or refers to itself: not a supported checkpoint"
        case let .tooMuchWork(limit):
            return
                "pickle data takes more than \(limit) steps to decode (shared structures rebuilt again and again): not a supported checkpoint"
        }
    }

    public var errorDescription: String? { description }
}
