import CovenantModel
import Foundation
import ReportModel
import TargetJudgement

/// Draws a target's trajectory as inline SVG: no scripts, no fonts or images to load, and
/// coordinates with one decimal so that the same trajectory gives the same bytes.
struct SVGChart {
    let trajectory: Trajectory
    let status: TargetStatus
    let words: Vocabulary
    let title: String
    /// The highest value the chart shows: a tenth above the highest value drawn.
    private let top: Double

    init(trajectory: Trajectory, status: TargetStatus, words: Vocabulary, title: String) {
        self.trajectory = trajectory
        self.status = status
        self.words = words
        self.title = title
        let values = [trajectory.goal.value] + trajectory.actual.map(\.value) + trajectory.projection.map(\.value)
            + (trajectory.baseline.map { [$0.value] } ?? [])
        let highest = values.max() ?? 1
        top = highest <= 0 ? 1 : highest * 1.1
    }

    /// The colour of each status, shared with the CSS badges.
    static func colour(_ status: TargetStatus) -> String {
        switch status {
        case .achieved: "#1a7f37"
        case .onTrack: "#0969da"
        case .atRisk: "#9a6700"
        case .behind: "#cf222e"
        case .noData: "#6e7781"
        case .error: "#8250df"
        }
    }

    private func x(_ day: Day, left: Double, width: Double) -> Double {
        let span = Double(max(1, trajectory.start.days(to: trajectory.end)))
        return left + width * Double(trajectory.start.days(to: day)) / span
    }

