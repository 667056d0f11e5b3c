import PluginEngine
import ReportModel
import TargetJudgement

extension Evaluation {
    /// Failing rules and plugins on standard error, so that a script or CI log shows them.
    static func reportFailures(judgements: [TargetJudgement], problems: [PluginProblem]) {
        for judgement in judgements {
            if let failure = judgement.failure { StandardError.write("koers: error: \(judgement.targetID): \(failure)\n") }
        }
        for problem in problems { StandardError.write("koers: error: \(problem)\n") }
    }
}
