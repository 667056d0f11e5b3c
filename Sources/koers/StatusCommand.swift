import ArgumentParser
import CovenantModel
import Foundation
import RuleEngine
import TargetJudgement

/// `koers status`: one line per target, or JSON, as of a day.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Judge every target with its rule script and print one line per target.",
        discussion: """
            Loads the workspace (refusing data with errors, as koers validate lists them), runs each \
            target's rule in the sandbox and prints its status, value, expected value, target and what \
            is still needed. A failing rule gives status 'fout' with its file and line; the other targets \
            are still judged.

            Exit codes: 0 all rules ran; 2 a rule failed (the output is still complete); 65 the data has \
            errors; 64 usage error.
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var limitOptions: LimitOptions

    @Flag(help: "Print JSON instead of lines.")
    var json = false

    func run() throws {
        let loaded = try workspace.loadValidated(for: "status")
        let state = loaded.state(asOf: asOf.day)
        let judgements = RuleRunner(workspace: workspace.url, limits: limitOptions.limits).judge(state)
        if json {
            print(try StatusJSON.text(judgements, state: state))
        } else {
            print(StatusLines.text(judgements, state: state), terminator: "")
        }
        for judgement in judgements {
            if let failure = judgement.failure { StandardError.write("koers: error: \(judgement.targetID): \(failure)\n") }
        }
        if judgements.contains(where: { $0.status == .error }) { throw KoersExit.scriptFailed }
    }
}

/// The status as aligned lines, in Dutch.
enum StatusLines {
    static func text(_ judgements: [TargetJudgement], state: CovenantState) -> String {
        var rows = [["doel", "status", "waarde", "verwacht", "doel", "nog nodig"]]
        for judgement in judgements {
            rows.append([judgement.targetID, judgement.status.dutchLabel, number(judgement.value), number(judgement.expected),
                         number(judgement.target), number(judgement.needed)])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max()! }
        var out = "Stand van \(state.covenant.name) op \(state.asOf) (schooljaar \(state.schoolYear))\n\n"
        for row in rows {
            out += row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ") + "\n"
        }
        return out
    }

    static func number(_ value: Double?) -> String {
        guard let value else { return "–" }
        if value == value.rounded() { return String(Int(value)) }
        return String(format: "%.1f", value).replacingOccurrences(of: ".", with: ",")
    }
}

/// The status as JSON, with sorted keys so the same inputs give the same bytes.
enum StatusJSON {
    struct Target: Encodable {
        var id: String
        var status: String
        var value: Double?
        var target: Double?
        var expected: Double?
        var needed: Double?
        var projection: Double?
        var error: String?
    }
    struct Document: Encodable {
        var asOf: String
        var targets: [Target]
        enum CodingKeys: String, CodingKey { case asOf = "as_of", targets }
    }

    static func text(_ judgements: [TargetJudgement], state: CovenantState) throws -> String {
        let document = Document(asOf: state.asOf.description, targets: judgements.map { judgement in
            Target(id: judgement.targetID, status: judgement.status.rawValue, value: judgement.value, target: judgement.target,
                   expected: judgement.expected, needed: judgement.needed, projection: judgement.projection,
                   error: judgement.failure?.description)
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }
}
