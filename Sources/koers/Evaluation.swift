import CovenantModel
import PluginEngine
import ReportModel
import TargetJudgement

extension Evaluation {
    /// Failing rules and plugins on standard error, so that a script or CI log shows them.
    /// The Lua messages themselves are Lua's, in English, as stock Lua writes them.
    static func reportFailures(judgements: [TargetJudgement], problems: [PluginProblem], language: Language) {
        let prefix = language.pick("koers: fout: ", "koers: error: ")
        for judgement in judgements {
            if let failure = judgement.failure { StandardError.write("\(prefix)\(judgement.targetID): \(failure)\n") }
        }
        for problem in problems { StandardError.write("\(prefix)\(problem)\n") }
    }
}
