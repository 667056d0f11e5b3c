import CovenantModel
import TargetJudgement

/// A target's path through the covenant period, for its chart: the baseline, the goal, the
/// path the method expects, the values actually judged on earlier days, and the projection.
public struct Trajectory: Sendable {
    /// A value on a day: the same points a rule returns for its expected path.
    public typealias Point = PathPoint

    /// The first day the chart shows: the baseline date, or the first day judged when that is
    /// earlier (an indicator's line starts on its baseline period's last day, months after the
    /// covenant's baseline), so that no value is drawn outside the chart.
    public var start: Day
    /// The last day the chart shows: the deadline, or the evaluation date when that is later.
    public var end: Day
    public var asOf: Day
    /// The day the status compared the value with the expected path: the evaluation date, or the
    /// day of the newest measurement a share rests on.
    public var expectedOn: Day
    public var baseline: Point?
    public var goal: Point
    /// The expected path as one or more lines: one from baseline to goal, or for a target per
    /// school year one line per school year from 0 to the goal (the running year pro rata).
    public var expectedPath: [[Point]]
    /// The value the rule gave on each sampled day, oldest first; days without a value are left out.
    public var actual: [Point]
    /// From the value on `asOf` to the projected value at the deadline; empty when there is none.
    public var projection: [Point]
}

/// The days on which a report judges the past: the first of every month after the baseline date
/// up to the evaluation date, and the evaluation date itself. Monthly points draw a smooth enough
/// line for a period of years and cost one judgement per month.
public enum TrajectorySampling {
    public static func days(from baseline: Day, to asOf: Day) -> [Day] {
        var days: [Day] = []
        var year = baseline.year, month = baseline.month
        while true {
            month += 1
            if month > 12 { month = 1; year += 1 }
            let day = Day(year: year, month: month, day: 1)!
            guard day < asOf else { break }
            days.append(day)
        }
        return (baseline < asOf ? [baseline] : []) + days + [asOf]
    }
}

extension Trajectory {
    init(target: Target, judgement: TargetJudgement, history: [(day: Day, value: Double?)], asOf: Day) {
        actual = history.compactMap { sample in sample.value.map { Point(day: sample.day, value: $0) } }
        start = min(target.baselineDate, asOf, actual.first?.day ?? asOf)
        end = max(target.deadline, asOf)
        self.asOf = asOf
        expectedOn = judgement.expectedOn ?? asOf
        baseline = target.baselineValue.map { Point(day: target.baselineDate, value: $0) }
        goal = Point(day: target.deadline, value: target.targetValue)
        if let path = judgement.expectedPath, !path.isEmpty {
            // The line the status compared, exactly: the chart must not draw a line of its own.
            expectedPath = path
        } else {
            expectedPath = Self.defaultPath(target)
        }
        if let projected = judgement.projection, let value = judgement.value, asOf < target.deadline {
            let projectionEnd = judgement.projectionBasis == .plan || (judgement.projectionBasis == nil && target.kind == .countPerSchoolYear)
                ? min(SchoolYear(containing: asOf).lastDay, target.deadline) : target.deadline
            projection = [Point(day: asOf, value: value), Point(day: projectionEnd, value: projected)]
        } else {
            projection = []
        }
    }

    /// The line for a rule that returns none of its own: from baseline to target, or per school year.
    private static func defaultPath(_ target: Target) -> [[Point]] {
        switch target.kind {
        case .countPerSchoolYear:
            SchoolYear.between(target.baselineDate, target.deadline).map { year in
                [Point(day: max(year.firstDay, target.baselineDate), value: 0), Point(day: min(year.lastDay, target.deadline), value: target.targetValue)]
            }
        case .indicatorEveryPeriod:
            [[Point(day: target.baselineDate, value: target.targetValue), Point(day: target.deadline, value: target.targetValue)]]
        case .cumulativeCount, .coverage, .milestones, .indicatorLevel, .indicatorImprovement:
            [[Point(day: target.baselineDate, value: target.baselineValue ?? 0), Point(day: target.deadline, value: target.targetValue)]]
        }
    }

    /// Where the expected path is on `day`: on the segment that holds it, straight between its
    /// points; `nil` when no segment holds the day.
    public func expected(on day: Day) -> Double? {
        for segment in expectedPath {
            for (a, b) in zip(segment, segment.dropFirst()) where a.day <= day && day <= b.day {
                let span = a.day.days(to: b.day)
                return span == 0 ? b.value : a.value + (b.value - a.value) * Double(a.day.days(to: day)) / Double(span)
            }
        }
        return nil
    }
}