    private func y(_ value: Double, height: Double, bottom: Double) -> Double {
        bottom - height * min(max(value, 0), top) / top
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    private func polyline(_ points: [Trajectory.Point], _ plot: (Trajectory.Point) -> (Double, Double), attributes: String) -> String {
        guard points.count > 1 else { return "" }
        let coordinates = points.map { point in let (px, py) = plot(point); return "\(Self.f(px)),\(Self.f(py))" }
        return "<polyline points=\"\(coordinates.joined(separator: " "))\" fill=\"none\" \(attributes)/>"
    }

    /// The full chart: axes, school years, baseline, goal, expected path, measured values and projection.
    func full() -> String {
        let width = 640.0, height = 230.0
        let left = 44.0, right = 12.0, topMargin = 12.0, bottomMargin = 46.0
        let plotWidth = width - left - right, plotHeight = height - topMargin - bottomMargin
        let bottom = topMargin + plotHeight
        let plot: (Trajectory.Point) -> (Double, Double) = { point in
            (x(point.day, left: left, width: plotWidth), y(point.value, height: plotHeight, bottom: bottom))
        }
        let colour = Self.colour(status)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" class=\"chart\">"
        svg += "<title>\(escape(words.labels["trajectory"]! + ": " + title))</title>"
        // School years as bands with their names.
        for year in SchoolYear.between(trajectory.start, trajectory.end) {
            let from = max(year.firstDay, trajectory.start), to = min(year.lastDay, trajectory.end)
            let x0 = x(from, left: left, width: plotWidth), x1 = x(to, left: left, width: plotWidth)
            if year.startYear % 2 == 0 {
                svg += "<rect x=\"\(Self.f(x0))\" y=\"\(Self.f(topMargin))\" width=\"\(Self.f(x1 - x0))\" height=\"\(Self.f(plotHeight))\" fill=\"#f3f4f6\"/>"
            }
            svg += "<text x=\"\(Self.f((x0 + x1) / 2))\" y=\"\(Self.f(bottom + 14))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#57606a\">\(year)</text>"
        }
        // Value axis: 0 and the goal.
        for value in [0, trajectory.goal.value] {
            let py = y(value, height: plotHeight, bottom: bottom)
            svg += "<line x1=\"\(Self.f(left))\" y1=\"\(Self.f(py))\" x2=\"\(Self.f(left + plotWidth))\" y2=\"\(Self.f(py))\" stroke=\"#d0d7de\" stroke-width=\"1\"/>"
            svg += "<text x=\"\(Self.f(left - 6))\" y=\"\(Self.f(py + 3.5))\" font-size=\"11\" text-anchor=\"end\" fill=\"#57606a\">\(escape(words.number(value)))</text>"
        }
        // The goal, dashed, with its point at the deadline.
        let (goalX, goalY) = plot(trajectory.goal)
        svg += "<line x1=\"\(Self.f(left))\" y1=\"\(Self.f(goalY))\" x2=\"\(Self.f(left + plotWidth))\" y2=\"\(Self.f(goalY))\" stroke=\"#1f2328\" stroke-width=\"1\" stroke-dasharray=\"6 4\"/>"
        svg += "<circle cx=\"\(Self.f(goalX))\" cy=\"\(Self.f(goalY))\" r=\"4\" fill=\"#1f2328\"/>"
        for line in trajectory.expectedPath {
            svg += polyline(line, plot, attributes: "stroke=\"#8c959f\" stroke-width=\"1.5\"")
        }
        // A share measured once a year was compared with the line on the day of its newest
        // measurement: mark that point, so the chart shows what the status compared.
        if trajectory.expectedOn != trajectory.asOf, let compared = trajectory.expected(on: trajectory.expectedOn) {
            let (cx, cy) = plot(Trajectory.Point(day: trajectory.expectedOn, value: compared))
            svg += "<circle cx=\"\(Self.f(cx))\" cy=\"\(Self.f(cy))\" r=\"3.5\" fill=\"#ffffff\" stroke=\"#57606a\" stroke-width=\"1.5\"/>"
        }
        if let baseline = trajectory.baseline {
            let (bx, by) = plot(baseline)
            svg += "<rect x=\"\(Self.f(bx - 4))\" y=\"\(Self.f(by - 4))\" width=\"8\" height=\"8\" fill=\"#57606a\"/>"
        }
        svg += polyline(trajectory.projection, plot, attributes: "stroke=\"\(colour)\" stroke-width=\"2\" stroke-dasharray=\"2 3\"")
        svg += polyline(trajectory.actual, plot, attributes: "stroke=\"\(colour)\" stroke-width=\"2.5\"")
        if let last = trajectory.actual.last {
            let (lx, ly) = plot(last)
            svg += "<circle cx=\"\(Self.f(lx))\" cy=\"\(Self.f(ly))\" r=\"4\" fill=\"\(colour)\"/>"
        }
        // The evaluation date.
        let asOfX = x(trajectory.asOf, left: left, width: plotWidth)
        svg += "<line x1=\"\(Self.f(asOfX))\" y1=\"\(Self.f(topMargin))\" x2=\"\(Self.f(asOfX))\" y2=\"\(Self.f(bottom))\" stroke=\"\(colour)\" stroke-width=\"1\" stroke-dasharray=\"1 2\"/>"
        // Legend.
        let legend: [(String, String)] = [
            ("legendActual", "stroke=\"\(colour)\" stroke-width=\"2.5\""),
            ("legendExpected", "stroke=\"#8c959f\" stroke-width=\"1.5\""),
            ("legendGoal", "stroke=\"#1f2328\" stroke-dasharray=\"6 4\""),
            ("legendProjection", "stroke=\"\(colour)\" stroke-width=\"2\" stroke-dasharray=\"2 3\""),
        ]
        var legendX = left
        for (key, style) in legend {
            let label = escape(words.labels[key]!)
            svg += "<line x1=\"\(Self.f(legendX))\" y1=\"\(Self.f(height - 10))\" x2=\"\(Self.f(legendX + 18))\" y2=\"\(Self.f(height - 10))\" \(style)/>"
            svg += "<text x=\"\(Self.f(legendX + 22))\" y=\"\(Self.f(height - 6.5))\" font-size=\"11\" fill=\"#1f2328\">\(label)</text>"
            legendX += 30 + Double(label.count) * 6.2
        }
        return svg + "</svg>"
    }

    /// A small line for the overview: measured values against the goal.
    func sparkline() -> String {
        let width = 120.0, height = 28.0, margin = 3.0
        let bottom = height - margin
        let plot: (Trajectory.Point) -> (Double, Double) = { point in
            (x(point.day, left: margin, width: width - 2 * margin), y(point.value, height: height - 2 * margin, bottom: bottom))
        }
        let colour = Self.colour(status)
        let (_, goalY) = plot(trajectory.goal)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" class=\"spark\" aria-hidden=\"true\">"
        svg += "<line x1=\"\(Self.f(margin))\" y1=\"\(Self.f(goalY))\" x2=\"\(Self.f(width - margin))\" y2=\"\(Self.f(goalY))\" stroke=\"#8c959f\" stroke-width=\"1\" stroke-dasharray=\"3 2\"/>"
        for line in trajectory.expectedPath {
            svg += polyline(line, plot, attributes: "stroke=\"#d0d7de\" stroke-width=\"1\"")
        }
        svg += polyline(trajectory.actual, plot, attributes: "stroke=\"\(colour)\" stroke-width=\"2\"")
        if let last = trajectory.actual.last {
            let (lx, ly) = plot(last)
            svg += "<circle cx=\"\(Self.f(lx))\" cy=\"\(Self.f(ly))\" r=\"2.5\" fill=\"\(colour)\"/>"
        }
        return svg + "</svg>"
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
