// libFuzzer target: any bytes as a state table. Built only by scripts/fuzz (KOERS_FUZZ=1).
//
// What must hold for every input: no trap, and a file that is refused says so. A table that
// gives no header has logged an error; every message names the file and a line within it.
@testable import WorkspaceLoader
import CovenantModel
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let file = "state/schools.csv"
    let log = DiagnosticLog()
    let lineCount = lineBound(bytes)
    if let text = TextDecoding.decode(bytes, file: file, log: log) {
        if let table = CSVTable.parse(text, file: file, log: log) {
            var previous = 0
            for record in [table.header] + table.records {
                precondition(record.line >= 1 && record.line <= lineCount, "record line \(record.line) outside 1...\(lineCount)")
                precondition(record.line >= previous, "records out of order")
                previous = record.line
                for field in record.fields { precondition(field.column >= 1, "column \(field.column)") }
            }
        } else {
            precondition(log.hasErrors, "a table without a header was refused without a message")
        }
    } else {
        precondition(log.hasErrors, "undecodable bytes were refused without a message")
    }
    for message in log.diagnostics {
        precondition(message.location.file == file, "message about another file: \(message)")
        precondition(message.location.line <= lineCount, "message past the last line: \(message)")
    }
    return 0
}

/// SwiftPM renames `main` to `FuzzCSV_main`; libFuzzer starts from there.
@_cdecl("FuzzCSV_main")
public func fuzzCSVMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv, fuzzCSV)
}
