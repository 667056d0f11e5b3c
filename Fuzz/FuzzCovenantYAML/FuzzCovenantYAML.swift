// libFuzzer target: any bytes as covenant.yaml. Built only by scripts/fuzz (KOERS_FUZZ=1).
//
// What must hold for every input: no trap, and a covenant that is refused says why. Every
// message names covenant.yaml and a line within it.
@testable import WorkspaceLoader
import CovenantModel
import FuzzSupport
import Foundation

private let workspace = URL(fileURLWithPath: "/nonexistent-koers-fuzz-workspace")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCovenantYAML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let log = DiagnosticLog()
    let lineCount = lineBound(bytes) + 1
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

/// SwiftPM renames `main` to `FuzzCovenantYAML_main`; libFuzzer starts from there.
@_cdecl("FuzzCovenantYAML_main")
public func fuzzCovenantYAMLMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv, fuzzCovenantYAML)
}
