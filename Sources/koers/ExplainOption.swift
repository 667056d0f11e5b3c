import ArgumentParser
import CovenantModel
import ReportModel

/// `--explain TARGET`: the reasoning for one target, step by step.
struct ExplainOption: ParsableArguments {
    @Option(help: ArgumentHelp("Explain how this target got its status: what counted, the arithmetic, the threshold.", valueName: "target"))
    var explain: String?

    /// Checks the id against the covenant before any rule runs: a typo is a usage error.
    func validate(against covenant: Covenant, language: Language) throws {
        guard let explain else { return }
        let ids = covenant.targets.map(\.id)
        guard ids.contains(explain) else {
            StandardError.write(language.pick(
                "koers: fout: --explain: geen doel '\(explain)'\(Suggestion.didYouMean(explain, in: ids, language: .nl))\n  tip: de doelen zijn: \(ids.joined(separator: ", "))\n",
                "koers: error: --explain: no target '\(explain)'\(Suggestion.didYouMean(explain, in: ids))\n  hint: the targets are: \(ids.joined(separator: ", "))\n"))
            throw KoersExit.usage
        }
    }

    /// The explanation of the chosen target, as text.
    func text(_ report: Report) -> String? {
        guard let explain, let target = report.targets.first(where: { $0.id == explain }) else { return nil }
        return ExplanationBuilder(language: report.language, words: report.words).explain(target, asOf: report.asOf).text
    }
}
