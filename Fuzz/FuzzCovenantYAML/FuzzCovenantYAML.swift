// libFuzzer target: any bytes as covenant.yaml. Built only by scripts/fuzz (KOERS_FUZZ=1).
//
// What must hold for every input: no trap, and a covenant that is refused says why. Every
// message names covenant.yaml and a line within it.
@testable import WorkspaceLoader
import CovenantModel
import Foundation

private let workspace = URL(fileURLWithPath: "/nonexistent-koers-fuzz-workspace")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCovenantYAML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let log = DiagnosticLog()
    // A line ends at LF, CRLF or a lone CR (old Mac files); counting every CR and LF is an upper bound.
    let lineCount = bytes.reduce(1) { $0 + ($1 == 0x0A || $1 == 0x0D ? 1 : 0) } + 1
    if let text = TextDecoding.decode(bytes, file: CovenantFile.path, log: log) {
        if CovenantFile.load(text, workspace: workspace, log: log) == nil {
            precondition(log.hasErrors, "a covenant was refused without a message")
        }
    } else {
        precondition(log.hasErrors, "undecodable bytes were refused without a message")
    }
    for message in log.diagnostics {
        precondition(message.location.file == CovenantFile.path || message.location.file.hasPrefix("rules/"),
                     "message about another file: \(message)")
        precondition(message.location.line <= lineCount, "message past the last line: \(message)")
    }
    return 0
}

/// SwiftPM links an executable with `main` renamed to `FuzzCovenantYAML_main`; libFuzzer's driver is
/// started from there instead of from its own `main`.
@_cdecl("FuzzCovenantYAML_main")
public func fuzzCovenantYAMLMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzCovenantYAML)
}

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                                 _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                                 _ test: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt
