import ReportModel

/// One output format. Each format lives in a file of its own behind this protocol, so that a new
/// format is one new file and the report model never learns how it is drawn.
public protocol Reporter: Sendable {
    /// The files this format writes, with paths relative to the output folder.
    func render(_ report: Report) throws -> [RenderedFile]
}

/// A file a reporter made, not yet written.
public struct RenderedFile: Sendable, Equatable {
    /// Relative to the output folder, with `/` between folders (`schools/school-mundus.html`).
    public var path: String
    public var contents: [UInt8]

    public init(path: String, contents: [UInt8]) {
        self.path = path
        self.contents = contents
    }

    public init(path: String, text: String) {
        self.init(path: path, contents: Array(text.utf8))
    }
}

/// The formats `koers report --format` knows.
public enum ReportFormat: String, CaseIterable, Sendable {
    case html, markdown, json, csv, pdf

    /// The reporter for this format; PDF is printed from the HTML by ``PDFPrinter``.
    public func reporter(templates: TemplateSet) -> (any Reporter)? {
        switch self {
        case .html: HTMLReporter(templates: templates)
        case .markdown: MarkdownReporter(templates: templates)
        case .json: JSONReporter()
        case .csv: CSVReporter()
        case .pdf: nil
        }
    }
}
