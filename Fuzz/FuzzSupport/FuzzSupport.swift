// What the libFuzzer targets share. Built only by scripts/fuzz (KOERS_FUZZ=1).

/// A fuzz target's test function: one input, 0 when it holds (a failure traps).
public typealias FuzzTest = @convention(c) (UnsafePointer<UInt8>, Int) -> CInt

/// Runs libFuzzer on `test`. SwiftPM links an executable with its `main` renamed to
/// `<Target>_main`, so libFuzzer's own `main` is never reached; each target defines that symbol
/// and starts libFuzzer's driver from it with this.
public func runFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>, _ test: FuzzTest) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments, test)
}

/// At least the number of lines in `bytes`: a line ends at LF, CRLF or a lone CR (old Mac
/// files), so counting every CR and LF is an upper bound for any message's line number.
public func lineBound(_ bytes: [UInt8]) -> Int {
    bytes.reduce(1) { $0 + ($1 == 0x0A || $1 == 0x0D ? 1 : 0) }
}

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                                 _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                                 _ test: FuzzTest) -> CInt
