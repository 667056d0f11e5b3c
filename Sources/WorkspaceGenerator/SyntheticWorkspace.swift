import Foundation

/// A synthetic workspace for measuring Koers: the default covenant's targets, rules and plugins,
/// with invented state at the size of Amsterdam or of the whole country.
///
/// Every record is invented (its `source` is `voorbeeld`, which marks example records) and the
/// same scale, factor and seed always give the same bytes. The covenant runs over five school
/// years (2022-23 to 2026-27) so that each school has five years of records.
public struct SyntheticWorkspace: Sendable {
    /// How big the invented state is.
    public struct Scale: Sendable, Equatable {
        public var schools: Int
        public var institutions: Int
        public var routes: Int
        public var events: Int

        /// About the size of the Amsterdam covenant.
        public static let amsterdam = Scale(schools: 35, institutions: 5, routes: 30, events: 600)
        /// About every region of the country together.
        public static let national = Scale(schools: 1_500, institutions: 70, routes: 12_000, events: 250_000)

        public init(schools: Int, institutions: Int, routes: Int, events: Int) {
            self.schools = schools
            self.institutions = institutions
            self.routes = routes
            self.events = events
        }

        /// Every count times `factor` (at least one school and one institution).
        public func scaled(by factor: Double) -> Scale {
            func times(_ count: Int, minimum: Int) -> Int { max(minimum, Int((Double(count) * factor).rounded())) }
            return Scale(schools: times(schools, minimum: 4), institutions: times(institutions, minimum: 1),
                         routes: times(routes, minimum: 4), events: times(events, minimum: 40))
        }
    }

    public var scale: Scale
    public var seed: UInt64

    public init(scale: Scale, seed: UInt64) {
        self.scale = scale
        self.seed = seed
    }

    /// The files of the workspace's `state/` folder, by name.
    public func stateFiles() -> [String: String] {
        var writer = StateWriter(scale: scale, random: SeededRandom(seed: seed))
        return writer.write()
    }

    /// `covenant.yaml` for this scale, made from the default workspace's: the same targets and
    /// rules, a five-year period, and count targets in proportion to the number of schools.
    public func covenant(from defaultCovenant: String) -> String {
        var text = defaultCovenant
        text = text.replacingOccurrences(of: "\nname: ", with: "\nname: (synthetisch) ", options: [], range: nil)
        text = replaceLine(in: text, starting: "region: ", with: "region: Synthetisch (\(scale.schools) vo-scholen, koers generate)")
        text = replaceLine(in: text, starting: "  baseline: 20", with: "  baseline: 2022-08-01        # synthetic: five school years")
        text = text.replacingOccurrences(of: "date: 2024-01-01}", with: "date: 2022-08-01}")
        text = replaceParties(in: text)
        let schoolFactor = Double(scale.schools) / Double(Scale.amsterdam.schools)
        for id in ["routes-vmbo-b", "routes-vmbo-t"] {
            text = scaleCounts(in: text, target: id, factor: schoolFactor)
        }
        let header = """
            # SYNTHETIC covenant written by `koers generate` for benchmarks: the targets and rules of the
            # Amsterdam covenant, with every record in state/ invented (source: voorbeeld).

            """
        return header + text
    }

    private func replaceLine(in text: String, starting prefix: String, with replacement: String) -> String {
        var lines = text.components(separatedBy: "\n")
        if let index = lines.firstIndex(where: { $0.hasPrefix(prefix) }) { lines[index] = replacement }
        return lines.joined(separator: "\n")
    }

    /// The parties are every synthetic board (the real ones are not in the invented state), so
    /// that every school and institution is judged, as in a covenant all boards signed.
    private func replaceParties(in text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "parties:") else { return text }
        var end = start + 1
        while end < lines.count, lines[end].hasPrefix("  - ") || lines[end].hasPrefix("  #") { end += 1 }
        let voBoards = (0..<max(1, scale.schools / 5)).map { board in
            "  - {name: Synthetisch vo-bestuur \(board + 1), role: vo, board: vo-bestuur-\(pad(board + 1, 4))}"
        }
        let mboBoards = (0..<scale.institutions).map { index in
            "  - {name: Synthetisch mbo-bestuur \(index + 1), role: mbo, board: mbo-bestuur-\(pad(index + 1, 3))}"
        }
        lines.replaceSubrange(start + 1..<end, with: voBoards + mboBoards + ["  - {name: Gemeente (synthetisch), role: gemeente}"])
        return lines.joined(separator: "\n")
    }

    /// Multiplies the baseline and target value of one target's block.
    private func scaleCounts(in text: String, target id: String, factor: Double) -> String {
        var lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "  - id: \(id)") else { return text }
        var index = start + 1
        while index < lines.count, !lines[index].hasPrefix("  - id: ") {
            for key in ["baseline: {value: ", "target: {value: "] {
                guard let range = lines[index].range(of: key) else { continue }
                let digits = lines[index][range.upperBound...].prefix { $0.isNumber }
                if let value = Int(digits) {
                    let scaled = Int((Double(value) * factor).rounded())
                    lines[index].replaceSubrange(range.upperBound..<lines[index].index(range.upperBound, offsetBy: digits.count),
                                                 with: String(scaled))
                }
            }
            index += 1
        }
        return lines.joined(separator: "\n")
    }
}

/// SplitMix64: small, fast and the same on every platform, so a seed gives the same workspace
/// everywhere (and the same edits in tests that change a workspace at random).
public struct SeededRandom {
    private var state: UInt64

    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<upperBound`.
    public mutating func below(_ upperBound: Int) -> Int { Int(next() % UInt64(max(upperBound, 1))) }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }

    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
