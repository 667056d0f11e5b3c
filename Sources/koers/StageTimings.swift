import ArgumentParser
import Foundation

/// `--timings`: how long each stage of a command took, on standard error. The benchmark
/// (scripts/benchmark) reads these lines; users read them to see where a slow run spends its time.
final class StageTimings {
    private let isOn: Bool
    private var stages: [(name: String, seconds: Double)] = []
    private var last: UInt64
    private let start: UInt64

    init(isOn: Bool) {
        self.isOn = isOn
        start = DispatchTime.now().uptimeNanoseconds
        last = start
    }

    /// Ends the stage that ran since the previous mark (or since the start).
    func mark(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        stages.append((name, Double(now - last) / 1e9))
        last = now
    }

    /// One line: `koers: timings: load 0.031 s, rules 0.120 s, …, total 0.2 s`.
    func report() {
        guard isOn else { return }
        let total = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let parts = stages.map { "\($0.name) \(Self.seconds($0.seconds))" } + ["total \(Self.seconds(total))"]
        StandardError.write("koers: timings: \(parts.joined(separator: ", "))\n")
    }

    private static func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }
}

/// `--timings`, for the commands that judge the rules.
struct TimingsOption: ParsableArguments {
    @Flag(help: "Print how long each stage took (load, rules, render, write) on standard error.")
    var timings = false
}
